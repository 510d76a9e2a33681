"""Charts for the report pages, drawn at build time as self-contained SVG (no script, no network)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

_STYLE = Style(
    background="white",
    plot_background="white",
    font_family="system-ui, sans-serif",
    colors=("#3f51b5", "#e53935", "#fb8c00", "#8e24aa", "#43a047"),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=16,
)


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[int | None]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
) -> str:
    """A bar chart as SVG text; a None value (a suppressed count) is left out of the plot."""
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }[(horizontal, stacked)]
    chart = kind(
        title=title,
        style=_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=800,
        height=max(360, 36 * len(labels)) if horizontal else 400,
        print_values=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        truncate_label=-1,
        x_label_rotation=0 if horizontal else 20,
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    svg: str = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", svg)  # pygal's tooltip script: not needed for a static image
    return _STAMP.sub("", svg)  # the build date: public files carry no date finer than a month


_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
_STAMP = re.compile(r"<!--Generated with pygal[^>]*-->")

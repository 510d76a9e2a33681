"""Charts for the report pages, drawn at build time as self-contained SVG (no script, no network).

Counts of disputes are whole numbers, so the value axis has whole-number ticks only; each
series has the same colour on every chart (resolved and met green, overdue and breached red);
text is set large enough to read when a phone shrinks the chart to its width.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

# The same meaning, the same colour, on every chart (colour-blind safe where it matters:
# green and red series are also told apart by their legend and their order).
SERIES_COLOURS = {
    "Reached": "#1d70b8",
    "Resolved": "#00703c",
    "Resolved at": "#00703c",
    "Met": "#00703c",
    "Open": "#f47738",
    "Pending": "#f47738",
    "Breached": "#d4351c",
    "Overdue": "#942514",
    "Withdrawn": "#505a5f",
    "Opened": "#1d70b8",
    "Challenger": "#1d70b8",
    "Challenged": "#912b88",
    "Disputes": "#1d70b8",
}
FALLBACK = ("#1d70b8", "#912b88", "#f47738", "#505a5f", "#28a197")
WIDTH = 640  # drawn narrow and large-lettered: a phone shows it at about half size


def _style(names: Sequence[str]) -> Style:
    colours = tuple(
        SERIES_COLOURS.get(name, FALLBACK[index % len(FALLBACK)])
        for index, name in enumerate(names)
    )
    return Style(
        background="white",
        plot_background="white",
        font_family="system-ui, sans-serif",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        colors=colours,
        label_font_size=17,
        major_label_font_size=17,
        value_font_size=16,
        legend_font_size=17,
        title_font_size=20,
        tooltip_font_size=16,
    )


def whole_ticks(series: Mapping[str, Sequence[int | None]], *, stacked: bool) -> list[int]:
    """Whole-number ticks from 0 to at least the largest bar: never 0.2 ... 2.8 disputes."""
    values = [list(v) for v in series.values()]
    if stacked and values:
        top = max((sum(v[i] or 0 for v in values) for i in range(len(values[0]))), default=0)
    else:
        top = max((x or 0 for v in values for x in v), default=0)
    step = max(1, math.ceil(top / 8))
    return list(range(0, max(top, 1) + step, step))


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[int | None]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
) -> str:
    """A bar chart as SVG text; a None value (a suppressed count) is left out of the plot.

    Labels too long to stand side by side under their bars turn the chart on its side, so
    no two labels ever overlap.
    """
    if not horizontal and labels and max(map(len, labels)) * 10 > (WIDTH - 80) / len(labels):
        horizontal = True
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }[(horizontal, stacked)]
    chart = kind(
        title=title,
        style=_style(list(series)),
        js=[],
        disable_xml_declaration=True,
        width=WIDTH,
        height=max(400, 44 * len(labels)) if horizontal else 440,
        print_values=not stacked,  # stacked values overlap in thin segments; the table has them
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4),
        truncate_label=-1,
        truncate_legend=-1,
        x_label_rotation=0 if horizontal or len(labels) <= 5 else 30,
        y_labels=whole_ticks(series, stacked=stacked),
        y_labels_major_every=None,
        show_minor_y_labels=True,
        value_formatter=lambda v: f"{v:.0f}",
    )
    # pygal names each chart by a random id: named by what it shows, a build is the same
    # each time (tests/test_site_twice.py compares two builds file by file).
    chart.uuid = hashlib.sha256(repr((title, labels, dict(series))).encode()).hexdigest()[:32]
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    svg: str = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", svg)  # pygal's tooltip script: not needed for a static image
    return _STAMP.sub("", svg)  # the build date: public files carry no date finer than a month


_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
_STAMP = re.compile(r"<!--Generated with pygal[^>]*-->")

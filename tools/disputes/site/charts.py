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
# A count the public site withholds ("fewer than 5" or "withheld") is never drawn as a zero
# or left blank: its place holds a hatched bar (marked "withheld" where there is room), one
# tick high whatever the count (half a tick in a stack: its height is not the count), and the
# legend says what the hatching means.
WITHHELD = "Withheld, not zero"
HATCH = "url(#withheld)"
SERIES_COLOURS[WITHHELD] = HATCH
_PATTERN = (
    '<pattern id="withheld" width="10" height="10" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="10" height="10" fill="#ffffff"/>'
    '<rect width="4" height="10" fill="#505a5f"/></pattern>'
)
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
    """A bar chart as SVG text; a None value (a count withheld) is drawn as a hatched bar
    marked "withheld", never as a zero or a gap.

    Labels too long to stand side by side under their bars turn the chart on its side, so
    no two labels ever overlap.
    """
    hidden = any(v is None for values in series.values() for v in values)
    band, ticks = _withheld_band(series, stacked=stacked)
    names = [*series, WITHHELD] if hidden else list(series)
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
        style=_style(names),
        js=[],
        disable_xml_declaration=True,
        width=WIDTH,
        height=max(400, 44 * len(labels)) if horizontal else 440,
        print_values=not stacked,  # stacked values overlap in thin segments; the table has them
        print_labels=hidden and (stacked or horizontal),  # room for "withheld" on the bar
        show_legend=len(names) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(names), 3 if hidden else 4),
        truncate_label=-1,
        truncate_legend=-1,
        x_label_rotation=0 if horizontal or len(labels) <= 5 else 30,
        y_labels=ticks,
        y_labels_major_every=None,
        show_minor_y_labels=True,
        value_formatter=lambda v: f"{v:.0f}",
    )
    # pygal names each chart by a random id: named by what it shows, a build is the same
    # each time (tests/test_site_twice.py compares two builds file by file).
    chart.uuid = hashlib.sha256(repr((title, labels, dict(series))).encode()).hexdigest()[:32]
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, [_withheld(band) if v is None else v for v in values])
    if hidden:
        chart.add(WITHHELD, [None] * len(labels))  # its legend entry only
    svg: str = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", svg)  # pygal's tooltip script: not needed for a static image
    if hidden:  # the hatching, and no empty value text where a withheld bar stands
        svg = _EMPTY_VALUE.sub("", svg.replace("<defs>", f"<defs>{_PATTERN}", 1))
    return _STAMP.sub("", svg)  # the build date: public files carry no date finer than a month


def _withheld_band(
    series: Mapping[str, Sequence[int | None]], *, stacked: bool
) -> tuple[int, list[int]]:
    """The height of a withheld count's bar (a tick; half of one in a stack) and the value
    axis's ticks with those bars drawn."""
    ticks = whole_ticks(series, stacked=stacked)
    band = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    band = max(1, band // 2) if stacked else band
    plotted = {name: [band if v is None else v for v in values] for name, values in series.items()}
    return band, whole_ticks(plotted, stacked=stacked)


def _withheld(band: int) -> dict[str, object]:
    """A withheld count's bar: hatched, labelled "withheld", its height saying nothing."""
    return {
        "value": band,
        "label": "withheld",
        "formatter": lambda _value: "",  # no number printed: the height is not the count
        "style": f"fill: {HATCH}; fill-opacity: 1; stroke: #0b0c0c; stroke-width: 1",
    }


_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)
_EMPTY_VALUE = re.compile(r'<(text|desc)\b[^>]*class="value[^"]*"[^>]*></\1>')
_STAMP = re.compile(r"<!--Generated with pygal[^>]*-->")

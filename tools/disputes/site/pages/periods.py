"""The report pages for all time, each year and each quarter (internal).

Every period is a page of its own, drawn at build time: `/reports/stages/` is all time,
`/reports/2026/stages/` a year and `/reports/2026-q3/stages/` a quarter. The choice lives in
the address, works offline and without a script, and each page links its figures to the
register filtered to that period too. The public profile has no periods: it publishes one
period only, because a year beside its quarters would let small counts be worked out by
subtraction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from disputes.disclosure.counts import Counts, report_counts
from disputes.records.dates import long_date
from disputes.site.data import SiteData
from disputes.site.markup import HtmlStash, esc, inline
from disputes.site.pages.breakdowns import agencies_page, categories_page
from disputes.site.pages.reports import PUBLIC, Page, View, stages_page, timescales_page
from disputes.site.pages.trends import Period, periods

PAGES: dict[str, Callable[[dict[str, Any], Counts, View], Page]] = {
    "stages": stages_page,
    "timescales": timescales_page,
    "agencies": agencies_page,
    "categories": categories_page,
}


def report_periods(data: SiteData) -> list[Period]:
    """Every year, then every quarter, from the first dispute opened to today, latest first."""
    found: list[Period] = []
    for by in ("year", "quarter"):
        found += reversed(periods(data.records, data.today, by=by))
    return found


def report_pages(data: SiteData, keep: HtmlStash | None = None) -> dict[str, str]:
    """Every report page of every period, and their charts and CSV: {path under reports/: text}.
    Their tables and period choices go into `keep`, if given, and their pages hold
    placeholders (see markup.HtmlStash)."""
    chosen = report_periods(data)
    keep_html = keep or inline
    files: dict[str, str] = {}
    for period in [None, *chosen]:
        if period is None:
            report, folder = data.report, ""
        else:
            report = data.period_report(period.start, period.end)
            folder = f"{period.folder}/"
        counts = report_counts(report, public=False)
        for name, draw in PAGES.items():
            choice = keep_html(picker(period, chosen, name))
            markdown, beside = draw(report, counts, _view(period, choice, keep_html))
            files[f"{folder}{name}.md"] = _front(period) + markdown
            files.update({f"{folder}{path}": text for path, text in beside.items()})
    return files


def published_pages(report: dict[str, Any], counts: Counts) -> dict[str, str]:
    """The public profile's report pages: its one published period, no links, no choice."""
    files: dict[str, str] = {}
    for name, draw in PAGES.items():
        markdown, beside = draw(report, counts, PUBLIC)
        files[f"{name}.md"] = markdown
        files.update(beside)
    return files


def _view(period: Period | None, chooser: str, keep: Callable[[str], str]) -> View:
    if period is None:
        return View(picker=chooser, keep=keep)
    return View("../../../", period.filters, chooser, f"-{period.folder}", False, keep)


def _front(period: Period | None) -> str:
    """A period's pages stay out of the search index: searching finds the all-time page."""
    return "" if period is None else "---\nsearch:\n  exclude: true\n---\n\n"


def picker(current: Period | None, chosen: list[Period], name: str) -> str:
    """The period choice: all time and the years, then the quarters of the year in view.
    Links are relative to the page, so the site works from any folder, or from files."""
    up = "../" if current is None else "../../"  # from the page's folder to reports/

    def item(period: Period | None, text: str) -> str:
        href = f"{up}{period.folder + '/' if period else ''}{name}/"
        here = ' aria-current="page"' if period == current else ""
        return f'<li><a href="{href}"{here}>{esc(text)}</a></li>'

    years = [p for p in chosen if " " not in p.label]
    rows = [item(None, "All time"), *(item(p, p.label) for p in years)]
    lists = f'<ul class="period-list" aria-label="Years">{"".join(rows)}</ul>'
    if current is not None:
        quarters = sorted(
            (p for p in chosen if " " in p.label and p.label[:4] == current.label[:4]),
            key=lambda p: p.start,
        )
        lists += (
            f'<ul class="period-list" aria-label="Quarters of {current.label[:4]}">'
            + "".join(item(p, p.label) for p in quarters)
            + "</ul>"
        )
    shown = (
        "all disputes in the register"
        if current is None
        else (f"disputes opened in {current.label} ({_day(current.start)} to {_day(current.end)})")
    )
    charts = "" if current is None else " Tables only: the charts are on All time and Trends."
    return (
        '<nav class="period-picker" aria-label="Period of the figures">'
        f'<p class="period-now">Showing <strong>{esc(shown)}</strong>.{charts} '
        "Choose a period:</p>"
        f"{lists}</nav>"
    )


_day = long_date

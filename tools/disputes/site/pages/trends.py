"""Trends for a board paper (internal): each quarter and year side by side, with the same
measures as `disputes report`, and every report table as a CSV file to download."""

from __future__ import annotations

from datetime import date
from typing import Any

from disputes.records.model import Record
from disputes.report.build import build_report
from disputes.report.kept import KEPT_DEFINITION, kept_counts
from disputes.report.render import csv_text, report_csv_files
from disputes.site.charts import bar_chart
from disputes.site.data import SiteData
from disputes.site.markup import esc, link, page, table

HEADER = [
    "Period",
    "Opened",
    "Resolved",
    "Withdrawn",
    "Still open",
    "Median days to resolution",
    "90th percentile (days)",
    "Median working days",
    "Timescales kept (stages 3 to 5)",
]


def periods(records: list[Record], today: date, *, by: str) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of each quarter or year from the first record to today."""
    if not records:
        return []
    first = min(r.opened for r in records)
    result = []
    year, quarter = first.year, (first.month - 1) // 3
    while date(year, quarter * 3 + 1, 1) <= today:
        if by == "year":
            result.append((str(year), date(year, 1, 1), date(year, 12, 31)))
            year, quarter = year + 1, 0
            continue
        start = date(year, quarter * 3 + 1, 1)
        end = date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1).toordinal() - 1
        result.append((f"{year} Q{quarter + 1}", start, date.fromordinal(end)))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return result


def trend_rows(data: SiteData, *, by: str) -> list[list[Any]]:
    """One row per period of the records opened in it, measured as `disputes report` does."""
    rows = []
    for label, start, end in periods(data.records, data.today, by=by):
        report = build_report(
            data.records, data.policy, data.today, opened_from=start, opened_to=end
        )
        days = report["days_to_resolution"]
        kept, counted = (
            sum(x) for x in zip(*(kept_counts(c) for c in report["timescales"].values()), strict=True)
        )
        totals = report["totals"]
        rows.append(
            [
                label,
                totals["records"],
                totals["resolved"],
                totals["withdrawn"],
                totals["open"],
                _blank(days["median"]),
                _blank(days["p90"]),
                _blank(days["working_days"]["median"]),
                f"{round(100 * kept / counted)}% ({kept} of {counted})" if counted else "",
            ]
        )
    return rows


def _blank(value: Any) -> Any:
    return "" if value is None else value


def trends_page(data: SiteData) -> tuple[str, dict[str, str]]:
    """The page's Markdown, and its files: {path under reports/: text} (charts and CSV)."""
    files: dict[str, str] = {}
    parts = [
        f"Figures as of {data.today.isoformat()}, for the disputes opened in each period. "
        "Days to resolution count calendar days from opening; working days leave out "
        "weekends and bank holidays. " + KEPT_DEFINITION,
    ]
    for by, title in (("quarter", "By quarter"), ("year", "By year")):
        rows = trend_rows(data, by=by)
        files[f"csv/trends-by-{by}.csv"] = csv_text(HEADER, rows)
        files[f"charts/trends-{by}.svg"] = bar_chart(
            f"Disputes opened and resolved, {title.lower()}",
            [row[0] for row in rows],
            {"Opened": [row[1] for row in rows], "Resolved": [row[2] for row in rows]},
        )
        cells = [[_period_link(row[0], by), *(esc(c) for c in row[1:])] for row in rows]
        parts += [
            f"## {title}",
            table(HEADER, cells, attrs=f'id="trends-{by}"'),
            f"![Bar chart: disputes opened and resolved, {title.lower()}]"
            f"(charts/trends-{by}.svg){{ .chart }}",
            f"[Download this table as CSV](csv/trends-by-{by}.csv)",
        ]
    downloads = []
    for name, text in report_csv_files(data.report).items():
        files[f"csv/{name}"] = text
        downloads.append(f"- [{name.removesuffix('.csv').replace('_', ' ').capitalize()}](csv/{name})")
    parts += ["## Every report table as CSV", "\n".join(downloads)]
    front = "---\nhide: [toc]\n---\n\n"  # wide tables need the room
    return front + page("Trends", *parts), files


def _period_link(label: str, by: str) -> str:
    """A year opens the register filtered to it; a quarter is shown as text."""
    if by == "year":
        return link(f"../../register/?year={label}", label)
    return esc(label)

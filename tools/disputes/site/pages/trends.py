"""Trends for a board paper (internal): each quarter and year side by side, with the same
measures as `disputes report`, and every report table as a CSV file to download."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from disputes.records.model import Record
from disputes.report.kept import KEPT_DEFINITION, kept_counts
from disputes.site.charts import bar_chart
from disputes.site.data import SiteData
from disputes.site.figures import Figure, Link, ReportTable
from disputes.site.markup import page
from disputes.site.pages.reports import Drawn, View

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


class Period(NamedTuple):
    """A year or a quarter: its words, first and last day, folder and register filter."""

    label: str  # "2026" or "2026 Q3"
    start: date
    end: date

    @property
    def folder(self) -> str:
        """Its folder under reports/: "2026" or "2026-q3"."""
        return self.label.lower().replace(" ", "-")

    @property
    def filters(self) -> dict[str, str]:
        """The register's filter for the disputes opened in it (register.js)."""
        if " " in self.label:
            return {"quarter": self.label.replace(" ", "-")}
        return {"year": self.label}


def periods(records: list[Record], today: date, *, by: str) -> list[Period]:
    """Each quarter or year from the first record to today."""
    if not records:
        return []
    first = min(r.opened for r in records)
    result = []
    year, quarter = first.year, (first.month - 1) // 3
    while date(year, quarter * 3 + 1, 1) <= today:
        if by == "year":
            result.append(Period(str(year), date(year, 1, 1), date(year, 12, 31)))
            year, quarter = year + 1, 0
            continue
        start = date(year, quarter * 3 + 1, 1)
        end = date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1).toordinal() - 1
        result.append(Period(f"{year} Q{quarter + 1}", start, date.fromordinal(end)))
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return result


def trend_rows(data: SiteData, *, by: str) -> list[list[Any]]:
    """One row per period of the records opened in it, measured as `disputes report` does."""
    rows = []
    for period in periods(data.records, data.today, by=by):
        report = data.period_report(period.start, period.end)
        days = report["days_to_resolution"]
        kept, counted = (
            sum(x)
            for x in zip(*(kept_counts(c) for c in report["timescales"].values()), strict=True)
        )
        totals = report["totals"]
        rows.append(
            [
                period,
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


def trends_page(data: SiteData, tables: list[str]) -> tuple[str, dict[str, str]]:
    """The page's Markdown, and its files: {path under reports/: text} (charts and CSV).
    `tables` are the report pages' CSV files (csv/<name>.csv), gathered here for a board."""
    draw = Drawn(View())
    parts = [
        f"Figures as of {data.today.isoformat()}, for the disputes opened in each period. "
        "Days to resolution count calendar days from opening; working days leave out "
        "weekends and bank holidays. " + KEPT_DEFINITION + " Choose a period to see its "
        "report; choose a count to list those disputes in the register.",
    ]
    for by, title in (("quarter", "By quarter"), ("year", "By year")):
        rows = trend_rows(data, by=by)
        draw.files[f"charts/trends-{by}.svg"] = bar_chart(
            f"Disputes opened and resolved, {title.lower()}",
            [row[0].label for row in rows],
            {"Opened": [row[1] for row in rows], "Resolved": [row[2] for row in rows]},
        )
        parts += [
            f"## {title}",
            draw(
                ReportTable(
                    f"trends-by-{by}",
                    HEADER,
                    [_linked(row) for row in rows],
                    attrs=f'id="trends-{by}"',
                )
            ),
            f"![Bar chart: disputes opened and resolved, {title.lower()}]"
            f"(charts/trends-{by}.svg){{ .chart }}",
        ]
    downloads = [
        f"- [{path.removeprefix('csv/').removesuffix('.csv').replace('-', ' ').capitalize()}]"
        f"({path})"
        for path in [*tables, *(p for p in draw.files if p.startswith("csv/"))]
    ]
    parts += ["## Every report table as CSV", "\n".join(downloads)]
    front = "---\nhide: [toc]\n---\n\n"  # wide tables need the room
    return front + page("Trends", *parts), draw.files


def _linked(row: list[Any]) -> list[Any]:
    """A period's counts as figures that list their disputes in the register; the period
    itself links to its Stages report."""
    period: Period = row[0]
    statuses = ("", "resolved", "withdrawn", "open")
    counts = [
        Figure(str(n), n, {**period.filters, "status": status})
        for n, status in zip(row[1:5], statuses, strict=True)
    ]
    return [Link(period.label, f"../{period.folder}/stages/"), *counts, *row[5:]]

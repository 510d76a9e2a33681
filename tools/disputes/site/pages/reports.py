"""The monitoring report pages: tables and charts from the same report as `disputes report`.

Each table is data (site/figures.py): drawn as HTML with its counts linked to the register
(internal), and as the CSV offered right below it. A page is drawn for a `View`: all time or
one period (internal), or the public profile's one published period (no links).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from disputes.disclosure.counts import OUTCOMES, STAGES, TIMESCALE_STAGES, Counts
from disputes.report.kept import KEPT_DEFINITION, kept_share
from disputes.report.tables import stage_name
from disputes.site.charts import bar_chart
from disputes.site.figures import ReportTable, figure, table_csv, table_parts
from disputes.site.markup import esc, inline, link, page, table

Files = dict[str, str]  # {path beside the page: text}: charts/<name>.svg, csv/<name>.csv
Page = tuple[str, Files]  # Markdown, and the files it shows or offers

PUBLIC_NOTE = (
    '!!! note "Published figures"\n    Disputes opened {period}, as they stood at the end of that '
    "quarter. Only this one period is published: figures for single years or quarters are "
    "not, because a year and its quarters side by side would let small counts be worked out "
    "by subtraction. **fewer than 5**: a count from 1 to 4 (or, rarely, a 0 hidden to protect "
    "one). **withheld**: a count of 5 or more held back "
    'so that a "fewer than 5" count cannot be worked out from the totals and the other tables. '
    "Charts draw both as a hatched bar marked withheld, never as a zero. No details of any single dispute are published. "
    "[How these figures protect privacy](../about.md)"
)
PAGED = 50  # rows a long table shows at a time in the browser (assets/pager.js)
CHART_GAP = (
    '*The counts shown above as "fewer than 5" or "withheld" are drawn as hatched bars '
    '(key: "Withheld, not zero"): their height is not the count, which is not published.*'
)


@dataclass(frozen=True)
class View:
    """Where a report page is drawn: `root` leads back to the site's root for links into the
    register (None on the public site: it has no register), `scope` is the register filter
    of the period shown, `picker` the period choice (HTML) and `suffix` names its files;
    `keep` takes each table's HTML (markup.HtmlStash keeps it out of Markdown's way)."""

    root: str | None = "../../"
    scope: Mapping[str, str] = field(default_factory=dict)
    picker: str = ""
    suffix: str = ""
    charts: bool = True  # a period's page shows its tables only: charts cost build time
    keep: Callable[[str], str] = inline


PUBLIC = View(root=None)


class Drawn:
    """A page's tables drawn for one view, with their CSV files collected as they go."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.files: Files = {}

    def __call__(self, data: ReportTable) -> str:
        """The table and its download link; its CSV kept for the page's files."""
        return self.only_shown(data, data.rows)

    def only_shown(self, data: ReportTable, shown: list[list[Any]]) -> str:
        """The table with the `shown` rows on the page; its CSV keeps every row."""
        self.files[f"csv/{data.name}.csv"] = table_csv(data)
        view = self.view
        return table_parts(replace(data, rows=shown), view.root, view.scope, view.suffix, view.keep)

    def chart(
        self, name: str, alt: str, svg: Callable[[], str], counts: Counts, cells: list
    ) -> str:
        """A chart image (drawn only if this view shows charts); says so below it when it
        leaves hidden counts out."""
        if not self.view.charts:
            return ""
        self.files[f"charts/{name}.svg"] = svg()
        image = f"![{alt}](charts/{name}.svg){{ .chart }}"
        return f"{image}\n\n{CHART_GAP}" if counts.any_hidden(cells) else image


def note(counts: Counts, report: dict[str, Any], view: View) -> str:
    """What the figures cover: the public's one period, or the as-of date and period choice."""
    if counts.public:  # the public sees the reporting period, never a day
        period = report.get("period", {}).get("label", "")
        return PUBLIC_NOTE.format(period=esc(period))
    as_of = f"Figures as of {report['as_of']}." if report.get("as_of") else ""
    return "\n\n".join(p for p in (view.picker, as_of) if p)


def stages_page(report: dict[str, Any], counts: Counts, view: View = PUBLIC) -> Page:
    """Which stage disputes reached, were resolved at, and are open at."""
    draw = Drawn(view)
    rows: list[list[Any]] = [
        [
            s,
            stage_name(report, s),
            figure(counts, ("stages", s, "reached"), reached=s),
            figure(counts, ("stages", s, "resolved"), status="resolved", stage=s),
            figure(counts, ("stages", s, "open"), status="open", stage=s),
        ]
        for s in STAGES
    ]
    body = page(
        "Stages",
        note(counts, report, view),
        "How far disputes went under the policy: the stages they reached, the stage they "
        "were resolved at, and where open disputes are now.",
        draw(ReportTable("stages", ["Stage", "Who", "Reached", "Resolved at", "Open at"], rows)),
        draw.chart(
            "stages",
            "Bar chart of disputes reached, resolved and open by stage",
            lambda: bar_chart(
                "Disputes by stage",
                [f"Stage {s}" for s in STAGES],
                {
                    k.capitalize(): [counts.plotted("stages", s, k) for s in STAGES]
                    for k in ("reached", "resolved", "open")
                },
            ),
            counts,
            [("stages", s, k) for s in STAGES for k in ("reached", "resolved", "open")],
        ),
        "## Days from opening to resolution",
        draw(_days_table(report, counts)),
    )
    return body, draw.files


def _days_table(report: dict[str, Any], counts: Counts) -> ReportTable:
    by_stage = report["days_to_resolution"]["by_stage"]
    rows: list[list[Any]] = []
    for stage in STAGES:
        row = by_stage.get(stage, {"count": 0, "median": None, "max": None})
        resolved = figure(counts, ("stages", stage, "resolved"), status="resolved", stage=stage)
        if counts.public:  # a median of few cases, or a maximum, describes single cases
            shown = row["count"] >= 5 and row["median"] is not None
            rows.append([stage, resolved, row["median"] if shown else "not shown"])
        else:
            rows.append([stage, resolved, row["median"], row["max"]])
    headers = ["Resolved at stage", "Disputes", "Median days"]
    return ReportTable(
        "days-to-resolution", headers if counts.public else [*headers, "Longest"], rows
    )


def timescales_page(report: dict[str, Any], counts: Counts, view: View = PUBLIC) -> Page:
    """Whether each stage's timescale was kept."""
    draw = Drawn(view)
    rules = report["timescale_rules"]
    rows: list[list[Any]] = [
        [s, rules.get(s, {}).get("allowance", "")]
        + [figure(counts, ("timescales", s, o), timescale=f"{s}-{o}") for o in OUTCOMES]
        + ([] if counts.public else [kept_share(report["timescales"].get(s, {}))])
        for s in TIMESCALE_STAGES
    ]
    rules_text = "\n".join(
        f"- **Stage {s}**: {esc(rules[s].get('description', ''))}"
        + (
            f" Waiting for a group date: {esc(rules[s]['waiting'])}"
            if rules[s].get("waiting")
            else ""
        )
        for s in TIMESCALE_STAGES
        if s in rules
    )
    headers = ["Stage", "Timescale", "Met", "Breached", "Pending", "Overdue"]
    body = page(
        "Timescales",
        note(counts, report, view),
        "**Met**: done by the deadline. **Breached**: done after it. **Pending**: not done, "
        "deadline not passed. **Overdue**: not done, deadline passed."
        + ("" if counts.public else f" **{KEPT_DEFINITION.replace(': ', '**: ', 1)}"),
        draw(ReportTable("timescales", headers + ([] if counts.public else ["Kept"]), rows)),
        draw.chart(
            "timescales",
            "Stacked bar chart of timescales met, breached, pending and overdue",
            lambda: bar_chart(
                "Timescales kept",
                [f"Stage {s}" for s in TIMESCALE_STAGES],
                {
                    o.capitalize(): [counts.plotted("timescales", s, o) for s in TIMESCALE_STAGES]
                    for o in OUTCOMES
                },
                stacked=True,
            ),
            counts,
            [("timescales", s, o) for s in TIMESCALE_STAGES for o in OUTCOMES],
        ),
        rules_text,
    )
    return body, draw.files


def learning_page(report: dict[str, Any]) -> str:
    """What managers said about the policy's effectiveness and how to improve it (internal)."""
    rows = [
        [
            link(f"../../records/{item['id']}/", item["id"]),
            esc(item["effectiveness"]),
            esc(item["suggestions"]),
        ]
        for item in report["learning"]
    ]
    return page(
        "Learning",
        "What the managers who resolved each dispute said about how well the policy worked, "
        "and how it could be improved.",
        # shown a page at a time in the browser (assets/pager.js); printed whole
        table(["Dispute", "Effectiveness", "Suggestions"], rows, attrs=f'data-paged="{PAGED}"'),
    )

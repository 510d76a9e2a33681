"""The monitoring report pages: tables and charts from the same report as `disputes report`."""

from __future__ import annotations

from typing import Any

from disputes.report.kept import KEPT_DEFINITION, kept_share
from disputes.report.tables import stage_name
from disputes.site.charts import bar_chart
from disputes.site.counts import OUTCOMES, STAGES, TIMESCALE_STAGES, Counts
from disputes.site.markup import esc, link, page, table
from disputes.site.words import word

Page = tuple[str, dict[str, str]]  # Markdown, and the charts it shows: {file name: SVG}

PUBLIC_NOTE = (
    '!!! note "Published figures"\n    Disputes opened {period}, as they stood at the end of that '
    "quarter. **fewer than 5**: a count from 1 to 4 (or, rarely, a 0 hidden to protect one). "
    "**withheld**: a count of 5 or more held back "
    'so that a "fewer than 5" count cannot be worked out from the totals and the other tables. '
    "Charts leave both out. No details of any single dispute are published. "
    "[How these figures protect privacy](../about.md)"
)
CHART_GAP = (
    '*The chart leaves out the counts shown above as "fewer than 5" or "withheld"; '
    "their bars are not drawn.*"
)


def _chart(name: str, alt: str, counts: Counts | None = None, cells: list | None = None) -> str:
    image = f"![{alt}](charts/{name}.svg){{ .chart }}"
    if counts is not None and cells and counts.any_hidden(cells):
        return f"{image}\n\n{CHART_GAP}"
    return image


def _note(counts: Counts, report: dict[str, Any] | None = None) -> str:
    if counts.public:  # the public sees the reporting period, never a day
        period = (report or {}).get("period", {}).get("label", "")
        return PUBLIC_NOTE.format(period=esc(period))
    return f"Figures as of {report['as_of']}." if report and report.get("as_of") else ""


def stages_page(report: dict[str, Any], counts: Counts) -> Page:
    """Which stage disputes reached, were resolved at, and are open at."""
    rows = [
        [s, esc(stage_name(report, s))]
        + [counts.shown("stages", s, k) for k in ("reached", "resolved", "open")]
        for s in STAGES
    ]
    svg = bar_chart(
        "Disputes by stage",
        [f"Stage {s}" for s in STAGES],
        {
            k.capitalize(): [counts.plotted("stages", s, k) for s in STAGES]
            for k in ("reached", "resolved", "open")
        },
    )
    days = _days_table(report, counts)
    body = page(
        "Stages",
        _note(counts, report),
        "How far disputes went under the policy: the stages they reached, the stage they "
        "were resolved at, and where open disputes are now.",
        table(["Stage", "Who", "Reached", "Resolved at", "Open at"], rows),
        _chart(
            "stages",
            "Bar chart of disputes reached, resolved and open by stage",
            counts,
            [("stages", s, k) for s in STAGES for k in ("reached", "resolved", "open")],
        ),
        "## Days from opening to resolution",
        days,
    )
    return body, {"stages": svg}


def _days_table(report: dict[str, Any], counts: Counts) -> str:
    by_stage = report["days_to_resolution"]["by_stage"]
    rows = []
    for stage in STAGES:
        row = by_stage.get(stage, {"count": 0, "median": None, "max": None})
        if counts.public:  # a median of few cases, or a maximum, describes single cases
            median = (
                row["median"] if row["count"] >= 5 and row["median"] is not None else "not shown"
            )
            rows.append([stage, counts.shown("stages", stage, "resolved"), esc(median)])
        else:
            rows.append(
                [stage, str(row["count"]), esc(_blank(row["median"])), esc(_blank(row["max"]))]
            )
    headers = ["Resolved at stage", "Disputes", "Median days"]
    return table(headers if counts.public else [*headers, "Longest"], rows)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def timescales_page(report: dict[str, Any], counts: Counts, overdue_links: str = "") -> Page:
    """Whether each stage's timescale was kept."""
    rules = report["timescale_rules"]
    rows = [
        [s, esc(rules.get(s, {}).get("allowance", ""))]
        + [counts.shown("timescales", s, o) for o in OUTCOMES]
        + ([] if counts.public else [esc(kept_share(report["timescales"].get(s, {})))])
        for s in TIMESCALE_STAGES
    ]
    svg = bar_chart(
        "Timescales kept",
        [f"Stage {s}" for s in TIMESCALE_STAGES],
        {
            o.capitalize(): [counts.plotted("timescales", s, o) for s in TIMESCALE_STAGES]
            for o in OUTCOMES
        },
        stacked=True,
    )
    rules_text = "\n".join(
        f"- **Stage {s}**: {esc(rules[s].get('description', ''))}"
        for s in TIMESCALE_STAGES
        if s in rules
    )
    body = page(
        "Timescales",
        _note(counts, report),
        "**Met**: done by the deadline. **Breached**: done after it. **Pending**: not done, "
        "deadline not passed. **Overdue**: not done, deadline passed."
        + ("" if counts.public else f" **{KEPT_DEFINITION.replace(': ', '**: ', 1)}"),
        table(
            ["Stage", "Timescale", "Met", "Breached", "Pending", "Overdue"]
            + ([] if counts.public else ["Kept"]),
            rows,
        ),
        _chart(
            "timescales",
            "Stacked bar chart of timescales met, breached, pending and overdue",
            counts,
            [("timescales", s, o) for s in TIMESCALE_STAGES for o in OUTCOMES],
        ),
        rules_text,
        overdue_links,
    )
    return body, {"timescales": svg}


def agencies_page(report: dict[str, Any], counts: Counts) -> Page:
    """Which agencies challenge and are challenged, and by whom."""
    agencies = sorted(report["agencies"])
    rows = [
        [
            esc(a),
            counts.shown("agencies", a, "challenger"),
            counts.shown("agencies", a, "challenged"),
        ]
        for a in agencies
    ]
    matrix = [[esc(a)] + [counts.shown("matrix", a, b) for b in agencies] for a in agencies]
    svg = bar_chart(
        "Disputes by agency",
        agencies,
        {
            side.capitalize(): [counts.plotted("agencies", a, side) for a in agencies]
            for side in ("challenger", "challenged")
        },
        horizontal=True,
    )
    body = page(
        "Agencies",
        _note(counts, report),
        table(["Agency", "As challenger", "As challenged"], rows),
        _chart(
            "agencies",
            "Bar chart of disputes raised and received by each agency",
            counts,
            [("agencies", a, side) for a in agencies for side in ("challenger", "challenged")],
        ),
        "## Who challenged whom",
        "Rows: the challenging agency. Columns: the challenged agency.",
        table(["Challenger \\ challenged", *agencies], matrix, attrs='id="matrix"'),
    )
    return body, {"agencies": svg}


def categories_page(report: dict[str, Any], counts: Counts) -> Page:
    """What disputes are about, how they ended, the levels of need, and how old open ones are."""
    charts: dict[str, str] = {}
    parts = [_note(counts, report), "A dispute may have more than one category."]
    for section, title in (
        ("categories", "Categories"),
        ("outcomes", "Outcomes"),
        ("levels_of_need", "Levels of need"),
        ("open_by_age", "Open disputes by days since opened"),
    ):
        keys = list(report[section])
        if section == "open_by_age":
            keys = ["0-7", "8-14", "15-30", "31-60", "over 60"]
        rows = [
            [esc(word(k) if section != "open_by_age" else k), counts.shown(section, k)]
            for k in keys
        ]
        labels = keys if section == "open_by_age" else [word(k) for k in keys]
        charts[section] = bar_chart(
            title, labels, {"Disputes": [counts.plotted(section, k) for k in keys]}
        )
        parts += [
            f"## {title}",
            table([title.split(" by ")[0], "Disputes"], rows),
            _chart(section, f"Bar chart: {title.lower()}", counts, [(section, k) for k in keys]),
        ]
    return page("Categories and outcomes", *parts), charts


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
        table(["Dispute", "Effectiveness", "Suggestions"], rows),
    )

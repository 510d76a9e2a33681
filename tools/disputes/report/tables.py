"""The monitoring report as tidy tables: one per section, shared by text and CSV output."""

from __future__ import annotations

from typing import Any

from disputes.report.kept import kept_share

Table = tuple[list[str], list[list[Any]]]

SECTIONS = (
    "totals",
    "stages",
    "timescales",
    "days_to_resolution",
    "open_by_age",
    "agencies",
    "agency_matrix",
    "categories",
    "outcomes",
    "levels_of_need",
    "recording",
    "overdue",
    "learning",
)


def report_tables(report: dict[str, Any]) -> dict[str, Table]:
    """Every section of the report as (header, rows), in reading order."""
    return {name: BUILDERS[name](report) for name in SECTIONS}


def stage_name(report: dict[str, Any], stage: str) -> str:
    """A stage's name, as `policy.yml` gives it."""
    return str(report.get("stage_names", {}).get(stage) or f"Stage {stage}")


def _totals(report: dict[str, Any]) -> Table:
    return ["measure", "count"], [[k, v] for k, v in report["totals"].items()]


def _stages(report: dict[str, Any]) -> Table:
    rows = [
        [s, stage_name(report, s), c["reached"], c["resolved"], c["open"]]
        for s, c in report["stages"].items()
    ]
    return ["stage", "name", "reached", "resolved", "open"], rows


def _timescales(report: dict[str, Any]) -> Table:
    rows = []
    for stage, c in report["timescales"].items():
        rule = report.get("timescale_rules", {}).get(stage, {})
        kept = kept_share(c)  # one definition for the CLI and the site: report/kept.py
        row = [stage, rule.get("allowance", "none set"), c["met"], c["breached"]]
        rows.append(row + [c["pending"], c["overdue"], kept])
    header = ["stage", "timescale", "met", "breached", "pending", "overdue", "kept"]
    return header, rows


def _days(report: dict[str, Any]) -> Table:
    days = report["days_to_resolution"]
    working = days["working_days"]
    rows = [["all stages", days["count"], days["median"], days["p90"], days["max"]]]
    rows.append(["all stages (working days)", working["count"], working["median"]])
    rows[-1] += [working["p90"], working["max"]]
    for stage, s in days["by_stage"].items():
        rows.append([f"resolved at stage {stage}", s["count"], s["median"], "", s["max"]])
    return ["resolved", "count", "median", "p90", "max"], rows


def _counts(key: str, label: str) -> Any:
    def table(report: dict[str, Any]) -> Table:
        return [label, "count"], [[k, v] for k, v in report[key].items()]

    return table


def _agencies(report: dict[str, Any]) -> Table:
    rows = [[a, c["challenger"], c["challenged"]] for a, c in report["agencies"].items()]
    return ["agency", "challenger", "challenged"], rows


def _matrix(report: dict[str, Any]) -> Table:
    rows = [[a, b, n] for a, row in report["agency_matrix"].items() for b, n in row.items() if n]
    return ["challenger", "challenged", "count"], rows


def _overdue(report: dict[str, Any]) -> Table:
    header = ["id", "title", "stage", "deadline", "days_overdue", "challenger", "challenged"]
    return header, [[row[k] for k in header] for row in report["overdue"]]


def _learning(report: dict[str, Any]) -> Table:
    header = ["id", "effectiveness", "suggestions"]
    return header, [[row[k] for k in header] for row in report["learning"]]


BUILDERS = {
    "totals": _totals,
    "stages": _stages,
    "timescales": _timescales,
    "days_to_resolution": _days,
    "open_by_age": _counts("open_by_age", "days_open"),
    "agencies": _agencies,
    "agency_matrix": _matrix,
    "categories": _counts("categories", "category"),
    "outcomes": _counts("outcomes", "outcome"),
    "levels_of_need": _counts("levels_of_need", "level_of_need"),
    "recording": _counts("recording", "fact"),
    "overdue": _overdue,
    "learning": _learning,
}

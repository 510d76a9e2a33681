"""The monitoring report and the overdue list as text, JSON or CSV."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from typing import Any

from disputes.records.dates import long_date
from disputes.records.text import for_terminal
from disputes.report.kept import KEPT_DEFINITION
from disputes.report.spreadsheet import csv_document
from disputes.report.tables import SECTIONS, Table, report_tables

WORDED = ("categories", "outcomes", "levels_of_need", "recording")
TITLES = {
    "stages": "Stage reached and stage resolved",
    "timescales": "Timescales kept",
    "days_to_resolution": "Days from opening to resolution (calendar days unless stated)",
    "open_by_age": "Open disputes by days since opened",
    "agencies": "Disputes by agency",
    "agency_matrix": "Who challenged whom",
    "categories": "What the disputes were about",
    "outcomes": "Outcomes of resolved disputes",
    "levels_of_need": "Level of need",
    "recording": "What the records hold of what the policy asks to be recorded",
    "overdue": "Open disputes past a deadline",
}


def report_json(report: dict[str, Any]) -> str:
    """The report as one JSON object with sorted keys."""
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def report_csv(report: dict[str, Any]) -> str:
    """Every section's table in one stream, each led by a `section` column, blank-line apart."""
    parts = []
    for name, (header, rows) in report_tables(report).items():
        parts.append(csv_document(["section", *header], [[name, *row] for row in rows]))
    return "\r\n".join(parts)


def report_csv_files(report: dict[str, Any]) -> dict[str, str]:
    """One CSV file per section: {"stages.csv": text, ...}."""
    return {f"{name}.csv": csv_document(*table) for name, table in report_tables(report).items()}


NOT_FOR_PUBLICATION = (
    "NOT FOR PUBLICATION: counts of 1 to 4 are not suppressed. For published figures "
    "(a board paper that is made public) use the public release: disputes release YEAR-Qn."
)


def report_text(report: dict[str, Any]) -> str:
    """A plain report for the partnership's own managers, marked not for publication at its
    head and foot (its small counts are not suppressed)."""
    tables = report_tables(report)
    lines = [
        "Resolving professional differences: monitoring report",
        *_wrap(NOT_FOR_PUBLICATION),
        "",
        *_wrap(_scope(report)),
        "",
        "Summary",
        *_wrap(_summary(report), "  "),
    ]
    for name in SECTIONS:
        if name in TITLES:
            header, rows = tables[name]
            if name in WORDED:
                rows = [[_words(row[0]), *row[1:]] for row in rows]
            if name == "overdue":  # titles make the line too wide for a board paper
                keep = [i for i, h in enumerate(header) if h != "title"]
                header, rows = [header[i] for i in keep], [[r[i] for i in keep] for r in rows]
            lines += ["", TITLES[name], *_table_lines((header, rows)), *_notes(name, report)]
    lines += ["", "What people said about the policy", *_learning_lines(report["learning"])]
    lines += ["", *_wrap(NOT_FOR_PUBLICATION)]
    return for_terminal("\n".join(lines) + "\n")


def _words(code: str) -> str:
    """`need-for-action` as "Need for action"."""
    return code.replace("-", " ").capitalize()


def _notes(section: str, report: dict[str, Any]) -> list[str]:
    """The rules behind the timescales table, in the policy's words."""
    if section != "timescales":
        return []
    notes = _wrap(KEPT_DEFINITION, "  ")  # the words and the sum: both in report/kept.py
    for stage, rule in report.get("timescale_rules", {}).items():
        notes += _wrap(f"Stage {stage}: {rule['description'] or rule['allowance']}", "  ")
        if rule.get("waiting"):
            notes += _wrap(f"Stage {stage}, waiting for a group date: {rule['waiting']}", "  ")
    return notes


def _long_date(iso: str) -> str:
    return long_date(date.fromisoformat(iso))


def _scope(report: dict[str, Any]) -> str:
    period = report["period"]
    start, end = period["from"], period["to"]
    if start and end:
        scope = f"Disputes opened from {_long_date(start)} to {_long_date(end)}."
    elif start:
        scope = f"Disputes opened on or after {_long_date(start)}."
    elif end:
        scope = f"Disputes opened on or before {_long_date(end)}."
    else:
        scope = "All disputes in the register."
    return f"{scope} Figures as of {_long_date(report['as_of'])}."


def _summary(report: dict[str, Any]) -> str:
    t = report["totals"]
    days = report["days_to_resolution"]
    text = (
        f"{_n(t['records'], 'dispute')}: {t['open']} open, {t['resolved']} resolved, "
        f"{t['withdrawn']} withdrawn."
    )
    if days["count"]:
        text += (
            f" Resolved disputes took a median of {_n(days['median'], 'day')} from opening "
            f"(9 in 10 within {_n(days['p90'], 'day')}; the longest {_n(days['max'], 'day')})."
        )
    overdue = len({row["id"] for row in report["overdue"]})
    if overdue:
        verb = "is" if overdue == 1 else "are"
        return text + f" {_n(overdue, 'open dispute')} {verb} past a deadline."
    return text + " No open dispute is past a deadline."


def _n(count: Any, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, 78, initial_indent=indent, subsequent_indent=indent)


def _table_lines(table: Table) -> list[str]:
    header, rows = table
    if not rows:
        return ["  None."]
    cells = [[h.replace("_", " ").capitalize() for h in header]]
    cells += [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(_is_number(r[i]) for r in cells[1:]) for i in range(len(header))]
    lines = []
    for row in cells:
        padded = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(row, widths, numeric, strict=True)
        ]
        lines.append(("  " + "  ".join(padded)).rstrip())
    return lines


def _is_number(text: str) -> bool:
    return text == "" or text.rstrip("%").replace(".", "", 1).isdigit()


def _learning_lines(learning: list[dict[str, str]]) -> list[str]:
    if not learning:
        return ["  No comments recorded."]
    lines: list[str] = []
    for entry in learning:
        lines.append(f"  {entry['id']}")
        for label, key in (("How effective", "effectiveness"), ("Suggestions", "suggestions")):
            if entry[key]:
                lines += _wrap(f"{label}: {' '.join(entry[key].split())}", "    ")
    return lines


def overdue_text(rows: list[dict[str, Any]], as_of: str) -> str:
    """The overdue list as an aligned table with a one-line summary."""
    if not rows:
        return f"No open dispute is past a deadline as of {_long_date(as_of)}.\n"
    header = ["id", "stage", "deadline", "days_overdue", "challenger", "challenged", "title"]
    lines = _table_lines((header, [[row[k] for k in header] for row in rows]))
    disputes = len({row["id"] for row in rows})
    summary = f"{_n(disputes, 'open dispute')} past a deadline as of {_long_date(as_of)}."
    return for_terminal("\n".join([*lines, "", summary]) + "\n")


def overdue_json(rows: list[dict[str, Any]], as_of: str) -> str:
    """The overdue list as a JSON list of objects with sorted keys."""
    return json.dumps(rows, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def overdue_csv(rows: list[dict[str, Any]], as_of: str) -> str:
    """The overdue list as one CSV table."""
    header = ["id", "title", "stage", "deadline", "days_overdue", "challenger", "challenged"]
    return csv_document(header, [[row[k] for k in header] for row in rows])


REPORT_RENDERERS = {"text": report_text, "json": report_json, "csv": report_csv}
OVERDUE_RENDERERS = {"text": overdue_text, "json": overdue_json, "csv": overdue_csv}

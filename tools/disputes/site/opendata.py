"""Open data: the public profile's suppressed figures as CSV and JSON, with a versioned schema.

One row per published number, in long form (table, row, column), so a region or a
national body can stack the files of several partnerships and add them up. Hidden
counts have no value, only their marker: the files disclose exactly what the
pages do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from disputes.disclosure.counts import STAGES, Counts
from disputes.disclosure.suppress import THRESHOLD
from disputes.report.spreadsheet import csv_document

SCHEMA_VERSION = "1.0.0"
SCHEMA_NAME = "disputes-public-figures"
COLUMNS = ("schema_version", "publisher", "period", "table", "row", "column", "value", "status")
STATUSES = {
    "published": "the count or median as it is",
    "fewer-than-5": f"a count from 1 to {THRESHOLD - 1}, not published (primary suppression); "
    "where the release's fewer_than_5_may_be_0 is true, a 0 may be hidden too to protect one",
    "withheld": "a count of 5 or more withheld so that no smaller count can be worked out "
    "from the published figures (complementary suppression)",
    "not-shown": "a median of fewer than 5 disputes: not published",
}
TABLES = {
    "totals": "Disputes opened in the period, by status at the end of it (row: records, open, "
    "resolved, withdrawn)",
    "stages": "Disputes by stage (row: stage 1-5; column: reached, resolved, open)",
    "days_to_resolution": "Median calendar days from opening to resolution (row: stage "
    "resolved at; column: median_days)",
    "timescales": "Stage timescales (row: stage 3-5; column: met, breached, pending, overdue)",
    "agencies": "Disputes by agency (row: agency from the partnership's list, or 'another "
    "agency'; column: challenger, challenged)",
    "agency_matrix": "Disputes by challenging agency (row) and challenged agency (column)",
    "categories": "Disputes by category; a dispute may have more than one (column: count)",
    "outcomes": "Resolved disputes by outcome (column: count)",
    "levels_of_need": "Disputes by the child's level of need (column: count)",
    "open_by_age": "Open disputes by days since opened (column: count)",
}


def figures(report: dict[str, Any], counts: Counts) -> Iterator[dict[str, Any]]:
    """Every published number as {table, row, column, value, status}."""
    for cell in counts.values:
        table = "agency_matrix" if cell[0] == "matrix" else str(cell[0])
        column = str(cell[2]) if len(cell) > 2 else "count"
        status = counts.status(*cell)
        value = counts.values[cell] if status == "published" else None
        yield {
            "table": table,
            "row": str(cell[1]),
            "column": column,
            "value": value,
            "status": status,
        }
    by_stage = report["days_to_resolution"]["by_stage"]
    for stage in STAGES:
        row = by_stage.get(stage, {"count": 0, "median": None})
        shown = row["count"] >= THRESHOLD and row["median"] is not None
        yield {
            "table": "days_to_resolution",
            "row": stage,
            "column": "median_days",
            "value": row["median"] if shown else None,
            "status": "published" if shown else "not-shown",
        }


def figures_json(report: dict[str, Any], counts: Counts, publisher: str) -> str:
    """The figures as one JSON document that names its schema and version."""
    document = {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "publisher": publisher,
        "period": report["period"],
        "release": report.get("release", {}),
        "statuses": STATUSES,
        "tables": TABLES,
        "figures": list(figures(report, counts)),
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def figures_csv(report: dict[str, Any], counts: Counts, publisher: str) -> str:
    """The figures as CSV: one row per number, the same columns in every version 1.x file."""
    rows = (
        {
            **figure,
            "schema_version": SCHEMA_VERSION,
            "publisher": publisher,
            "period": report["period"]["quarter"],
        }
        for figure in figures(report, counts)
    )
    return csv_document(COLUMNS, ([row.get(k) for k in COLUMNS] for row in rows))


def json_schema() -> str:
    """The JSON Schema (2020-12) that figures.json follows."""
    figure = {
        "type": "object",
        "required": ["table", "row", "column", "value", "status"],
        "additionalProperties": False,
        "properties": {
            "table": {"enum": list(TABLES)},
            "row": {"type": "string"},
            "column": {"type": "string"},
            "value": {"type": ["number", "null"], "minimum": 0},
            "status": {"enum": list(STATUSES)},
        },
        # a hidden number carries no value: a file that gave one would publish it
        "if": {"not": {"properties": {"status": {"const": "published"}}}},
        "then": {"properties": {"value": {"type": "null"}}},
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{SCHEMA_NAME} {SCHEMA_VERSION}",
        "type": "object",
        "required": ["schema", "schema_version", "publisher", "period", "figures"],
        "properties": {
            "schema": {"const": SCHEMA_NAME},
            "schema_version": {"type": "string", "pattern": r"^1\.\d+\.\d+$"},
            "publisher": {"type": "string"},
            "period": {
                "type": "object",
                "required": ["quarter", "to", "label"],
                "properties": {
                    "quarter": {"type": "string", "pattern": r"^\d{4}-Q[1-4]$"},
                    "to": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                    "label": {"type": "string"},
                },
            },
            "statuses": {"type": "object"},
            "tables": {"type": "object"},
            "figures": {"type": "array", "items": figure},
        },
    }
    return json.dumps(schema, indent=2) + "\n"

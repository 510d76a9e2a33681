"""`disputes list`: the records a manager asks for, one row each, as text, JSON or CSV."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from disputes.policy.settings import Policy
from disputes.policy.timescales import next_deadline, stage_timescales
from disputes.records.model import Record
from disputes.records.text import for_terminal
from disputes.report.spreadsheet import csv_document

COLUMNS = ("id", "title", "status", "stage", "opened", "challenger", "challenged",
           "next_deadline", "days_overdue")  # fmt: skip


@dataclass(frozen=True)
class Filters:
    """What to list: every filter given must match."""

    statuses: tuple[str, ...] = ()
    stages: tuple[int, ...] = ()
    agency: str | None = None
    overdue: bool = False
    opened_from: date | None = None
    opened_to: date | None = None
    text: str | None = None


def _overdue_days(record: Record, policy: Policy, today: date) -> int:
    if record.status != "open":
        return 0
    late = [
        s.days_overdue for s in stage_timescales(record, policy, today) if s.outcome == "overdue"
    ]
    return max(late, default=0)


def _matches(record: Record, found: Filters, late: int) -> bool:
    agency = (found.agency or "").casefold()
    words = (found.text or "").casefold()
    haystack = " ".join((record.id, record.title, record.child_reference, record.body)).casefold()
    return all((
        not found.statuses or record.status in found.statuses,
        not found.stages or record.current_stage in found.stages,
        not agency or agency in (record.challenger_agency.casefold(),
                                 record.challenged_agency.casefold()),
        not found.overdue or late > 0,
        found.opened_from is None or record.opened >= found.opened_from,
        found.opened_to is None or record.opened <= found.opened_to,
        not words or words in haystack,
    ))  # fmt: skip


def list_rows(
    records: Iterable[Record], policy: Policy, today: date, found: Filters
) -> list[dict[str, Any]]:
    """One row per matching record, by id."""
    rows = []
    for record in sorted(records, key=lambda r: r.id):
        late = _overdue_days(record, policy, today)
        if not _matches(record, found, late):
            continue
        deadline = next_deadline(record, policy, today)
        rows.append({
            "id": record.id, "title": record.title, "status": record.status,
            "stage": record.current_stage,
            "opened": "not recorded" if "opened" in record.unrecorded else record.opened.isoformat(),
            "challenger": record.challenger_agency, "challenged": record.challenged_agency,
            "next_deadline": policy.local_day(deadline.deadline).isoformat()
            if deadline and deadline.deadline else None,
            "days_overdue": late,
        })  # fmt: skip
    return rows


def rows_text(rows: Sequence[dict[str, Any]]) -> str:
    """Aligned columns a manager can read, and a count."""
    if not rows:
        return "No records match.\n"
    lines = []
    for row in rows:
        due = f"  due {row['next_deadline']}" if row["next_deadline"] else ""
        late = f"  OVERDUE {row['days_overdue']} days" if row["days_overdue"] else ""
        lines.append(
            f"{row['id']}  {row['status']:<9} stage {row['stage']}  opened {row['opened']}  "
            f"{row['challenger']} / {row['challenged']}: {row['title']}{due}{late}"
        )
    lines.append(f"{len(rows)} record{'' if len(rows) == 1 else 's'}.")
    return for_terminal("\n".join(lines) + "\n")


def rows_json(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as a JSON list."""
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def rows_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as CSV with a header, safe in a spreadsheet (`report/spreadsheet.py`)."""
    return csv_document(COLUMNS, ([row.get(k) for k in COLUMNS] for row in rows), "\n")


RENDERERS = {"text": rows_text, "json": rows_json, "csv": rows_csv}

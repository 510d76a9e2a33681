"""One row of a log to a draft record, or the reasons it makes none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from disputes.importer.agencies import Agencies
from disputes.importer.drafts import Draft, is_a_name, redact
from disputes.importer.problems import Unmapped
from disputes.importer.tables import Row
from disputes.importer.values import (
    OUTCOME_WORDS,
    STATUS_WORDS,
    Unreadable,
    read_categories,
    read_choice,
    read_date,
    read_days,
    read_stage,
    read_yes_no,
    text_of,
)
from disputes.records.model import LEVELS_OF_NEED

LEVELS = {code: (code.replace("-", " "),) for code in LEVELS_OF_NEED}
READERS: dict[str, Callable[[Any], Any]] = {
    "opened": read_date,
    "resolved": read_date,
    "stage": read_stage,
    "days_taken": read_days,
    "immediate_risk": read_yes_no,
    "categories": read_categories,
    "outcome": lambda v: read_choice(v, OUTCOME_WORDS, "outcome"),
    "status": lambda v: read_choice(v, STATUS_WORDS, "status"),
    "level_of_need": lambda v: read_choice(v, LEVELS, "level of need"),
}


def draft_from_row(
    row: Row, mapping: dict[str, str], agencies: Agencies
) -> tuple[Draft | None, list[Unmapped]]:
    """The draft a row makes (None if it makes none) and what could not be mapped."""
    place = f"sheet {row.sheet}, row {row.number}" if row.sheet else f"row {row.number}"
    problems: list[Unmapped] = []
    columns = {field: heading for heading, field in mapping.items()}
    values: dict[str, Any] = {}

    def problem(field: str, value: Any, reason: str) -> None:
        problems.append(
            Unmapped(row.file, place, columns.get(field, field), text_of(value), reason)
        )

    child = text_of(row.cells.get(columns.get("child_name", ""), ""))
    for field, heading in columns.items():
        if field == "child_name":
            continue
        raw = row.cells.get(heading)
        reader = READERS.get(field) or (
            agencies.read
            if field in ("challenger", "challenged")
            else lambda v: redact(text_of(v), [child]) or None
        )
        try:
            values[field] = reader(raw)
        except Unreadable as exc:
            problem(field, raw, str(exc))
    for field in ("challenger", "challenged", "stage"):
        if values.get(field) is None and not any(p.column == columns.get(field) for p in problems):
            problem(field, "", f"is blank or has no column; a record needs {_NEEDED[field]}")
    draft = _draft(row, values, child)
    if draft.status == "withdrawn" and draft.withdrawn is None:
        problem("resolved", "", "is blank; a withdrawn dispute needs the date it was withdrawn")
    if draft.year is None and not problems:
        problem(
            "opened",
            "",
            "no date at all in this row, so the record's year (its id and "
            "folder) cannot be told; give the date opened",
        )
    return (None if problems else draft), problems


_NEEDED = {
    "challenger": "the challenging agency",
    "challenged": "the challenged agency",
    "stage": "the stage reached",
}


def _draft(row: Row, values: dict[str, Any], child: str) -> Draft:
    source: dict[str, object] = {"file": row.file}
    if row.sheet:
        source["sheet"] = row.sheet
    source["row"] = row.number
    status = values.get("status") or ("resolved" if values.get("resolved") else "open")
    stage = values.get("stage") or 1
    risk = values.get("immediate_risk")
    draft = Draft(
        source=source,
        where=row.where,
        challenger=values.get("challenger") or "",
        challenged=values.get("challenged") or "",
        status=status,
        opened=values.get("opened"),
        immediate_risk=risk,
        categories=values.get("categories"),
        reference=None,
        level_of_need=values.get("level_of_need"),
        first_stage=stage if stage <= 3 or risk is not False else 3,
        last_stage=stage,
        outcome=values.get("outcome"),
        effectiveness=values.get("effectiveness") or "",
        days_taken=values.get("days_taken"),
        summary=values.get("summary") or "",
        agreed=values.get("agreed") or "",
        notes=values.get("notes") or "",
    )
    if status == "resolved":
        draft.resolved = values.get("resolved")
    elif status == "withdrawn":
        draft.withdrawn = values.get("resolved")
    draft.reference, left = _reference(values.get("reference"))
    draft.left_out += left
    if is_a_name(child):
        draft.left_out.append("the child's or family member's name")
    draft.title = _title(values.get("title"), draft)
    return draft


def _reference(text: str | None) -> tuple[str | None, list[str]]:
    """A case reference as the schema takes it; anything else (a name?) is left out."""
    if not text:
        return None, []
    compact = text.replace(" ", "")
    ok = (
        any(c.isdigit() for c in compact)
        and 2 <= len(compact) <= 40
        and all(c.isalnum() or c in "/._-" for c in compact)
    )
    return (compact, []) if ok else (None, ["a case reference that is not one (no digit)"])


def _title(title: str | None, draft: Draft) -> str:
    if title and len(title) >= 3:
        return title[:200]
    first = draft.summary.split(". ")[0].strip()
    if len(first) >= 3:
        return first if len(first) <= 100 else first[:97].rsplit(" ", 1)[0] + "..."
    return f"Disagreement between {draft.challenger} and {draft.challenged}"

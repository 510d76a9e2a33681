"""A filled Word monitoring form ("Disagreements in work relating to the safety of
children") to a draft record, or the reasons it makes none.

The form is read as its boxes in document order (paragraphs, then each table's cells
left to right, a merged cell once): a box's label starts a field and the text up to the
next label is its value. The Child/Family name box is read only to leave the name out.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from disputes.importer.agencies import Agencies
from disputes.importer.drafts import ROLES, Draft, Signer, is_a_name, redact
from disputes.importer.problems import Unmapped
from disputes.importer.tables import SourceError
from disputes.importer.values import Unreadable, read_date, read_days, read_stage

# Each label, as the form prints it (a regular expression over its start), and its field.
LABELS: tuple[tuple[str, str], ...] = (
    (r"child\s*/\s*family name\s*:?", "child"),
    (r"summary of reason for dispute[^.\n]*\.?", "summary"),
    (r"agreed outcomes or actions[^\n]*?unresolved", "agreed"),
    (r"action note\s*:?", "skip"),
    (r"signature of challenger manager", "role:challenger_manager"),
    (r"signature of challenged manager", "role:challenged_manager"),
    (r"name\s*:", "name"),
    (r"designation\s*:", "designation"),
    (r"agency\s*:", "agency"),
    (r"date\s*:", "date"),
    (r"please complete for monitoring purposes", "skip"),
    (r"stage at which resolution achieved\s*-?\s*(3\s+4\s+5\b)?", "stage"),
    (r"time taken to reach resolution\s*-?\s*(\(no\.? of days\))?", "days"),
    (r"please note how effective this policy was[^:]*:", "effectiveness"),
    (r"additional notes\s*:?", "notes"),
)
_LABELS = [(re.compile(pattern, re.I), field) for pattern, field in LABELS]
BOXES = {
    "summary": "Summary of reason for dispute",
    "agreed": "Agreed outcomes or actions",
    "stage": "Stage at which resolution achieved",
    "days": "Time taken to reach resolution",
    "effectiveness": "How effective this policy was",
    "notes": "Additional Notes",
}
WORDS = {
    "challenger_manager": "Signature of challenger manager",
    "challenged_manager": "Signature of challenged manager",
}


def boxes(path: Path) -> list[tuple[int, str]]:
    """The form's text items in order, each with its paragraph number (from 1)."""
    import docx  # only a form import pays for loading python-docx

    try:
        document = docx.Document(str(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable Word (.docx) form ({exc})") from None
    items = [text for text in _items(document.element.body) if text]
    return list(enumerate(items, start=1))


def _items(body: Any) -> Iterator[str]:
    from docx.oxml.ns import qn

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield _text(child)
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    merged = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    if merged is not None and merged.get(qn("w:val")) != "restart":
                        continue  # the rest of a vertically merged cell: read once
                    yield from _items(cell)


def _text(paragraph: Any) -> str:
    from docx.oxml.ns import qn

    parts = [
        node.text or "" if node.tag == qn("w:t") else " "
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
    ]
    return " ".join("".join(parts).split())


def fields(items: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """Each field's value (with the paragraph it starts at), from labels and what follows."""
    found: dict[str, tuple[int, str]] = {}
    current, role = "skip", ""
    for number, text in items:
        label = next(((m, f) for pattern, f in _LABELS if (m := pattern.match(text))), None)
        if label is None:
            key = current
            rest = text
        else:
            match, field = label
            if field.startswith("role:"):
                role, current = field[5:], "skip"
                continue
            current = key = (
                f"{role}.{field}" if field in ("name", "designation", "agency", "date") else field
            )
            rest = text[match.end() :].strip(" -:")
            found.setdefault(key, (number, ""))
        if key != "skip" and rest:
            start, before = found.get(key, (number, ""))
            found[key] = (start, f"{before}\n{rest}".strip())
    return found


def draft_from_form(path: Path, agencies: Agencies) -> tuple[Draft | None, list[Unmapped]]:
    """The draft a filled form makes (None if it makes none) and what could not be mapped."""
    found = fields(boxes(path))
    child = found.pop("child", (0, ""))[1]
    name = redact(path.name, [child])
    problems: list[Unmapped] = []

    def value(key: str) -> str:
        return redact(found.get(key, (0, ""))[1], [child])

    def problem(key: str, box: str, text: str, reason: str) -> None:
        number = found.get(key, (0, ""))[0]
        problems.append(Unmapped(name, f"paragraph {number}" if number else "", box, text, reason))

    draft = Draft(
        source={"file": name, "form": True},
        where=name,
        first_stage=3,
        summary=value("summary"),
        agreed=value("agreed"),
        notes=value("notes"),
        effectiveness=value("effectiveness")[:2000],
        views="Not recorded separately: the form asks for every agency's view "
        "in the summary above.",
    )
    if is_a_name(child):
        draft.left_out.append("the Child/Family name box")
    for role in ROLES:
        signer = Signer(
            name=value(f"{role}.name")[:200], designation=value(f"{role}.designation")[:200]
        )
        box = f"{WORDS[role]}, Agency"
        try:
            agency = agencies.read(value(f"{role}.agency"))
        except Unreadable as exc:
            problem(f"{role}.agency", box, value(f"{role}.agency"), str(exc))
            agency = None
        if agency is None and not any(p.column == box for p in problems):
            problem(f"{role}.agency", box, "", "is empty; a record needs both agencies")
        signer.agency = agency or ""
        try:
            signer.date = read_date(value(f"{role}.date"))
        except Unreadable as exc:
            problem(f"{role}.date", f"{WORDS[role]}, Date", value(f"{role}.date"), str(exc))
        draft.signers[role] = signer
    draft.challenger = draft.signers["challenger_manager"].agency
    draft.challenged = draft.signers["challenged_manager"].agency
    for key, reader, attr in (
        ("stage", read_stage, "last_stage"),
        ("days", read_days, "days_taken"),
    ):
        try:
            setattr(draft, attr, reader(value(key)))
        except Unreadable as exc:
            problem(key, BOXES[key], value(key), str(exc))
    if draft.last_stage is None and not any(p.column == BOXES["stage"] for p in problems):
        problem(
            "stage",
            BOXES["stage"],
            "",
            "is empty; the record needs the stage it was resolved at (3, 4 or 5)",
        )
    elif draft.last_stage is not None and draft.last_stage < 3:
        problem("stage", BOXES["stage"], str(draft.last_stage), "the form is used from stage 3 on")
    if draft.year is None and not problems:
        problem(
            "",
            "",
            "",
            "gives no date (both Date boxes are empty), so the record's year "
            "(its id and folder) cannot be told",
        )
    draft.title = _title(draft.summary)
    return (None if problems else draft), problems


def _title(summary: str) -> str:
    first = summary.split("\n")[0].split(". ")[0].strip()
    if len(first) < 3:
        return "Monitoring form (the summary is not recorded)"
    return first if len(first) <= 100 else first[:97].rsplit(" ", 1)[0] + "..."

"""Which column of a log fills which record field: recognised by name, or a mapping file.

A mapping file (YAML) names, for each column heading, the field it fills, or `ignore`:

    columns:
      Date Raised: opened
      Agency raising: challenger
      Worker's notes: ignore

`disputes import --write-mapping FILE LOG` writes one to fill in, with every column the
import recognised already filled and the rest blank.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from disputes.importer.values import words
from disputes.records.config import ConfigError
from disputes.records.yamlsafe import load_config_yaml

IGNORE = "ignore"
# Each field a log can fill, what it is, and the column headings that mean it. A bare
# "Ref" or "Reference" is left out: in a log it is most often the log's own row number.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("a short description, without names", ("title", "subject", "dispute", "issue")),
    "opened": (
        "the date the dispute was raised",
        (
            "opened",
            "date opened",
            "date raised",
            "raised",
            "date of dispute",
            "start date",
            "date started",
            "date",
        ),
    ),
    "reference": (
        "the agencies' case reference",
        (
            "case reference",
            "case ref",
            "case number",
            "case no",
            "case id",
            "child ref",
            "child reference",
            "child s reference",
            "child id",
            "case ref no",
        ),
    ),
    "challenger": (
        "the challenging agency",
        (
            "challenger",
            "challenging agency",
            "challenger agency",
            "raised by",
            "agency raising",
            "from agency",
            "agency raising concern",
            "raised by agency",
            "raising agency",
            "agency that raised",
            "challenging organisation",
        ),
    ),
    "challenged": (
        "the challenged agency",
        (
            "challenged",
            "challenged agency",
            "agency challenged",
            "against",
            "to agency",
            "agency challenged decision",
            "challenged organisation",
            "agency being challenged",
            "receiving agency",
        ),
    ),
    "stage": (
        "the highest stage reached (the stage resolved at)",
        (
            "stage",
            "stage reached",
            "stage resolved",
            "highest stage",
            "stage at resolution",
            "stage resolved at",
            "final stage",
        ),
    ),
    "status": ("open, resolved or withdrawn", ("status", "state")),
    "resolved": (
        "the date resolved (or withdrawn)",
        ("resolved", "date resolved", "resolution date", "closed", "date closed"),
    ),
    "outcome": ("decision changed, upheld, further assessment or other", ("outcome", "result")),
    "categories": ("what the dispute was about", ("category", "categories", "type", "theme")),
    "immediate_risk": (
        "yes if a child was at immediate risk",
        ("immediate risk", "risk of immediate harm", "immediate harm"),
    ),
    "level_of_need": (
        "early help, child in need, child protection, looked after",
        ("level of need", "need level"),
    ),
    "summary": (
        "the reason for the dispute",
        ("summary", "reason", "reason for dispute", "details", "description"),
    ),
    "agreed": (
        "the agreed outcomes and actions",
        ("agreed outcome", "agreed outcomes", "actions", "agreed actions"),
    ),
    "effectiveness": ("how well the policy worked", ("effectiveness", "how effective")),
    "days_taken": (
        "the days taken to resolve",
        ("days", "days taken", "time taken", "days to resolution", "no of days"),
    ),
    "notes": ("anything else", ("notes", "comments", "additional notes")),
    "child_name": (
        "a child's or family member's name: never copied into a record",
        (
            "child name",
            "child",
            "name of child",
            "family name",
            "child family name",
            "child s name",
            "young person",
            "family",
        ),
    ),
}
_BY_HEADING = {heading: field for field, (_, names) in FIELDS.items() for heading in names}


def recognised(heading: str) -> str | None:
    """The field a column heading is recognised as, if any."""
    return _BY_HEADING.get(words(heading))


def default_mapping(headings: list[str]) -> dict[str, str]:
    """Each heading the import recognises, to its field (the first column wins a field)."""
    mapping: dict[str, str] = {}
    for heading in headings:
        field = recognised(heading)
        if field and field not in mapping.values():
            mapping[heading] = field
    return mapping


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file: column heading to field (`ignore` and blanks left out)."""
    try:
        data = load_config_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: the mapping cannot be read ({exc})") from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise ConfigError(f"{path}: expected 'columns:' mapping each column heading to a field")
    mapping = {}
    for heading, field in columns.items():
        if field in (None, "", IGNORE):
            continue
        if field not in FIELDS:
            raise ConfigError(
                f"{path}: column '{heading}' maps to '{field}', which is not a field the import "
                f"fills; use one of: {', '.join(FIELDS)} (or {IGNORE})"
            )
        mapping[str(heading).strip()] = str(field)
    return mapping


def mapping_text(source: str, headings: list[str]) -> str:
    """A mapping file for `source` to fill in: recognised columns filled, the rest blank."""
    guessed = default_mapping(headings)
    lines = [
        f"# How `disputes import` reads {source}: for each column, the record field it",
        "# fills. Fill in the blanks (or write 'ignore'), then run:",
        f"#   disputes import --mapping THIS-FILE {source}",
        "# Fields:",
    ]
    lines += [f"#   {name}: {what}" for name, (what, _) in FIELDS.items()]
    lines.append("columns:")
    lines += [
        f"  {yaml.safe_dump(h, allow_unicode=True).splitlines()[0]}: {guessed.get(h, '')}".rstrip()
        for h in headings
    ]
    return "\n".join(lines) + "\n"

"""`disputes validate` one record at a time: memory follows one record, not the register.

`validate_register` keeps every Record and every parsed file (with its line map) because
the report and the site need them. Validation needs none of that once a record has been
checked: the rules across records need only each file's name and each record's id and
the line of its `id:`. So the one pipeline (`records.validate.run_pipeline`) is run
without keeping records: each file is read, parsed, checked and dropped before the next,
and the problems found are the same as `validate_register` finds (a test pins it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from disputes.records.model import Issue
from disputes.records.validate import (
    disk_settings,
    disk_sources,
    listing,
    other_ids,
    run_pipeline,
)


@dataclass
class Validation:
    """Every problem found and how many files were read."""

    issues: list[Issue] = field(default_factory=list)
    checked: int = 0
    not_counted: int = 0  # records opened after the --as-of day

    @property
    def errors(self) -> list[Issue]:
        """The issues that are errors, not warnings."""
        return [i for i in self.issues if i.severity == "error"]


def validate_streamed(
    root: Path,
    paths: Sequence[Path] | None = None,
    *,
    today: date,
    strict: bool = False,
    as_of: date | None = None,
) -> Validation:
    """Every problem in the register (or in `paths`), sorted, holding one record at a time.

    Dates are checked against `today`, the real one; with `as_of`, records opened after
    that day are not counted (`records/asof.py`).
    """
    settings = disk_settings(root, today, as_of)
    files, entries = listing(root, paths)  # and what under records/ is not a record
    register = run_pipeline(
        disk_sources(root, files, listed=not paths),
        settings,
        strict=strict,
        keep=False,
        elsewhere=other_ids(root, paths, settings),
    )
    if strict:
        entries = [replace(i, severity="error") for i in entries]
    return Validation(
        sorted(set(register.issues + entries)), register.checked, register.not_counted
    )

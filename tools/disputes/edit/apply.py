"""Apply an edit to a record: find it, read it exactly, change it, validate, write atomically.

Finding and reading are `records.find`'s (`find_record`, `read_record_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from disputes.edit.atomic import write_atomic
from disputes.edit.lock import refuse_if_changed, register_lock
from disputes.records.config import relative
from disputes.records.find import find_record, read_record_text
from disputes.records.model import Issue
from disputes.records.validate import validate_text


@dataclass(frozen=True)
class EditResult:
    """What an edit did: the file, whether it was written, and any problems found."""

    file: str
    written: bool
    issues: list[Issue]


def apply_edit(
    root: Path,
    record_id: str,
    edit: Callable[[str], str],
    today: date,
    seen: str | None = None,
) -> EditResult:
    """Edit a record's text, validate the result, and write it only if it has no errors.

    The read, check and write happen under the register's lock. `seen` is the text the
    command read before asking its questions: if the file no longer has it, someone else
    changed the record meanwhile and the edit is refused (EditConflict), so nothing is lost.
    """
    with register_lock(root):
        path = find_record(root, record_id)
        file = relative(path, root)
        text = read_record_text(path, file)
        if seen is not None:
            refuse_if_changed(file, seen, text)
        new_text = edit(text)
        issues = validate_text(new_text, file, root, today=today)
        if any(i.severity == "error" for i in issues):
            return EditResult(file, False, issues)
        write_atomic(path, new_text)
    return EditResult(file, True, issues)

"""Apply an edit to a record: find it, read it exactly, change it, validate, write atomically."""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from disputes.edit.atomic import write_atomic
from disputes.edit.lock import refuse_if_changed, register_lock
from disputes.edit.roundtrip import EditError, UnknownRecord
from disputes.records.config import RECORDS_DIR, record_files, relative
from disputes.records.entries import is_leftover_write, name_problem
from disputes.records.model import Issue
from disputes.records.validate import validate_text


def find_record(root: Path, record_id: str) -> Path:
    """The file of the record with this id (EditError if there is none): at its place,
    records/<year>/<id>.md, without listing the register; else wherever it lies."""
    if (placed := _at_its_place(root, record_id)) is not None:
        return placed
    for path in record_files(root):
        if path.stem == record_id:
            return path
    for path in (root / "records").glob(f"*/{record_id}.md"):  # not a record file: say why
        read_record_text(path, path.relative_to(root).as_posix())
    raise UnknownRecord(
        f"no record {record_id} under {root / 'records'}; check the id (it looks like "
        "PD-2026-0007) or pass --root to point at the register"
    )


def _at_its_place(root: Path, record_id: str) -> Path | None:
    """records/<year>/<id>.md if it is a record file there, as `record_files` finds them:
    a regular file in real folders, no symlink on the way, not an edit's leftover."""
    year = record_id[3:7]  # PD-YYYY-NNNN
    if not (year.isdigit() and record_id.startswith("PD-")) or "/" in record_id:
        return None
    path = root / RECORDS_DIR / year / f"{record_id}.md"
    try:
        modes = [p.lstat().st_mode for p in (path.parent.parent, path.parent, path)]
    except OSError:
        return None
    if not all(map(stat.S_ISDIR, modes[:2])) or not stat.S_ISREG(modes[2]):
        return None
    return None if is_leftover_write(path.name) or name_problem(path.name) else path


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


def read_record_text(path: Path, file: str) -> str:
    """A record's text exactly as stored (BOM and line endings kept)."""
    if path.is_symlink():  # an edit would replace the link and write what it points at
        raise EditError(
            f"{file} is a symbolic link, not a record file, so it is not edited; put the "
            "record itself in that place (and ask the business unit why it was a link)"
        )
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{file} is not UTF-8 text; save it as UTF-8 in your editor") from None

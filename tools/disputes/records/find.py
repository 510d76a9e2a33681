"""Find one record's file by its id, and read its text exactly; the errors an edit raises.

Read by the writer (`edit/`) and by the commands that only read one record (`show`,
`audit`, `sign`'s checks): it imports no YAML round-trip writer and no lock, so finding a
record costs a command that reads it no more than the records package it already loads.
"""

from __future__ import annotations

import stat
from pathlib import Path

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.records.config import RECORDS_DIR, record_files
from disputes.records.entries import is_leftover_write, name_problem


class EditError(DisputesError):
    """The edit cannot be made to this record (it says why, and what to do)."""


class UnknownRecord(EditError):
    """No record has the id asked for."""

    exit_code = COULD_NOT_RUN


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

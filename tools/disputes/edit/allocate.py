"""Give a new record the next free id, and create its file only if nobody has that id yet."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from disputes.edit.atomic import write_atomic
from disputes.edit.lock import EditConflict, register_lock
from disputes.history.ids import base_commit, highest_number, ids_at
from disputes.records.config import record_files, relative
from disputes.records.model import Issue

ATTEMPTS = 20  # each attempt that finds its file taken moves on to a higher id


@dataclass(frozen=True)
class Created:
    """What creating a record did: its id and file, whether it was written, its problems."""

    record_id: str
    file: str
    written: bool
    issues: list[Issue]


def free_id(root: Path, year: int, base: str | None = None, taken: tuple[str, ...] = ()) -> str:
    """The next PD-<year>-NNNN after every id in this folder and on the base branch.

    The base branch is `origin/main` when the clone has it (as last fetched), so an id
    another change has already merged is never given out again.
    """
    used = [path.stem for path in record_files(root)] + list(taken)
    commit = base_commit(root, base)
    if commit is not None:
        used += list(ids_at(root, commit))
    return f"PD-{year}-{highest_number(used, year) + 1:04d}"


def create_record(
    root: Path,
    year: int,
    place: Callable[[str], Path],
    render: Callable[[str], tuple[str, list[Issue]]],
    base: str | None = None,
) -> Created:
    """Create the record under the next free id: `place` gives its path, `render` its text.

    Under the register's lock, and with an exclusive create as well: a file that appears
    with the chosen name anyway (another program, another clone) is never overwritten;
    the next id is tried instead.
    """
    taken: tuple[str, ...] = ()
    with register_lock(root):
        for _ in range(ATTEMPTS):
            record_id = free_id(root, year, base, taken)
            path = place(record_id)
            text, issues = render(record_id)
            if any(i.severity == "error" for i in issues):
                return Created(record_id, relative(path, root), False, issues)
            try:
                write_atomic(path, text, exclusive=True)
            except FileExistsError:
                taken += (record_id,)  # taken since the ids were read: try the next one
                continue
            return Created(record_id, relative(path, root), True, issues)
    raise EditConflict(
        f"{ATTEMPTS} ids in a row were taken while creating the record; something is creating "
        f"files under {root / 'records'} very fast. Stop it and run the command again"
    )


def create_many(
    root: Path,
    items: list[tuple[int, Callable[[str], Path], Callable[[str], str]]],
    base: str | None = None,
) -> list[Created]:
    """Create many records under one lock, reading the ids in use once (an import).

    Each item is (year, place, render) as for `create_record`; the texts were checked
    before. A file that appears with the chosen name anyway is never overwritten: the
    next number is tried.
    """
    created: list[Created] = []
    with register_lock(root):
        used = [path.stem for path in record_files(root)]
        commit = base_commit(root, base)
        if commit is not None:
            used += list(ids_at(root, commit))
        following: dict[int, int] = {}
        for year, place, render in items:
            number = following.get(year) or highest_number(used, year) + 1
            for _ in range(ATTEMPTS):
                record_id = f"PD-{year}-{number:04d}"
                path = place(record_id)
                try:
                    write_atomic(path, render(record_id), exclusive=True, durable=False)
                except FileExistsError:
                    number += 1
                    continue
                break
            else:
                raise EditConflict(
                    f"{ATTEMPTS} ids in a row were taken while importing; something is "
                    f"creating files under {root / 'records'} very fast. Stop it and import again"
                )
            following[year] = number + 1
            created.append(Created(record_id, relative(path, root), True, []))
        _flush([root / c.file for c in created])
    return created


def _flush(paths: list[Path]) -> None:
    """Bring the files written to the disk: one system-wide sync, else one fsync each."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

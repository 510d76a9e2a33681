"""Files written for the user (an exported form): never over the register, never half-written.

A file already there is replaced only when the user says so (`--overwrite`); the register's
own files never are, even then: anything under records/ or schema/, inside a git folder,
or tracked by git (mkdocs.yml, the site's pages, a workflow). The file is written whole
through a temporary file beside it, so a failure leaves what was there before.
"""

from __future__ import annotations

from pathlib import Path

from disputes.edit.atomic import write_atomic
from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.history.workdir import is_tracked
from disputes.records.config import RECORDS_DIR, SCHEMA_FILE

REGISTER_FOLDERS = (RECORDS_DIR, Path(SCHEMA_FILE).parent.name)


class OutputRefused(DisputesError):
    """The output path belongs to the register, or exists and was not to be replaced."""

    exit_code = COULD_NOT_RUN


def register_part(root: Path, target: Path, *, tracked: bool = True) -> str | None:
    """What of the register `target` is (after following links), or None if it is not;
    a file git tracks counts only with `tracked`."""
    place = target.resolve()
    for folder in REGISTER_FOLDERS:
        if place.is_relative_to((root / folder).resolve()):
            return f"inside the register's {folder}/ folder"
    if ".git" in place.parts:
        return "inside a git folder"
    if tracked and place.parent.is_dir() and is_tracked(place.parent, place.name):
        return "a file git keeps in the repository"
    return None


def refuse_register_file(root: Path, target: Path, *, tracked: bool = True) -> None:
    """OutputRefused if `target` is one of the register's files (see `register_part`)."""
    part = register_part(root, target, tracked=tracked)
    if part is not None:
        raise OutputRefused(
            f"{target} is {part}, so nothing was written (not even with --overwrite): "
            "choose a place outside the register with --output, for example your Documents"
        )


def write_output(root: Path, target: Path, data: str | bytes, *, overwrite: bool) -> None:
    """Write `data` to `target`, refusing the register's files and, unless `overwrite`,
    any file already there (OutputRefused, naming the file and what to do instead)."""
    refuse_register_file(root, target)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputRefused(
            f"{target} is not a plain file, so nothing was written; "
            "choose another file with --output"
        )
    try:
        write_atomic(target, data, exclusive=not overwrite)
    except FileExistsError:
        raise OutputRefused(
            f"{target} already exists, so nothing was written. Choose another file with "
            "--output, or add --overwrite to replace it"
        ) from None

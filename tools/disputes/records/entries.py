"""What may sit under records/: regular `records/<year>/<id>.md` files and their folders.

The same rule holds for files on disk (`validate`) and in a git tree (`check`): anything
else, a symlink, a FIFO, a `.txt` or `.MD` file, a folder named like a record, is an error,
so a record cannot be hidden from the checks by changing what kind of file it is.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from disputes.records.config import RECORDS_DIR, check_records_folder
from disputes.records.frontmatter import NOT_REGULAR, kind_of

SUFFIX = ".md"  # exactly this: `.MD` is another name on Linux and for git

WRONG_NAME = (
    "records/ holds only record files named <id>.md (lower-case .md); this file is not one and "
    "none of the checks read it. Rename it to the record's <id>.md, or move it out of records/"
)
FOLDER_NAMED_LIKE_A_RECORD = (
    "this is a folder named like a record file; records are plain files "
    "records/<year>/<id>.md. Move what it holds out and remove the folder"
)
# The temporary file an edit writes before renaming it over the record (edit.atomic). One
# left by an edit that was killed is not a stray file on disk: the next edit removes it.
LEFTOVER_WRITE = re.compile(r"\.(?P<name>.+)\.(?P<token>[0-9a-f]{8})\.tmp")
GIT_KINDS = {"120000": "a symbolic link", "160000": "a git submodule", "040000": "a folder"}


def temporary_name(name: str, token: str) -> str:
    """The name an edit writes `name` under before renaming it (`token`: 8 hex digits)."""
    return f".{name}.{token}.tmp"


def is_leftover_write(name: str) -> bool:
    """Whether a file name is an edit's temporary file (see `temporary_name`)."""
    return LEFTOVER_WRITE.fullmatch(name) is not None


def name_problem(file: str) -> str | None:
    """Why a path under records/ cannot be a record file by its name (None if it can)."""
    name = file.rsplit("/", 1)[-1]  # string work: called for every file of a 10,000-record tree
    if not name.endswith(SUFFIX) or name == SUFFIX:
        return WRONG_NAME
    return None


def git_entry_problem(file: str, mode: str) -> str | None:
    """Why an entry of a git tree under records/ is not a record file (None if it is one)."""
    if SUFFIX + "/" in file and any(f.endswith(SUFFIX) for f in file.split("/")[:-1]):
        return FOLDER_NAMED_LIKE_A_RECORD
    if mode not in ("100644", "100755"):
        kind = GIT_KINDS.get(mode, "a special entry")
        if kind == "a folder" and file.endswith(SUFFIX):
            return FOLDER_NAMED_LIKE_A_RECORD
        return NOT_REGULAR.format(kind=kind)
    return name_problem(file)


def scan_records(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry under records/ (not following symlinks): each record file with None,
    anything else with why it is not a record file. Sorted, so messages come in order."""
    if check_records_folder(root):
        yield from scan_folder(root / RECORDS_DIR)


def scan_folder(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry in a folder and below it, as `scan_records` gives them."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        path = Path(entry.path)
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            if entry.name.endswith(SUFFIX):
                yield path, FOLDER_NAMED_LIKE_A_RECORD
            yield from scan_folder(path)
        elif not stat.S_ISREG(mode):
            yield path, NOT_REGULAR.format(kind=kind_of(mode))
        elif is_leftover_write(entry.name):
            continue  # a killed edit's: the next edit removes it (a committed one is refused)
        else:
            yield path, name_problem(entry.name)

"""Write a file all at once or not at all, keeping its mode; create one only if it is new."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from disputes.records.entries import is_leftover_write, temporary_name

NEW_FILE_MODE = 0o666  # less the user's umask, as an editor would create it

# Filesystems that cannot hard-link (some network and FAT drives) say so with one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def write_atomic(
    path: Path, text: str | bytes, *, exclusive: bool = False, durable: bool = True
) -> None:
    """Write `text` (UTF-8, or bytes) to `path` via a temporary file, so a reader sees the
    old or the new file.

    Line endings are written exactly as given. An existing file keeps its permissions.
    With `exclusive`, FileExistsError if `path` already exists (never replaced). Any other
    failure (permission, full disk) leaves `path` as it was, removes the temporary file and
    raises an OSError naming `path`, not the temporary file. `durable=False` leaves the
    flush to the disk to the caller (an import of many files syncs once, after them all).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(temporary_name(path.name, secrets.token_hex(4)))
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        _write_new(temp, data, None if exclusive else _mode_of(path), durable)
        if exclusive:
            _link_exclusive(temp, path, data)
        else:
            os.replace(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    finally:
        temp.unlink(missing_ok=True)


def _mode_of(path: Path) -> int | None:
    """The permission bits of an existing regular file (None if there is none to keep)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return None


def _write_new(path: Path, data: bytes, mode: int | None, durable: bool = True) -> None:
    """Create `path` (never an existing file), write every byte and flush it to the disk."""
    fd = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), NEW_FILE_MODE
    )
    try:
        if mode is not None:
            os.chmod(path, mode)  # before any byte is written: the new file never widens access
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)  # a full disk can show only here, on some filesystems
    finally:
        os.close(fd)


def _link_exclusive(temp: Path, path: Path, data: bytes) -> None:
    """Give the finished temporary file the name `path`, only if nothing has that name yet."""
    try:
        os.link(temp, path)  # atomic and exclusive: fails with EEXIST if `path` exists
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _create_exclusive(path, data)


def _create_exclusive(path: Path, data: bytes) -> None:
    """Without hard links: create `path` with O_EXCL and write it; remove it if that fails."""
    try:
        _write_new(path, data, None)
    except FileExistsError:
        raise
    except OSError:
        path.unlink(missing_ok=True)
        raise


def remove_leftovers(top: Path) -> None:
    """Remove the temporary files that killed edits left under `top` (links not followed).

    Only with the register's lock held: every edit writes under it, so none is in use.
    """
    if top.is_symlink() or not top.is_dir():  # not a records folder the checks accept
        return
    with os.scandir(top) as found:
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                remove_leftovers(Path(entry.path))
            elif (
                entry.name.startswith(".")
                and is_leftover_write(entry.name)
                and entry.is_file(follow_symlinks=False)
            ):
                Path(entry.path).unlink(missing_ok=True)

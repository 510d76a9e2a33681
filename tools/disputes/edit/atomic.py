"""Write a file all at once or not at all, keeping its mode; create one only if it is new."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

NEW_FILE_MODE = 0o666  # less the user's umask, as an editor would create it

# Filesystems that cannot hard-link (some network and FAT drives) say so with one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def write_atomic(path: Path, text: str, *, exclusive: bool = False, durable: bool = True) -> None:
    """Write `text` to `path` via a temporary file, so a reader sees the old or the new file.

    Line endings are written exactly as given. An existing file keeps its permissions.
    With `exclusive`, FileExistsError if `path` already exists (never replaced). Any other
    failure (permission, full disk) leaves `path` as it was, removes the temporary file and
    raises an OSError naming `path`, not the temporary file. `durable=False` leaves the
    flush to the disk to the caller (an import of many files syncs once, after them all).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write_new(temp, text.encode("utf-8"), None if exclusive else _mode_of(path), durable)
        if exclusive:
            _link_exclusive(temp, path, text)
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
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 NEW_FILE_MODE)
    try:
        if mode is not None:
            os.chmod(path, mode)  # before any byte is written: the new file never widens access
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if durable:
            os.fsync(fd)  # a full disk can show only here, on some filesystems
    finally:
        os.close(fd)


def _link_exclusive(temp: Path, path: Path, text: str) -> None:
    """Give the finished temporary file the name `path`, only if nothing has that name yet."""
    try:
        os.link(temp, path)  # atomic and exclusive: fails with EEXIST if `path` exists
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _create_exclusive(path, text)


def _create_exclusive(path: Path, text: str) -> None:
    """Without hard links: create `path` with O_EXCL and write it; remove it if that fails."""
    try:
        _write_new(path, text.encode("utf-8"), None)
    except FileExistsError:
        raise
    except OSError:
        path.unlink(missing_ok=True)
        raise

"""One edit of the register at a time, and no edit made to a version the user did not see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from disputes.edit.atomic import remove_leftovers
from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.history.workdir import lock_file
from disputes.records.config import RECORDS_DIR

LOCK_WAIT_SECONDS = 20.0  # an edit holds the lock for well under a second
_HELD: set[Path] = set()  # lock files this process holds, so nested edits do not wait on it


class EditConflict(DisputesError):
    """Another command is editing the register, or changed the record under this one."""

    exit_code = COULD_NOT_RUN


@contextmanager
def register_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the register's edit lock, waiting a little for another command to finish.

    The lock is the operating system's (released if the process dies), so a crashed
    command never leaves the register locked.
    """
    path = lock_file(root)
    if path in _HELD:  # an edit inside an edit in this process: the lock is already ours
        yield
        return
    lock = FileLock(str(path), timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise EditConflict(
            "another disputes command has been changing this register for "
            f"{lock.timeout:g} seconds and still holds its lock ({path}); nothing was changed. "
            "Wait for it to finish and run this command again"
        ) from None
    _HELD.add(path)
    try:
        remove_leftovers(root / RECORDS_DIR)  # an edit killed mid-write left its temporary file
        yield
    finally:
        _HELD.discard(path)
        lock.release()


def refuse_if_changed(file: str, seen: str, now: str) -> None:
    """Stop an edit if the record changed after this command read it (nothing is lost)."""
    if seen != now:
        raise EditConflict(
            f"{file} was changed by someone else while this command was running, so your "
            "change was not made (theirs is kept). Look at the record as it is now, then run "
            "the command again if your change is still needed"
        )

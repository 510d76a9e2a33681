"""Every record's audit trail, read by a second process while this one reads the records.

Reading the history is mostly Python (parsing git's log and every record version), and
two threads of one process take turns under one interpreter lock: on a second thread it
only interleaved with validating the records. A second process runs on another core.
Its answer is waited for when the first record page is made, after the records, the
report and the report pages: by then it has usually arrived.

The process is forked when this process runs no other thread (`disputes build`): nothing
to import again, nothing held by another thread. Otherwise (`serve`'s live-reload server
runs threads) a fresh interpreter is started. Where no second process can be started,
the history is read here, when it is first needed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from disputes.history import GitError, history_state, read_history
from disputes.history.audit import AuditEntry, audit_trails
from disputes.site.lifeline import end_with_parent

log = logging.getLogger("mkdocs.plugins.disputes")

Trails = dict[str, list[AuditEntry]]

# The last audit trails read, by register and history_state: `serve` rebuilds the site in
# the same process each time a file is saved, and the history has not changed unless a
# commit was made (or the allowed signers were). GPG checks are never kept (see sigcache).
_REMEMBERED: dict[tuple[str, str], Trails] = {}


def read_trails(root: str) -> tuple[Trails, bool]:
    """Every record's trail and whether it may be remembered (run in the second process)."""
    history = read_history(Path(root), bulk=True)  # every record's trail: all blobs
    return audit_trails(history), history.rememberable


def start_method() -> str:
    """"fork" when no other thread runs here (and the system forks), else "spawn"."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forks and threading.active_count() == 1 else "spawn"


class PendingTrails:
    """The audit trails of a register, being read; `result()` waits for them, once."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._trails: Trails | None = None
        self._future: Future[tuple[Trails, bool]] | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._key = (str(root.resolve()), history_state(root))
        if self._key in _REMEMBERED:
            self._trails = _REMEMBERED[self._key]
            return
        try:
            context = multiprocessing.get_context(start_method())
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                             initializer=end_with_parent,
                                             initargs=(os.getpid(),))  # killed with us
            self._future = self._pool.submit(read_trails, str(root))  # ended by close()
        except (OSError, RuntimeError, BrokenProcessPool):
            self._future = None  # no second process here: read in result()

    def result(self) -> Trails:
        """The trails (an empty mapping, with a warning, when git cannot give them)."""
        if self._trails is None:
            self._trails = self._read()
        return self._trails

    def _read(self) -> Trails:
        try:
            try:
                if self._future is None:
                    raise BrokenProcessPool("no second process could be started")
                trails, keep = self._future.result()
            except BrokenProcessPool:  # it could not start or it died: read here
                trails, keep = read_trails(str(self._root))
            finally:
                self.close()
        except GitError as exc:
            log.warning("The audit trails are left out of the site: %s", exc)
            return {}
        _REMEMBERED.clear()  # one register's trails at most
        if keep:
            _REMEMBERED[self._key] = trails
        return trails

    def close(self) -> None:
        """End the second process and the pool's own thread, whatever the answer: the pool
        keeps a thread until then, and a build may fork (see sharedbuild) only while no
        other thread runs. A build that never asked for the trails closes them too."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def forget_history() -> None:
    """Read the history again at the next build (benchmarks time a first build)."""
    _REMEMBERED.clear()

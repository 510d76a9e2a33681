"""Every record's audit trail, read once per build, when the first record page needs it.

The trails are read in the build's own process: at 1,000 records and 5,000 commits they
cost about a second of CPU (half of it git's), and a second process to read them
meanwhile saved less than it cost (tools/bench/bench_site.py; ARCHITECTURE.md). A build
that never makes a record page (the public profile, an empty register) never reads them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from disputes.history import GitError, history_state, read_history
from disputes.history.audit import AuditEntry, audit_trails
from disputes.history.hostsign import load_host_trust
from disputes.records.config import ConfigError

log = logging.getLogger("mkdocs.plugins.disputes")

Trails = dict[str, list[AuditEntry]]

# The last audit trails read, by register and history_state: `serve` rebuilds the site in
# the same process each time a file is saved, and the history has not changed unless a
# commit was made (or the allowed signers were). GPG checks are never kept (see sigcache).
_REMEMBERED: dict[tuple[str, str], Trails] = {}


def read_trails(root: Path) -> tuple[Trails, bool]:
    """Every record's trail and whether it may be remembered."""
    history = read_history(root, bulk=True)  # every record's trail: all blobs
    return audit_trails(history, load_host_trust(root)), history.rememberable


class LazyTrails:
    """The audit trails of a register, read (or recalled) when `result()` is first called."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._trails: Trails | None = None

    def result(self) -> Trails:
        """The trails (an empty mapping, with a warning, when git cannot give them)."""
        if self._trails is None:
            self._trails = self._read()
        return self._trails

    def _read(self) -> Trails:
        try:
            key = (str(self._root.resolve()), history_state(self._root))
            if key in _REMEMBERED:
                return _REMEMBERED[key]
            trails, keep = read_trails(self._root)
        except (GitError, ConfigError) as exc:
            log.warning("The audit trails are left out of the site: %s", exc)
            return {}
        _REMEMBERED.clear()  # one register's trails at most
        if keep:
            _REMEMBERED[key] = trails
        return trails


def forget_history() -> None:
    """Read the history again at the next build (benchmarks time a first build)."""
    _REMEMBERED.clear()

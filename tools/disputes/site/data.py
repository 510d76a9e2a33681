"""Everything the site shows, computed once per build from the records, policy and git."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from disputes.history import history_state, read_history
from disputes.history.audit import AuditEntry, audit_trails
from disputes.history.git import GitError
from disputes.policy.settings import Policy
from disputes.policy.timescales import StageTimescale, next_deadline, stage_timescales
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue, Record
from disputes.report.build import build_report, overdue_disputes
from disputes.report.inputs import report_inputs

log = logging.getLogger("mkdocs.plugins.disputes")


@dataclass
class SiteData:
    """The records fit to publish, their derived facts, the report and the audit trails."""

    root: Path
    today: date
    records: list[Record]
    policy: Policy
    report: dict[str, Any]
    overdue: list[dict[str, Any]]
    timescales: dict[str, list[StageTimescale]]
    next_deadlines: dict[str, StageTimescale | None]
    left_out: dict[str, list[Issue]]
    audit: dict[str, list[AuditEntry]] = field(default_factory=dict)
    parsed: dict[str, Parsed] = field(default_factory=dict)  # each record file as read


def collect(root: Path, today: date, *, with_history: bool) -> SiteData:
    """Read the register once; the audit trails only when the site shows them."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # git's processes run meanwhile
        trails = pool.submit(_audit, root) if with_history else None
        data = _from_records(root, today)
        data.audit = trails.result() if trails is not None else {}
    return data


def _from_records(root: Path, today: date) -> SiteData:
    """The records, the policy and everything derived from them (no history)."""
    inputs = report_inputs(root, today, checked_on=date.today())  # --as-of is a view
    records = sorted(inputs.records, key=lambda r: r.id)
    policy = inputs.policy
    return SiteData(
        root=root,
        today=today,
        records=records,
        policy=policy,
        report=build_report(records, policy, today),
        overdue=overdue_disputes(records, policy, today),
        timescales={r.id: stage_timescales(r, policy, today) for r in records},
        next_deadlines={r.id: next_deadline(r, policy, today) for r in records},
        left_out=inputs.left_out,
        parsed=inputs.parsed,
    )


# The last audit trails read, by register and history_state: `serve` rebuilds the site in
# the same process each time a file is saved, and the history has not changed unless a
# commit was made (or the allowed signers were). GPG checks are never kept (see sigcache).
_REMEMBERED: dict[tuple[str, str], dict[str, list[AuditEntry]]] = {}


def _audit(root: Path) -> dict[str, list[AuditEntry]]:
    try:
        key = (str(root.resolve()), history_state(root))
        if key in _REMEMBERED:
            return _REMEMBERED[key]
        history = read_history(root, bulk=True)  # every record's trail: all blobs
        trails = audit_trails(history)
    except GitError as exc:
        log.warning("The audit trails are left out of the site: %s", exc)
        return {}
    _REMEMBERED.clear()  # one register's trails at most
    if history.rememberable:
        _REMEMBERED[key] = trails
    return trails


def forget_history() -> None:
    """Read the history again at the next build (benchmarks time a first build)."""
    _REMEMBERED.clear()

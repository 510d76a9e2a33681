"""Everything the site shows, computed once per build from the records, policy and git."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from disputes.history.audit import AuditEntry
from disputes.policy.settings import Policy
from disputes.policy.timescales import StageTimescale, next_deadline, stage_timescales
from disputes.policy.zone import policy_today
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue, Record
from disputes.report.build import build_report, overdue_disputes
from disputes.report.inputs import report_inputs
from disputes.site.trails import LazyTrails


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
    parsed: dict[str, Parsed] = field(default_factory=dict)  # each record file as read
    trails: LazyTrails | None = None  # read when first needed (site/trails)

    periods: dict[tuple[date, date], dict[str, Any]] = field(default_factory=dict)

    def period_report(self, start: date, end: date) -> dict[str, Any]:
        """The report of the disputes opened from `start` to `end`, made once per build:
        the report pages of that period and the Trends page both show it."""
        if (start, end) not in self.periods:
            self.periods[start, end] = build_report(
                self.records, self.policy, self.today, opened_from=start, opened_to=end
            )
        return self.periods[start, end]

    @property
    def audit(self) -> dict[str, list[AuditEntry]]:
        """Every record's audit trail by file (read here, once); none without history."""
        return self.trails.result() if self.trails is not None else {}


def collect(root: Path, today: date, *, with_history: bool) -> SiteData:
    """Read the register once; the audit trails only when the site shows them, and only
    once the first record page needs them."""
    data = _from_records(root, today)
    data.trails = LazyTrails(root) if with_history else None
    return data


def _from_records(root: Path, today: date) -> SiteData:
    """The records, the policy and everything derived from them (no history)."""
    inputs = report_inputs(root, today, checked_on=policy_today(root))  # --as-of is a view
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

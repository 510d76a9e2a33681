"""Derived facts per record: each stage's span, deadline and timescale outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from disputes.policy.settings import Policy, Timescale
from disputes.records.model import Moment, Record, Stage

OUTCOMES = ("met", "breached", "pending", "overdue")


@dataclass(frozen=True)
class StageTimescale:
    """One stage of one record: when it ran, its deadline and whether it was kept.

    `outcome` is None for a stage without a timescale and for the stage a
    dispute was withdrawn at. `days_overdue` counts days past the deadline:
    so far for an overdue stage, at completion for a breached one, else 0. A referral
    waiting for the QAPM group's date is judged by the policy's `referral_to_meeting`
    (`waiting_for_group`): the group's date is what stops its clock.
    """

    stage: int
    start: Moment
    end: Moment | None
    deadline: Moment | None
    outcome: str | None
    days_overdue: int
    waiting_for_group: bool = False  # judged by `referral_to_meeting`: the group's date


def stage_end(record: Record, index: int) -> Moment | None:
    """When a stage ended: its own `ended`, else the next stage's start or the closing date."""
    if record.stages[index].ended is not None:
        return record.stages[index].ended
    if index + 1 < len(record.stages):
        return record.stages[index + 1].started
    return record.closed_on


def stage_timescales(record: Record, policy: Policy, today: date) -> list[StageTimescale]:
    """Every stage of a record with its span, deadline and outcome as of `today`."""
    return [_stage_timescale(record, i, policy, today) for i in range(len(record.stages))]


def _stage_timescale(record: Record, index: int, policy: Policy, today: date) -> StageTimescale:
    stage = record.stages[index]
    end = stage_end(record, index)
    timescale = _timescale_now(stage, policy)
    clock_start = _clock_start(stage, timescale)
    if timescale is None or clock_start is None or not record.stage_dated(index):
        # an imported stage whose start or end its source did not give is not judged
        return StageTimescale(stage.stage, stage.started, end, None, None, 0)
    deadline = policy.deadline(clock_start, timescale)
    withdrawn_here = record.withdrawn is not None and index == len(record.stages) - 1
    if withdrawn_here:
        return StageTimescale(stage.stage, stage.started, end, deadline, None, 0)
    done = {"raised": stage.raised, "group_date": stage.group_date or end}.get(
        timescale.clock_stops, end
    )
    outcome, late = _outcome(done, deadline, policy, today)
    waiting = timescale is policy.referral
    return StageTimescale(stage.stage, stage.started, end, deadline, outcome, late, waiting)


def _timescale_now(stage: Stage, policy: Policy) -> Timescale | None:
    """The stage's timescale; at stage 5 before the group has a date, the policy's
    `referral_to_meeting` (the group meets within it), when it sets one."""
    if stage.group_date is None and policy.referral is not None:
        if policy.referral.stage == stage.stage:
            return policy.referral
    return policy.timescale(stage.stage)


def _clock_start(stage: Stage, timescale: Timescale | None) -> Moment | None:
    if timescale is None:
        return None
    if timescale.clock_starts == "group_date":
        return stage.group_date
    if timescale.clock_starts == "referred":
        return stage.referred or stage.started
    return stage.started


def _outcome(done: Moment | None, deadline: Moment, policy: Policy, today: date) -> tuple[str, int]:
    """met / breached / pending / overdue, with the days past the deadline."""
    deadline_day = policy.local_day(deadline)
    if done is not None:
        if policy.is_met(done, deadline):
            return "met", 0
        return "breached", max((policy.local_day(done) - deadline_day).days, 0)
    if today > deadline_day:
        return "overdue", (today - deadline_day).days
    return "pending", 0


def next_deadline(record: Record, policy: Policy, today: date) -> StageTimescale | None:
    """The deadline an open record is working to now (pending or overdue), if any."""
    if record.status != "open":
        return None
    waiting = [
        s for s in stage_timescales(record, policy, today) if s.outcome in ("pending", "overdue")
    ]
    return min(waiting, key=lambda s: policy.local_day(s.deadline or today), default=None)


def days_to_resolution(record: Record) -> int | None:
    """Calendar days from opened to resolution (None while unresolved)."""
    return record.days_to_resolution


def working_days_to_resolution(record: Record, policy: Policy) -> int | None:
    """Working days from opened to resolution, skipping weekends and bank holidays."""
    if record.resolution is None:
        return None
    return policy.working_days(record.opened, record.resolution.date)

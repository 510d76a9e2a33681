"""Timescale outcomes per stage, by hand-worked examples."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_records import d, record, stage

from disputes.policy.settings import Policy, load_policy
from disputes.policy.timescales import (
    next_deadline,
    stage_timescales,
    working_days_to_resolution,
)

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)
POLICY = load_policy(ROOT)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT)


def outcomes(rec, policy: Policy, today: date = TODAY) -> dict[int, str | None]:  # type: ignore[no-untyped-def]
    return {s.stage: s.outcome for s in stage_timescales(rec, policy, today)}


def stage3(raised: str | None, started: str = "2026-03-05", **more: object):  # type: ignore[no-untyped-def]
    extra = {"raised": raised} if raised else {}
    return record(stage(1, "2026-03-02"), stage(3, started, **extra), **more)  # type: ignore[arg-type]


def test_stages_without_a_timescale_have_no_outcome(policy: Policy) -> None:
    assert outcomes(record(stage(1, "2026-03-02"), stage(2, "2026-03-03")), policy) == {
        1: None,
        2: None,
    }


def test_raised_two_days_after_a_date_only_start_is_met(policy: Policy) -> None:
    assert outcomes(stage3("2026-03-07"), policy)[3] == "met"


def test_raised_three_days_after_a_date_only_start_is_breached_by_one_day(
    policy: Policy,
) -> None:
    [_, three] = stage_timescales(stage3("2026-03-08"), policy, TODAY)
    assert (three.outcome, three.deadline, three.days_overdue) == ("breached", d("2026-03-07"), 1)


def test_48_hours_by_date_time_exactly_on_the_deadline_is_met(policy: Policy) -> None:
    rec = stage3("2026-03-07T09:30:00+00:00", started="2026-03-05T09:30:00+00:00")
    assert outcomes(rec, policy)[3] == "met"


def test_48_hours_by_date_time_one_minute_late_is_breached(policy: Policy) -> None:
    rec = stage3("2026-03-07T09:31:00+00:00", started="2026-03-05T09:30:00+00:00")
    [_, three] = stage_timescales(rec, policy, TODAY)
    assert (three.outcome, three.days_overdue) == ("breached", 0)


def test_not_raised_is_pending_until_the_deadline_day_ends_then_overdue(policy: Policy) -> None:
    rec = stage3(None)
    assert outcomes(rec, policy, date(2026, 3, 7))[3] == "pending"
    [_, three] = stage_timescales(rec, policy, date(2026, 3, 8))
    assert (three.outcome, three.days_overdue) == ("overdue", 1)


def test_stage_4_ends_when_stage_5_starts(policy: Policy) -> None:
    rec = record(
        stage(4, "2026-03-12"),
        stage(5, "2026-03-27", group_date="2026-04-01"),
    )
    [four, five] = stage_timescales(rec, policy, d("2026-04-10"))
    assert (four.end, four.deadline, four.outcome) == (d("2026-03-27"), d("2026-03-26"), "breached")
    assert (five.deadline, five.outcome) == (d("2026-06-01"), "pending")


def test_stage_4_resolved_on_day_14_is_met(policy: Policy) -> None:
    rec = record(stage(4, "2026-03-12"), resolved=(4, "2026-03-26"))
    assert outcomes(rec, policy) == {4: "met"}


def test_immediate_risk_start_at_stage_4(policy: Policy) -> None:
    rec = record(stage(4, "2026-11-01"))
    assert rec.immediate_risk
    [four] = stage_timescales(rec, policy, TODAY)
    assert (four.deadline, four.outcome, four.days_overdue) == (d("2026-11-15"), "overdue", 7)


def test_stage_5_counts_two_months_from_the_group_date_clamped(policy: Policy) -> None:
    rec = record(
        stage(4, "2025-12-01"),
        stage(5, "2025-12-10", group_date="2025-12-31"),
        resolved=(5, "2026-02-28"),
    )
    [_, five] = stage_timescales(rec, policy, TODAY)
    assert (five.deadline, five.outcome) == (d("2026-02-28"), "met")


def test_withdrawn_at_a_deadline_stage_counts_in_none_but_earlier_stages_do(
    policy: Policy,
) -> None:
    rec = record(
        stage(3, "2026-03-05", raised="2026-03-09"),
        stage(4, "2026-03-10"),
        withdrawn="2026-04-30",
    )
    assert outcomes(rec, policy) == {3: "breached", 4: None}
    assert next_deadline(rec, policy, TODAY) is None


def test_next_deadline_of_an_open_record(policy: Policy) -> None:
    rec = record(stage(3, "2026-11-19", raised="2026-11-20"), stage(4, "2026-11-20"))
    upcoming = next_deadline(rec, policy, TODAY)
    assert upcoming is not None
    assert (upcoming.stage, upcoming.deadline, upcoming.outcome) == (4, d("2026-12-04"), "pending")


def test_working_days_to_resolution_skip_easter(policy: Policy) -> None:
    rec = record(stage(1, "2026-04-02"), resolved=(1, "2026-04-09"))
    assert rec.days_to_resolution == 7
    assert working_days_to_resolution(rec, policy) == 3


def test_a_date_time_stage_start_reports_its_local_day(policy: Policy) -> None:
    rec = stage3(None, started="2026-07-01T23:30:00+00:00")
    [_, three] = stage_timescales(rec, policy, d("2026-07-03"))
    assert isinstance(three.deadline, datetime)
    assert policy.local_day(three.deadline) == d("2026-07-04")
    assert three.outcome == "pending"


def test_editing_policy_yml_changes_outcomes_with_no_code_change(
    tmp_path: Path, policy: Policy
) -> None:
    # Thursday 2 April 2026, then the Easter weekend: 2 working days end on Wednesday 8 April.
    rec = record(
        stage(3, "2026-04-02", raised="2026-04-08"),
        stage(4, "2026-04-08"),
        resolved=(4, "2026-04-22"),
    )
    assert outcomes(rec, policy) == {3: "breached", 4: "met"}
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    path = tmp_path / "schema" / "policy.yml"
    text = path.read_text()
    text = text.replace("{amount: 48, unit: hours}", "{amount: 2, unit: working_days}")
    text = text.replace("{amount: 14, unit: days}", "{amount: 10, unit: working_days}")
    path.write_text(text)
    edited = load_policy(tmp_path)
    # Stage 3 now has 2 working days: Tuesday 7 and Wednesday 8 April.
    assert outcomes(rec, edited) == {3: "met", 4: "met"}
    # 14 days from Tuesday 21 April end on 5 May; 10 working days skip the
    # 4 May bank holiday and end on 6 May.
    may = record(stage(4, "2026-04-21"), resolved=(4, "2026-05-06"))
    assert outcomes(may, policy) == {4: "breached"}
    assert outcomes(may, edited) == {4: "met"}


@settings(deadline=None, max_examples=200)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=30),
)
def test_date_only_outcomes_follow_the_day_count(start: date, late: int) -> None:
    raised = date.fromordinal(start.toordinal() + late).isoformat()
    rec = record(
        stage(3, start.isoformat(), raised=raised),
        stage(4, raised),
        resolved=(4, date.fromordinal(start.toordinal() + late + late).isoformat()),
    )
    found = outcomes(rec, POLICY, date(2091, 1, 1))
    assert found == {3: "met" if late <= 2 else "breached", 4: "met" if late <= 14 else "breached"}

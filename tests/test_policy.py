"""The policy file and its deadline arithmetic, by hand-worked examples."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.policy.calendars import (
    BankHolidays,
    add_months,
    add_working_days,
    working_days_between,
)
from disputes.policy.settings import Policy, Timescale, load_policy
from disputes.records.config import ConfigError

ROOT = Path(__file__).resolve().parents[1]
LONDON = datetime.fromisoformat


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT)


def timescale(amount: int, unit: str) -> Timescale:
    return Timescale(
        stage=3, clock_starts="started", clock_stops="raised", amount=amount, unit=unit
    )


def copy_schema(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return tmp_path / "schema" / "policy.yml"


def test_the_shipped_policy_reads_as_the_spec_says(policy: Policy) -> None:
    assert [(t.stage, t.amount, t.unit) for t in policy.timescales] == [
        (3, 48, "hours"),
        (4, 14, "days"),
        (5, 2, "months"),
    ]
    assert str(policy.timezone) == "Europe/London"
    assert policy.timescale(1) is None
    assert policy.timescale(3).allowance == "48 hours"  # type: ignore[union-attr]


def test_48_hours_from_a_date_is_two_days_later(policy: Policy) -> None:
    assert policy.deadline(date(2026, 3, 5), timescale(48, "hours")) == date(2026, 3, 7)


def test_36_hours_from_a_date_rounds_up_to_two_days(policy: Policy) -> None:
    assert policy.deadline(date(2026, 3, 5), timescale(36, "hours")) == date(2026, 3, 7)


def test_48_hours_from_a_date_time_is_the_same_time_two_days_later(policy: Policy) -> None:
    start = LONDON("2026-03-05T09:30:00+00:00")
    assert policy.deadline(start, timescale(48, "hours")) == LONDON("2026-03-07T09:30:00+00:00")


def test_hours_are_elapsed_time_across_the_clocks_going_forward(policy: Policy) -> None:
    # British Summer Time starts 01:00 UTC on Sunday 29 March 2026.
    start = LONDON("2026-03-28T09:00:00+00:00")
    end = policy.deadline(start, timescale(48, "hours"))
    assert isinstance(end, datetime)
    assert end.isoformat() == "2026-03-30T10:00:00+01:00"
    assert end - start == timedelta(hours=48)


def test_met_exactly_on_the_deadline_and_breached_a_minute_after(policy: Policy) -> None:
    deadline = LONDON("2026-03-07T09:30:00+00:00")
    assert policy.is_met(LONDON("2026-03-07T09:30:00+00:00"), deadline)
    assert not policy.is_met(LONDON("2026-03-07T09:31:00+00:00"), deadline)


def test_dates_without_a_time_compare_by_day(policy: Policy) -> None:
    assert policy.is_met(date(2026, 3, 7), date(2026, 3, 7))
    assert not policy.is_met(date(2026, 3, 8), date(2026, 3, 7))
    # A date-only `raised` on the deadline day gets the benefit of the doubt.
    assert policy.is_met(date(2026, 3, 7), LONDON("2026-03-07T09:30:00+00:00"))


def test_the_local_day_of_a_late_evening_utc_time_in_summer(policy: Policy) -> None:
    assert policy.local_day(LONDON("2026-07-01T23:30:00+00:00")) == date(2026, 7, 2)


def test_14_days(policy: Policy) -> None:
    assert policy.deadline(date(2026, 3, 12), timescale(14, "days")) == date(2026, 3, 26)


def test_month_end_clamps_to_february(policy: Policy) -> None:
    assert policy.deadline(date(2026, 1, 31), timescale(1, "months")) == date(2026, 2, 28)
    assert policy.deadline(date(2028, 1, 31), timescale(1, "months")) == date(2028, 2, 29)
    assert policy.deadline(date(2026, 12, 31), timescale(2, "months")) == date(2027, 2, 28)
    assert policy.deadline(date(2026, 3, 15), timescale(2, "months")) == date(2026, 5, 15)


def test_month_deadline_keeps_the_time_of_day(policy: Policy) -> None:
    start = LONDON("2026-01-31T14:00:00+00:00")
    assert policy.deadline(start, timescale(1, "months")) == LONDON("2026-02-28T14:00:00+00:00")


def test_working_days_skip_the_easter_bank_holiday_weekend(policy: Policy) -> None:
    # Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are bank holidays.
    assert policy.deadline(date(2026, 4, 2), timescale(2, "working_days")) == date(2026, 4, 8)
    assert policy.deadline(date(2026, 4, 2), timescale(1, "working_days")) == date(2026, 4, 7)
    assert policy.working_days(date(2026, 4, 2), date(2026, 4, 8)) == 2


def test_working_days_from_a_saturday_start_on_monday(policy: Policy) -> None:
    assert policy.deadline(date(2026, 3, 7), timescale(1, "working_days")) == date(2026, 3, 9)


def test_scotland_keeps_easter_monday_as_a_working_day() -> None:
    scotland = BankHolidays("scotland")
    assert date(2026, 4, 6) not in scotland
    assert date(2026, 11, 30) in scotland  # St Andrew's Day
    assert add_working_days(date(2026, 4, 2), 2, scotland) == date(2026, 4, 7)


def test_a_bad_unit_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = copy_schema(tmp_path)
    path.write_text(path.read_text().replace("unit: days", "unit: fortnights"))
    with pytest.raises(ConfigError) as caught:
        load_policy(tmp_path)
    assert "policy.yml: stages.4.allowance.unit: 'fortnights' is not one of" in str(caught.value)


def test_an_unknown_time_zone_names_the_key(tmp_path: Path) -> None:
    path = copy_schema(tmp_path)
    path.write_text(path.read_text().replace("Europe/London", "Europe/Londres"))
    with pytest.raises(ConfigError, match="policy.yml: timezone: 'Europe/Londres'"):
        load_policy(tmp_path)


def test_a_missing_policy_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="policy.yml: cannot read the policy file"):
        load_policy(tmp_path)


def test_a_broken_yaml_file_says_so(tmp_path: Path) -> None:
    path = copy_schema(tmp_path)
    path.write_text("stages: [\n")
    with pytest.raises(ConfigError, match="is not valid YAML"):
        load_policy(tmp_path)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
ENGLAND = BankHolidays("england-and-wales")
POLICY = load_policy(ROOT)


@given(days, st.integers(min_value=0, max_value=40))
def test_add_months_lands_in_the_right_month_and_never_overflows(start: date, n: int) -> None:
    end = add_months(start, n)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == n
    assert end.day <= start.day
    assert end.day == start.day or (end + timedelta(days=1)).day == 1


@settings(deadline=None)
@given(days, st.integers(min_value=1, max_value=60))
def test_working_days_round_trip(start: date, n: int) -> None:
    end = add_working_days(start, n, ENGLAND)
    assert end.weekday() < 5 and end not in ENGLAND
    assert working_days_between(start, end, ENGLAND) == n
    assert working_days_between(start, end - timedelta(days=1), ENGLAND) == n - 1


@settings(deadline=None)
@given(days, days)
def test_working_days_are_never_more_than_calendar_days(a: date, b: date) -> None:
    counted = working_days_between(a, b, ENGLAND)
    assert 0 <= counted <= max((b - a).days, 0)


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(min_value=1, max_value=500),
)
def test_hours_are_exact_elapsed_time(start: datetime, hours: int) -> None:
    end = POLICY.deadline(start, timescale(hours, "hours"))
    assert end - start == timedelta(hours=hours)

"""The monitoring report as data (the keys ARCHITECTURE.md promises), from hand-built records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_records import d, record, stage

from disputes.policy.settings import Policy, load_policy
from disputes.report.build import build_report, overdue_disputes
from disputes.report.period import period_range
from disputes.report.stats import median, percentile

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)
PROMISED_KEYS = {"as_of", "totals", "stages", "timescales", "days_to_resolution", "agencies"}
PROMISED_KEYS |= {"categories"}
EXTRA_KEYS = {"agency_matrix", "outcomes", "levels_of_need", "open_by_age", "learning"}
EXTRA_KEYS |= {"overdue", "period", "timescale_rules", "stage_names", "recording"}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT)


def resolved_after(days: int, at: int = 1, id: str = "PD-2026-0001", **extra: object):  # type: ignore[no-untyped-def]
    end = date.fromordinal(d("2026-01-01").toordinal() + days).isoformat()
    return record(stage(at, "2026-01-01"), resolved=(at, end), id=id, **extra)  # type: ignore[arg-type]


def test_an_empty_register_has_every_key_with_zeros(policy: Policy) -> None:
    report = build_report([], policy, TODAY)
    assert set(report) == PROMISED_KEYS | EXTRA_KEYS
    assert report["as_of"] == "2026-11-22"
    assert report["totals"] == {"records": 0, "open": 0, "resolved": 0, "withdrawn": 0}
    assert set(report["stages"]) == {"1", "2", "3", "4", "5"}
    assert report["timescales"]["5"] == {"met": 0, "breached": 0, "pending": 0, "overdue": 0}
    days = report["days_to_resolution"]
    assert (days["count"], days["median"], days["max"], days["p90"]) == (0, None, None, None)
    assert days["by_stage"]["3"] == {"count": 0, "median": None, "max": None}
    assert report["outcomes"]["decision-changed"] == 0
    assert report["open_by_age"] == {"0-7": 0, "8-14": 0, "15-30": 0, "31-60": 0, "over 60": 0}


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([10, 2, 7, 4]) == 5.5
    assert median([3, 5]) == 4
    assert median([9]) == 9


def test_p90_is_the_nearest_rank() -> None:
    assert percentile(list(range(1, 11)), 90) == 9
    assert percentile(list(range(1, 12)), 90) == 10
    assert percentile([4], 90) == 4


def test_stage_counts_reached_resolved_open(policy: Policy) -> None:
    records = [
        record(stage(1, "2026-01-01"), stage(2, "2026-01-02"), id="PD-2026-0001"),
        record(stage(2, "2026-01-01"), resolved=(2, "2026-01-09"), id="PD-2026-0002"),
        record(stage(4, "2026-01-01"), withdrawn="2026-01-05", id="PD-2026-0003"),
    ]
    stages = build_report(records, policy, TODAY)["stages"]
    assert stages["1"] == {"reached": 1, "resolved": 0, "open": 0}
    assert stages["2"] == {"reached": 2, "resolved": 1, "open": 1}
    assert stages["4"] == {"reached": 1, "resolved": 0, "open": 0}


def test_days_to_resolution_overall_and_by_stage(policy: Policy) -> None:
    records = [
        resolved_after(2, 1, "PD-2026-0001"),
        resolved_after(10, 4, "PD-2026-0002"),
        resolved_after(20, 4, "PD-2026-0003"),
        resolved_after(
            31, 5, "PD-2026-0004", stages=(stage(5, "2026-01-01", group_date="2026-01-01"),)
        ),
    ]
    days = build_report(records, policy, TODAY)["days_to_resolution"]
    assert (days["count"], days["median"], days["max"], days["p90"]) == (4, 15, 31, 31)
    assert days["by_stage"]["4"] == {"count": 2, "median": 15, "max": 20}
    assert days["by_stage"]["1"] == {"count": 1, "median": 2, "max": 2}


def test_timescales_count_outcomes_and_skip_the_withdrawn_stage(policy: Policy) -> None:
    records = [
        record(stage(3, "2026-03-05", raised="2026-03-07"), id="PD-2026-0001"),
        record(stage(3, "2026-03-05", raised="2026-03-08"), id="PD-2026-0002"),
        record(stage(3, "2026-11-21"), id="PD-2026-0003"),
        record(stage(3, "2026-11-01"), id="PD-2026-0004"),
        record(stage(3, "2026-11-01"), withdrawn="2026-11-02", id="PD-2026-0005"),
    ]
    assert build_report(records, policy, TODAY)["timescales"]["3"] == {
        "met": 1,
        "breached": 1,
        "pending": 1,
        "overdue": 1,
    }


def test_agencies_matrix_categories_levels_and_outcomes(policy: Policy) -> None:
    records = [
        record(stage(1, "2026-01-01"), resolved=(1, "2026-01-02", "decision-changed")),
        record(
            stage(1, "2026-01-01"),
            id="PD-2026-0002",
            challenger_agency="Children's Social Care",
            challenged_agency="Kent Police",
            level_of_need="early-help",
            categories=("communication", "levels-of-need"),
        ),
    ]
    report = build_report(records, policy, TODAY)
    assert report["agencies"] == {
        "Children's Social Care": {"challenger": 1, "challenged": 1},
        "Kent Police": {"challenger": 1, "challenged": 1},
    }
    assert report["agency_matrix"] == {
        "Children's Social Care": {"Children's Social Care": 0, "Kent Police": 1},
        "Kent Police": {"Children's Social Care": 1, "Kent Police": 0},
    }
    assert report["categories"]["levels-of-need"] == 2
    assert report["categories"]["communication"] == 1
    assert report["categories"]["other"] == 0
    assert report["levels_of_need"]["early-help"] == 1
    assert report["levels_of_need"]["not-recorded"] == 1
    assert report["outcomes"] == {
        "decision-changed": 1,
        "decision-upheld": 0,
        "further-assessment": 0,
        "other": 0,
        "not-recorded": 0,
    }


def test_open_by_age_bands_at_their_edges(policy: Policy) -> None:
    opened = [
        "2026-11-15",
        "2026-11-14",
        "2026-11-08",
        "2026-10-23",
        "2026-10-22",
        "2026-09-23",
        "2026-09-22",
    ]
    records = [record(stage(1, day), id=f"PD-2026-{i:04d}") for i, day in enumerate(opened)]
    assert build_report(records, policy, TODAY)["open_by_age"] == {
        "0-7": 1,
        "8-14": 2,
        "15-30": 1,
        "31-60": 2,
        "over 60": 1,
    }


def test_learning_lists_what_was_said(policy: Policy) -> None:
    rec = resolved_after(3)
    said = rec.resolution.__class__(
        stage=1, date=d("2026-01-04"), effectiveness=" Clear. ", suggestions=""
    )
    report = build_report(
        [
            rec.__class__(**{**rec.__dict__, "resolution": said}),
            resolved_after(4, id="PD-2026-0002"),
        ],
        policy,
        TODAY,
    )
    assert report["learning"] == [
        {"id": "PD-2026-0001", "effectiveness": "Clear.", "suggestions": ""}
    ]


def test_opened_from_and_to_filter_on_opened(policy: Policy) -> None:
    records = [
        record(stage(1, day), id=f"PD-2026-{i:04d}")
        for i, day in enumerate(["2026-06-30", "2026-07-01", "2026-09-30", "2026-10-01"])
    ]
    start, end = period_range("2026-Q3")
    report = build_report(records, policy, TODAY, opened_from=start, opened_to=end)
    assert report["totals"]["records"] == 2
    assert report["period"] == {"from": "2026-07-01", "to": "2026-09-30"}


def test_periods() -> None:
    assert period_range("2026") == (d("2026-01-01"), d("2026-12-31"))
    assert period_range("2028-q1") == (d("2028-01-01"), d("2028-03-31"))
    assert period_range("2028-02") == (d("2028-02-01"), d("2028-02-29"))
    with pytest.raises(ValueError, match="not a period"):
        period_range("Q3 2026")


def test_overdue_most_overdue_first_and_only_open(policy: Policy) -> None:
    records = [
        record(stage(3, "2026-11-10"), id="PD-2026-0001"),
        record(stage(4, "2026-11-01"), id="PD-2026-0002"),
        record(stage(3, "2026-11-20"), id="PD-2026-0003"),
        record(stage(4, "2026-10-01"), withdrawn="2026-10-30", id="PD-2026-0004"),
    ]
    rows = overdue_disputes(records, policy, TODAY)
    assert [(r["id"], r["stage"], r["deadline"], r["days_overdue"]) for r in rows] == [
        ("PD-2026-0001", 3, "2026-11-12", 10),
        ("PD-2026-0002", 4, "2026-11-15", 7),
    ]
    assert rows[0]["challenger"] == "Kent Police"
    assert rows[0]["challenged"] == "Children's Social Care"

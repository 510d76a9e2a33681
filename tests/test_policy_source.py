"""Issue 23 item 4: the policy as written, from one source: stage names, timescales, the
policy page's table, "kept" as computed, and the deadline of a referral awaiting the group."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from report_records import record, stage

from disputes.disclosure.public import least_days, overdue_min_age
from disputes.policy.settings import Policy, policy_from_text
from disputes.policy.timescales import next_deadline, stage_timescales
from disputes.records.config import ConfigError
from disputes.records.model import Stage
from disputes.report.build import build_report, overdue_list
from disputes.report.kept import KEPT_DEFINITION, kept_share
from disputes.report.render import report_text
from disputes.site.pages.policy import POLICY_TABLE, fill_policy_page, policy_table

POLICY_TEXT = (REPO_ROOT / "schema/policy.yml").read_text(encoding="utf-8")
SCHEMA_TEXT = (REPO_ROOT / "schema/policy.schema.json").read_text(encoding="utf-8")
TODAY = date(2026, 11, 22)


def policy(text: str = POLICY_TEXT) -> Policy:
    return policy_from_text(text, SCHEMA_TEXT)


def without_referral_deadline() -> Policy:
    text = re.sub(r"(?m)^referral_to_meeting: .*$", "", POLICY_TEXT)
    return policy(text)


def referral(referred: str, **more: object) -> list:  # type: ignore[type-arg]
    """A record referred to the QAPM group on `referred` (stage 4 ended that day)."""
    five = stage(5, referred, **more)
    return [record(stage(4, "2026-10-01"), Stage(**{**five.__dict__, "referred": five.started}))]


def test_a_referral_past_the_group_deadline_without_a_date_is_overdue() -> None:
    # Monday 26 October 2026 + 20 working days: Monday 23 November.
    [rec] = referral("2026-10-26")
    five = stage_timescales(rec, policy(), date(2026, 11, 24))[1]
    assert (five.deadline, five.outcome, five.days_overdue) == (date(2026, 11, 23), "overdue", 1)
    assert five.waiting_for_group
    assert stage_timescales(rec, policy(), date(2026, 11, 23))[1].outcome == "pending"
    [row] = overdue_list([rec], policy(), date(2026, 11, 24))
    assert (row.stage, row.deadline, row.days_overdue) == (5, "2026-11-23", 1)
    upcoming = next_deadline(rec, policy(), date(2026, 11, 2))
    assert upcoming is not None and upcoming.deadline == date(2026, 11, 23)


def test_before_the_partnership_sets_the_deadline_a_waiting_referral_is_never_overdue() -> None:
    [rec] = referral("2026-01-05")
    five = stage_timescales(rec, without_referral_deadline(), TODAY)[1]
    assert (five.deadline, five.outcome) == (None, None)


def test_once_the_group_has_a_date_its_two_months_apply() -> None:
    [rec] = referral("2026-10-26", group_date="2026-12-10")
    five = stage_timescales(rec, policy(), date(2026, 12, 20))[1]
    assert (five.deadline, five.outcome, five.waiting_for_group) == (
        date(2027, 2, 10),
        "pending",
        False,
    )


def test_the_deadline_comes_from_policy_yml() -> None:
    [rec] = referral("2026-10-26")
    edited = policy(POLICY_TEXT.replace("referral_to_meeting: 20", "referral_to_meeting: 5"))
    five = stage_timescales(rec, edited, TODAY)[1]
    assert (five.deadline, five.outcome, five.days_overdue) == (date(2026, 11, 2), "overdue", 20)


@pytest.mark.parametrize("value", ["0", "twenty", "20.5", "{amount: 20}"])
def test_a_bad_referral_deadline_names_the_file_and_the_key(value: str) -> None:
    with pytest.raises(ConfigError, match=r"policy.yml: referral_to_meeting: "):
        policy(POLICY_TEXT.replace("referral_to_meeting: 20", f"referral_to_meeting: {value}"))


def test_the_report_shows_the_referral_rule_and_counts_the_overdue_referral() -> None:
    [rec] = referral("2026-10-26")
    report = build_report([rec], policy(), date(2026, 11, 24))
    assert report["timescales"]["5"]["overdue"] == 1
    assert report["timescale_rules"]["5"]["waiting"] == (
        "The QAPM group meets within 20 working days of the referral."
    )
    text = report_text(report)
    assert "Stage 5, waiting for a group date: The QAPM group meets within 20 working" in text


def test_a_quicker_referral_deadline_lowers_the_public_least_overdue_age() -> None:
    quick = policy(POLICY_TEXT.replace("referral_to_meeting: 20", "referral_to_meeting: 5"))
    five = quick.timescale(5)
    assert five is not None and quick.referral is not None
    assert overdue_min_age(quick)["5"] == least_days(quick.referral) < least_days(five)


def test_every_stage_is_named_as_policy_yml_names_it() -> None:
    edited = policy(
        POLICY_TEXT.replace("name: Worker and supervisor", "name: Worker and team leader").replace(
            "name: The two workers", "name: Both workers talk"
        )
    )
    report = build_report([], edited, TODAY)
    assert report["stage_names"]["1"] == "Worker and team leader"
    assert report["stage_names"]["2"] == "Both workers talk"
    text = report_text(report)
    assert "1  Worker and team leader" in text and "2  Both workers talk" in text
    assert "Worker and their own manager" not in text  # the name the report's code once had


def test_the_text_report_states_kept_as_it_computes_it() -> None:
    counts = {"met": 3, "breached": 1, "pending": 5, "overdue": 2}
    assert kept_share(counts) == "50%"  # 3 of 3 + 1 + 2: overdue counts, pending does not
    report = build_report([], policy(), TODAY)
    text = " ".join(report_text(report).split())
    assert KEPT_DEFINITION in text
    assert "met or breached" not in text


def test_the_policy_table_says_what_the_policy_file_says() -> None:
    edited = policy(
        POLICY_TEXT.replace("{amount: 48, unit: hours}", "{amount: 3, unit: working_days}")
    )
    table = policy_table(edited)
    assert (
        "| 3 | Managers of the two agencies | concern raised with the other agency's manager "
        "within 3 working days of the stage starting |"
    ) in table
    assert "| 1 | Worker and supervisor | none set |" in table
    assert "before the group has a date: the QAPM group meets within 20 working days of the " in (
        table
    )
    assert "48 hours" not in table


def test_the_policy_page_keeps_its_own_words_around_the_table() -> None:
    page = (REPO_ROOT / "site/policy.md").read_text(encoding="utf-8")
    assert POLICY_TABLE in page and "48 hours" not in page and "14 days" not in page
    filled = fill_policy_page(page, policy())
    assert POLICY_TABLE not in filled and "| Stage | Who | Timescale |" in filled
    assert filled.startswith("# The policy\n")
    assert fill_policy_page("# Ours\n\nNo table.\n", policy()) == "# Ours\n\nNo table.\n"


def test_no_stage_name_is_written_in_the_code() -> None:
    names = [line.split(": ", 1)[1] for line in POLICY_TEXT.splitlines() if "  name: " in line]
    tools = Path(REPO_ROOT / "tools/disputes")
    for source in tools.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for name in names:
            assert f'"{name}"' not in text, f"{source} names a stage: {name}"


def test_a_timescale_the_policy_gives_stage_2_is_reported_not_a_crash() -> None:
    timed = POLICY_TEXT.replace(
        "    needs: [challenger_worker, challenged_worker]\n",
        "    needs: [challenger_worker, challenged_worker]\n    clock_starts: started\n"
        "    clock_stops: ended\n    allowance: {amount: 5, unit: working_days}\n",
    )
    rec = record(stage(2, "2026-11-02"), stage(3, "2026-11-16"))
    report = build_report([rec], policy(timed), TODAY)
    assert list(report["timescales"]) == ["2", "3", "4", "5"]
    assert report["timescales"]["2"]["breached"] == 1  # 5 working days end on 9 November
    assert "      2  5 working days" in report_text(report)


def test_a_stage_name_cannot_put_html_or_a_cell_break_into_the_policy_page() -> None:
    hostile = POLICY_TEXT.replace(
        "name: The two workers", "name: '<script>alert(1)</script> | [x](javascript:y)'"
    )
    table = policy_table(policy(hostile))
    row = next(line for line in table.splitlines() if line.startswith("| 2 |"))
    assert "<script>" not in row and "&lt;script&gt;" in row
    assert row.count(" | ") == 2 and "\\|" in row  # still three cells
    assert "\\[x\\]" in row  # no link

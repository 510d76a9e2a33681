"""The rules a schema cannot express, one function each, on typed Records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from conftest import valid_record_text

from disputes.records import rules
from disputes.records.frontmatter import parse_record_text
from disputes.records.load import build_record
from disputes.records.model import Person, Record, Resolution, Stage, Withdrawal
from disputes.records.validate import agency_names, record_issues

TODAY = date(2026, 11, 22)
FILE = "records/2026/PD-2026-0007.md"
AGENCIES = ["Kent Police", "Children's Social Care", "Community Health Services"]


def example(text: str | None = None, file: str = FILE) -> Record:
    parsed = parse_record_text(text or valid_record_text())
    return build_record(parsed.data, file, parsed.body)


def findings(rule: rules.Rule, record: Record) -> list[tuple[str, str]]:
    return [(".".join(map(str, path)), message) for path, message in rule(record, TODAY)]


def with_stages(record: Record, *stages: Stage) -> Record:
    return replace(record, stages=stages)


@pytest.mark.parametrize("rule", rules.RULES + rules.WARNING_RULES, ids=lambda r: r.__name__)
def test_the_spec_example_passes_every_rule(rule: rules.Rule) -> None:
    assert findings(rule, example()) == []


def test_record_issues_of_the_example_is_empty() -> None:
    parsed = parse_record_text(valid_record_text())
    record = build_record(parsed.data, FILE, parsed.body)
    assert record_issues(record, parsed, TODAY, AGENCIES) == []


def test_id_must_match_file_name_and_year() -> None:
    record = example(file="records/2025/PD-2026-0008.md")
    assert findings(rules.file_location, record) == [
        (
            "id",
            "the id PD-2026-0007 does not match the file name PD-2026-0008.md; rename the "
            "file to PD-2026-0007.md or correct the id",
        ),
        ("opened", "a record opened in 2026 belongs in records/2026/, not records/2025/"),
    ]
    wrong_year = replace(example(), id="PD-2025-0007", file="records/2026/PD-2025-0007.md")
    assert findings(rules.file_location, wrong_year) == [
        ("id", "the id PD-2025-0007 should carry the year opened, 2026")
    ]


def stage(number: int, day: int, **more: object) -> Stage:
    return Stage(number, date(2026, 3, day), **more)  # type: ignore[arg-type]


def test_stage_gap() -> None:
    record = with_stages(example(), stage(1, 2), stage(2, 3), stage(4, 12))
    assert findings(rules.stage_order, record) == [
        (
            "stages.2.stage",
            "stage 2 is followed by stage 4; stage 3 is missing (no stage may be skipped)",
        )
    ]


@pytest.mark.parametrize(
    "numbers", [(2, 1), (1, 1), (1, 2, 2), (1, 3, 2)], ids=["backwards", "twice", "repeat", "swap"]
)
def test_stages_out_of_order_or_repeated(numbers: tuple[int, ...]) -> None:
    record = with_stages(example(), *(stage(n, 2) for n in numbers))
    messages = [m for _, m in findings(rules.stage_order, record)]
    assert any("list each stage once, in order" in m for m in messages)


def test_started_never_decreases_and_not_before_opened() -> None:
    record = with_stages(example(), stage(1, 1), stage(2, 5), stage(3, 4))
    assert findings(rules.stage_order, record) == [
        ("stages.2.started", "stage 3 started on 2026-03-04, before stage 2 started (2026-03-05)"),
        (
            "stages.0.started",
            "stage 1 started on 2026-03-01, before the dispute was opened (2026-03-02)",
        ),
    ]


def test_dates_and_date_times_mix_without_error() -> None:
    nine = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    west = datetime(2026, 3, 6, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    record = with_stages(
        example(), stage(1, 5), Stage(2, nine), stage(3, 6, raised=west), Stage(4, west)
    )
    assert findings(rules.stage_order, record) == []
    assert findings(rules.stage_events, record) == []
    assert findings(rules.stage_order, with_stages(record, Stage(1, nine), stage(2, 4))) == [
        ("stages.1.started", "stage 2 started on 2026-03-04, before stage 1 started (2026-03-05)")
    ]


def test_raised_before_started_and_group_before_stage_5() -> None:
    record = with_stages(
        example(),
        stage(3, 5, raised=date(2026, 3, 4)),
        stage(4, 6),
        stage(5, 10, group_date=date(2026, 3, 9), panel=("A", "B", "C")),
    )
    assert findings(rules.stage_events, record) == [
        (
            "stages.0.raised",
            "the concern was raised on 2026-03-04, before stage 3 started (2026-03-05)",
        ),
        (
            "stages.2.group_date",
            "the QAPM group met on 2026-03-09, before stage 5 started (2026-03-10)",
        ),
    ]


@pytest.mark.parametrize(
    ("panel", "ok"),
    [
        (("Kent Police", "Children's Social Care", "Community Health Services"), True),
        (("Kent Police", "kent police ", "Children's Social Care"), False),
        (("Kent Police", "Children's Social Care"), False),
        ((), False),
    ],
)
def test_stage_5_panel_needs_three_distinct_agencies(panel: tuple[str, ...], ok: bool) -> None:
    record = with_stages(example(), stage(5, 3, group_date=date(2026, 3, 4), panel=panel))
    expected = [] if ok else [
        ("stages.0.panel", "the QAPM panel needs representatives of at least three different agencies")
    ]  # fmt: skip
    assert findings(rules.stage_events, record) == expected


def test_managers_belong_to_stages_3_to_5() -> None:
    # Issue 12 changed this: stage 4's operations managers are recorded too.
    manager = Person("Ann Lee", "DS", "Kent Police", "a@b.example")
    record = with_stages(example(), stage(1, 2, challenger_manager=manager))
    assert findings(rules.stage_events, record) == [
        (
            "stages.0",
            "managers are named from stage 3 on; stages 1 and 2 name the workers and supervisor",
        )
    ]
    at_stage_4 = replace(example(), immediate_risk=True)
    at_stage_4 = with_stages(at_stage_4, stage(4, 2, challenger_manager=manager))
    assert findings(rules.stage_events, at_stage_4) == []


def test_dates_in_the_future() -> None:
    record = replace(
        example(),
        stages=(stage(1, 2), Stage(2, datetime(2026, 11, 23, 0, 30, tzinfo=UTC))),
        resolution=Resolution(2, date(2026, 11, 22)),
        sign_off={},
    )
    assert findings(rules.not_in_future, record) == [
        ("stages.1.started", "the date 2026-11-23 is in the future (today is 2026-11-22)")
    ]
    assert findings(rules.not_in_future, replace(record, opened=TODAY)) != []
    assert findings(rules.not_in_future, example()) == []


def test_today_is_not_the_future() -> None:
    record = replace(example(), opened=TODAY, stages=(Stage(1, TODAY),), resolution=None)
    assert findings(rules.not_in_future, record) == []


def test_resolution_at_the_last_stage_not_before_it_started() -> None:
    record = replace(example(), resolution=Resolution(3, date(2026, 3, 11)))
    assert findings(rules.closing, record) == [
        ("resolution.stage", "resolved at stage 3, but the last stage listed is 4; a dispute is resolved at its last stage"),
        ("resolution.date", "resolved on 2026-03-11, before its last stage started (2026-03-12)"),
    ]  # fmt: skip


def test_resolved_on_the_day_the_last_stage_started() -> None:
    record = replace(example(), resolution=Resolution(4, date(2026, 3, 12)), sign_off={})
    assert findings(rules.closing, record) == []


def test_withdrawn_before_the_last_stage_started() -> None:
    record = replace(
        example(), status="withdrawn", resolution=None, withdrawn=Withdrawal(date(2026, 3, 11), "x")
    )
    assert findings(rules.closing, record) == [
        ("withdrawn.date", "withdrawn on 2026-03-11, before its last stage started (2026-03-12)")
    ]


def test_sign_off_needed_from_stage_3() -> None:
    assert findings(rules.sign_off, replace(example(), sign_off={})) == [
        (
            "sign_off",
            "resolved at stage 3 or later, so both managers must sign the form: add sign_off "
            "with challenger_manager and challenged_manager (name, designation, agency, date)",
        )
    ]
    early = replace(
        example(), stages=(stage(1, 2), stage(2, 3)), resolution=Resolution(2, date(2026, 3, 4))
    )
    assert findings(rules.sign_off, replace(early, sign_off={})) == []


def test_sign_off_by_the_managers_named_at_stage_3_after_resolution() -> None:
    record = example()
    signed = dict(record.sign_off)
    signed["challenged_manager"] = replace(signed["challenged_manager"], name="Bob Khan")
    signed["challenger_manager"] = replace(signed["challenger_manager"], date=date(2026, 3, 19))
    assert findings(rules.sign_off, replace(record, sign_off=signed)) == [
        ("sign_off.challenger_manager.date", "signed on 2026-03-19, before the dispute was resolved (2026-03-20)"),
        ("sign_off.challenged_manager.name", "signed by Bob Khan, but the challenged manager named at stage 3 is Bo Khan"),
    ]  # fmt: skip


def test_challenger_and_challenged_differ() -> None:
    record = replace(example(), challenged_agency=" kent police")
    assert findings(rules.parties, record) == [
        (
            "challenged.agency",
            "the challenged agency is the same as the challenger; a professional difference "
            "between two agencies names both",
        )
    ]


def test_required_headings_once_resolved() -> None:
    body = "## Summary of reason for dispute\n\n## Views of the agencies\n\nx\n"
    assert findings(rules.body_headings, replace(example(), body=body)) == [
        ("body", "the section '## Summary of reason for dispute' is empty; a resolved dispute needs it"),
        ("body", "the heading '## Agreed outcomes and actions' is missing from the text below the fields; a resolved dispute needs it"),
    ]  # fmt: skip
    open_record = replace(example(), status="open", resolution=None, body=body)
    assert findings(rules.body_headings, open_record) == []


def test_headings_matched_whole_not_by_prefix_or_level() -> None:
    body = (
        "### Summary of reason for dispute\n\ntext\n"
        "## Agreed outcomes and actions so far\n\ntext\n"
        "## Summary of reason for dispute ##\n\ntext\n"
    )
    messages = [m for _, m in findings(rules.body_headings, replace(example(), body=body))]
    assert messages == [
        "the heading '## Agreed outcomes and actions' is missing from the text below the "
        "fields; a resolved dispute needs it"
    ]


def test_form_headings_are_a_warning_for_an_open_record() -> None:
    open_record = replace(example(), status="open", resolution=None, body="## Additional notes\n")
    assert [m for _, m in findings(rules.form_headings, open_record)] == [
        "the form's heading '## Summary of reason for dispute' is missing from the text below the fields",
        "the form's heading '## Views of the agencies' is missing from the text below the fields",
        "the form's heading '## Agreed outcomes and actions' is missing from the text below the fields",
    ]  # fmt: skip


def test_agency_names_not_on_the_list() -> None:
    data = parse_record_text(valid_record_text()).data
    data["challenger"]["agency"] = "kent police"
    data["stages"][2]["challenged_manager"]["agency"] = "Childrens Social Care"
    found = dict(agency_names(data, AGENCIES))
    assert found[("challenger", "agency")].startswith(
        "'kent police' is not in the partnership's list of agencies (schema/agencies.yml); "
        "did you mean 'Kent Police'?"
    )
    assert (
        "did you mean 'Children's Social Care'?"
        in found[("stages", 2, "challenged_manager", "agency")]
    )
    assert len(found) == 2


def test_no_agency_list_means_no_agency_warnings() -> None:
    data = parse_record_text(valid_record_text()).data
    data["challenger"]["agency"] = "Anything"
    assert list(agency_names(data, [])) == []


def test_record_issues_locate_body_problems_at_the_body() -> None:
    text = valid_record_text().replace("## Agreed outcomes and actions\n", "")
    parsed = parse_record_text(text)
    record = build_record(parsed.data, FILE, parsed.body)
    issues = record_issues(record, parsed, TODAY, AGENCIES)
    assert [(i.line, i.path, i.severity) for i in issues] == [(parsed.body_line, "body", "error")]

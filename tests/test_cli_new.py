"""`disputes new`: options or prompts in, a valid record at records/<year>/<id>.md out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from conftest import AS_OF, MakeRegister, run_cli, valid_record_text

from disputes.edit.create import next_id

BASICS = [
    "--title", "Threshold for a child in need assessment",
    "--opened", "2026-11-20",
    "--child-reference", "C-104233",
    "--challenger-agency", "Kent Police",
    "--challenged-agency", "Children's Social Care",
    "--category", "levels-of-need",
    "--no-immediate-risk", "--level-of-need", "child-in-need",
    # Issue 12: a new record names what its first stage needs (schema/policy.yml).
    "--worker-name", "Sam Patel", "--worker-designation", "Detective Constable",
    "--supervisor-name", "Di Shah", "--supervisor-designation", "Detective Sergeant",
    "--aim", "An assessment of the child's needs",
]  # fmt: skip

MANAGERS = [
    "--challenger-manager-name", "Ann Lee",
    "--challenger-manager-designation", "Detective Sergeant",
    "--challenger-manager-agency", "Kent Police",
    "--challenger-manager-email", "ann.lee@police.example",
    "--challenged-manager-name", "Bo Khan",
    "--challenged-manager-designation", "Team Manager",
    "--challenged-manager-agency", "Children's Social Care",
    "--challenged-manager-email", "bo.khan@csc.example",
]  # fmt: skip

EVERY_OPTION_TEXT = """\
---
id: PD-2026-0001
version: 2
title: Threshold for a child in need assessment
status: open
opened: 2026-11-20
immediate_risk: true
level_of_need: child-in-need
categories: [levels-of-need, communication]
child:
  reference: C-104233   # the agencies' case reference; never a name
challenger:
  agency: Kent Police
  worker: {name: Sam Patel, designation: Detective Constable}
challenged:
  agency: Children's Social Care
stages:
  - stage: 3
    started: 2026-11-21
    challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, email: ann.lee@police.example}
    challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's Social Care, email: bo.khan@csc.example}
---
## Summary of reason for dispute

Police asked for an assessment; social care closed the referral.

## Views of the agencies

### Kent Police

### Children's Social Care

## Record of each stage

## Agreed outcomes and actions

## Outstanding issues and how they will be pursued

## Additional notes

"""


def new(root: Path, *args: str, input: str | None = None) -> Result:
    return run_cli(["new", "--root", str(root), "--as-of", AS_OF, *args], input=input)


def validate_clean(root: Path) -> None:
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("checked: no problems found.\n")


STAGE_1 = BASICS[BASICS.index("--supervisor-name") :]


def test_every_option(make_register: MakeRegister) -> None:
    root = make_register()
    extra = [a for a in BASICS if a not in STAGE_1]
    extra += ["--category", "communication", "--immediate-risk"]
    extra += ["--stage", "3", "--started", "2026-11-21"]
    extra += ["--summary", "Police asked for an assessment; social care closed the referral."]
    result = new(root, *extra, *MANAGERS)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Created records/2026/PD-2026-0001.md (PD-2026-0001). Open it to write the summary "
        "and each agency's view, then run: disputes validate\n"
    )
    assert (root / "records/2026/PD-2026-0001.md").read_text(encoding="utf-8") == EVERY_OPTION_TEXT
    validate_clean(root)


def test_ids_follow_on(make_register: MakeRegister) -> None:
    root = make_register()
    assert new(root, *BASICS).exit_code == 0
    assert new(root, *BASICS).exit_code == 0
    assert sorted(p.name for p in (root / "records/2026").iterdir()) == [
        "PD-2026-0001.md",
        "PD-2026-0002.md",
    ]
    validate_clean(root)


def test_next_id_after_the_highest_of_the_year(make_register: MakeRegister) -> None:
    existing = valid_record_text("PD-2026-0041")
    other_year = valid_record_text("PD-2025-0077").replace("opened: 2026", "opened: 2025")
    root = make_register(
        {"records/2026/PD-2026-0041.md": existing, "records/2025/PD-2025-0077.md": other_year}
    )
    assert next_id(root, 2026) == "PD-2026-0042"
    assert next_id(root, 2025) == "PD-2025-0078"
    assert next_id(root, 2027) == "PD-2027-0001"
    result = new(root, *BASICS)
    assert "Created records/2026/PD-2026-0042.md (PD-2026-0042)." in result.stdout
    assert (root / "records/2026/PD-2026-0042.md").is_file()


def test_opened_defaults_to_today(make_register: MakeRegister) -> None:
    root = make_register()
    args = [a for a in BASICS if a not in ("--opened", "2026-11-20")]
    assert new(root, *args).exit_code == 0
    text = (root / "records/2026/PD-2026-0001.md").read_text(encoding="utf-8")
    assert "opened: 2026-11-22\n" in text and "    started: 2026-11-22\n" in text


def test_prompts_answered(make_register: MakeRegister) -> None:
    # Issue 12: every answer is checked as it is given and asked again when wrong, so
    # nothing typed before is lost; agencies come from the list; the date defaults to today.
    root = make_register()
    answers = [
        "Threshold for a child in need assessment",
        "",  # opened: today
        "Jo Bloggs",  # a name, not a case reference: asked again
        "C-104233",
        "1",  # Kent Police, from the list
        "1",  # the same agency again: asked again
        "2",  # Children's Social Care
        "1,9",  # 9 is not a category: asked again
        "1,4",
        "n", "2", "",  # no immediate risk, child in need, stage 1
        "",  # started: the opened date
        "Sam Patel", "Detective Constable",  # the worker stage 1 needs
        "Di Shah", "Detective Sergeant", "",  # their supervisor, of the same agency
        "An assessment of the child's needs",
        "Police asked for an assessment; social care closed the referral.",
    ]  # fmt: skip
    result = new(root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("Created records/2026/PD-2026-0001.md (PD-2026-0001). "
                                  "Open it to write the summary and each agency's view, "
                                  "then run: disputes validate\n")  # fmt: skip
    assert (
        "Error: 'Jo Bloggs' is not in the expected form (Case reference: The agencies' case "
        "reference, e.g. C-104233: no spaces, at least one digit, never a name.)"
    ) in result.stdout
    assert "Error: '9' is not one of the numbers 1 to 5" in result.stdout
    assert "must be another agency than the challenger" in result.stderr
    assert " 12. Ambulance Service" in result.stdout
    text = (root / "records/2026/PD-2026-0001.md").read_text(encoding="utf-8")
    assert "opened: 2026-11-22\n" in text and "reference: C-104233 " in text
    assert "categories: [levels-of-need, communication]\n" in text
    assert "  worker: {name: Sam Patel, designation: Detective Constable}\n" in text
    assert (
        "    supervisor: {name: Di Shah, designation: Detective Sergeant, agency: Kent Police}\n"
        in text
    )
    validate_clean(root)


def test_stage_3_asks_for_both_managers(make_register: MakeRegister) -> None:
    root = make_register()
    answers = [
        "Ann Lee", "Detective Sergeant", "", "ann.lee@police.example",
        "Bo Khan", "Team Manager", "", "bo.khan@csc.example",
    ]  # fmt: skip
    result = new(root, *BASICS, "--stage", "3", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    for role in ("challenging", "challenged"):
        for part in ("name", "job title", "agency", "work email"):
            assert f"The {role} agency's manager's {part}" in result.stdout
    assert "Number or name [Kent Police]:" in result.stdout
    text = (root / "records/2026/PD-2026-0001.md").read_text(encoding="utf-8")
    assert (
        "    challenged_manager: {name: Bo Khan, designation: Team Manager, "
        "agency: Children's Social Care, email: bo.khan@csc.example}\n"
    ) in text
    validate_clean(root)


def test_stage_5_with_panel(make_register: MakeRegister) -> None:
    root = make_register()
    panel = ["Kent Police", "Children's Social Care", "Community Health Services"]
    args = ["--immediate-risk", "--stage", "5", "--group-date", "2026-11-21"]
    args += [item for agency in panel for item in ("--panel", agency)]
    result = new(root, *BASICS, *args)
    assert result.exit_code == 0, result.stderr
    text = (root / "records/2026/PD-2026-0001.md").read_text(encoding="utf-8")
    assert (
        "  - stage: 5\n    started: 2026-11-20\n    referred: 2026-11-20\n    group_date: 2026-11-21\n"
        "    panel: [Kent Police, Children's Social Care, Community Health Services]\n"
    ) in text
    validate_clean(root)


def test_text_that_needs_quoting_in_yaml_round_trips(make_register: MakeRegister) -> None:
    root = make_register()
    args = list(BASICS)
    args[1] = "Threshold: #1 priority, 'urgent' [again]"
    assert new(root, *args).exit_code == 0
    validate_clean(root)


def test_refused_record_writes_nothing(make_register: MakeRegister) -> None:
    root = make_register()
    result = new(root, *BASICS, "--summary", "A reversed \u202e word")  # the record's text rule
    assert result.exit_code == 1
    assert "The record was not written; correct the values above and run again.\n" in (
        result.stderr
    )
    assert list((root / "records").rglob("*")) == []


def test_the_same_agency_twice_is_refused_before_any_question(make_register: MakeRegister) -> None:
    root = make_register()
    args = list(BASICS)
    args[args.index("--challenged-agency") + 1] = "Kent Police"
    result = new(root, *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "Invalid value for --challenged-agency: the challenged agency must be another agency "
        "than the challenger"
    ) in result.stderr
    assert list((root / "records").rglob("*")) == []


def test_stage_4_without_immediate_risk_is_refused(make_register: MakeRegister) -> None:
    root = make_register()
    result = new(root, *BASICS, "--stage", "4")
    assert result.exit_code == 2  # the schema's rule, as given (issue 23)
    assert "it may start at stage 4 or 5 only when immediate_risk is true" in result.stderr
    assert list((root / "records").rglob("*.md")) == []


def test_future_opened_date_is_refused(make_register: MakeRegister) -> None:
    root = make_register()
    args = list(BASICS)
    args[args.index("--opened") + 1] = "2026-12-01"
    result = new(root, *args)
    assert result.exit_code == 2  # as given, before any question (issue 23)
    assert "Invalid value for --opened: 2026-12-01 is in the future (today is 2026-11-22)" in (
        result.stderr
    )
    assert list((root / "records").rglob("*.md")) == []


@pytest.mark.parametrize(
    ("missing", "prompt"),
    [
        ("--title", "Title (no names)"),  # each asked, in the form's order
        ("--child-reference", "Child's case reference (never a name)"),
        ("--challenger-agency", "Challenging agency"),
        ("--category", "Category"),
    ],
)
def test_missing_value_without_input_exits_2(
    make_register: MakeRegister, missing: str, prompt: str
) -> None:
    root = make_register()
    at = BASICS.index(missing)
    args = BASICS[:at] + BASICS[at + 2 :]
    result = new(root, *args, input="")
    assert result.exit_code == 2
    assert f"Error: {missing} is needed ({prompt}); pass it as an option\n" in result.stderr
    assert list((root / "records").rglob("*.md")) == []


def test_missing_manager_without_input_exits_2(make_register: MakeRegister) -> None:
    root = make_register()
    result = new(root, *BASICS, "--stage", "3", input="")
    assert result.exit_code == 2
    assert "Error: --challenger-manager-name is needed" in result.stderr


def test_not_a_register_exits_2(tmp_path: Path) -> None:
    result = new(tmp_path, *BASICS)
    assert result.exit_code == 2
    assert "is not a disputes register" in result.stderr
    assert not (tmp_path / "records").exists()

"""Issue 23, item 5: a mistake costs a retry, not the work.

Each answer is checked when it is given, by the rule `validate` applies to the field it fills;
a wrong one is asked again with a plain message and the answers given before it are kept.
These drive the real commands with typed input on real registers; on the old code each wrong
answer was accepted and the whole command refused after its last question.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from gitrepo import (
    CLERK,
    RECORD,
    TEST_DOMAINS,
    GitRepo,
    as_identity,
    fixture_record,
    open_committed,
)

from disputes.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")
ID = "PD-2026-0007"
BASICS = [
    "--title", "Threshold for a child in need assessment", "--opened", "2026-11-20",
    "--child-reference", "C-104233", "--challenged-agency", "Children's Social Care",
    "--category", "levels-of-need", "--no-immediate-risk", "--level-of-need", "child-in-need",
    "--worker-name", "Sam Patel", "--worker-designation", "Detective Constable",
]  # fmt: skip


def run(
    root: Path, *args: str, typed: list[str] | None = None, as_of: str = "2026-11-22"
) -> Result:
    stdin = "\n".join(typed) + "\n" if typed is not None else None
    return CliRunner().invoke(
        main, [*args, "--root", str(root), "--as-of", as_of], input=stdin, catch_exceptions=False
    )


def with_domains(root: Path) -> Path:
    agencies = root / "schema/agencies.yml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + TEST_DOMAINS, encoding="utf-8")
    return root


def written(root: Path) -> list[Path]:
    return sorted((root / "records").rglob("*.md"))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = open_committed(tmp_path / "register")
    with_domains(made.path)
    return made


def test_new_asks_again_for_an_email_outside_the_managers_agency(tmp_path: Path) -> None:
    root = with_domains(GitRepo(tmp_path / "register").path)
    typed = [
        "Ann Lee", "Detective Sergeant", "", "ann.lee@gmail.example",  # not Kent Police's
        "ann.lee@police.example",
        "Bo Khan", "Team Manager", "", "bo.khan@police.example",  # police, for social care
        "bo.khan@csc.example",
    ]  # fmt: skip
    result = run(root, "new", *BASICS, "--challenger-agency", "Kent Police", "--stage", "3",
                 typed=typed)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "Error: ann.lee@gmail.example is not an email address of Kent Police "
        "(schema/agencies.yml lists @police.example)"
    ) in result.stdout
    assert "Error: bo.khan@police.example is not an email address of Children's Social Care" in (
        result.stdout
    )
    text = written(root)[0].read_text(encoding="utf-8")
    assert "{name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, " in text
    assert "email: ann.lee@police.example}" in text and "email: bo.khan@csc.example}" in text


def test_escalate_asks_again_for_an_email_outside_the_managers_agency(repo: GitRepo) -> None:
    typed = [
        "Cy Dean", "Inspector", "", "cy.dean@csc.example",  # social care's domain, for police
        "cy.dean@police.example",
        "Di Ray", "Service Manager", "", "di.ray@csc.example",
    ]  # fmt: skip
    result = run(repo.path, "escalate", ID, "--date", "2026-03-12", typed=typed,
                 as_of="2026-03-13")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Error: cy.dean@csc.example is not an email address of Kent Police" in result.stdout
    text = repo.read(RECORD)
    assert "{name: Cy Dean, designation: Inspector, agency: Kent Police, " in text
    assert "email: cy.dean@police.example}" in text


def test_an_email_option_outside_the_agency_stops_before_any_question(repo: GitRepo) -> None:
    before = repo.read(RECORD)
    result = run(
        repo.path, "escalate", ID, "--date", "2026-03-12",
        "--challenger-manager-name", "Cy Dean", "--challenger-manager-designation", "Inspector",
        "--challenger-manager-agency", "Kent Police",
        "--challenger-manager-email", "cy.dean@csc.example", typed=[], as_of="2026-03-13",
    )  # fmt: skip
    assert result.exit_code == 2 and "?" not in result.stdout and ":" not in result.stdout
    assert "Invalid value for --challenger-manager-email: cy.dean@csc.example is not an email " in (
        result.stderr
    )
    assert repo.read(RECORD) == before


def test_resolve_asks_for_a_missing_summary_before_its_other_questions(repo: GitRepo) -> None:
    summary = "Police consider the threshold for a child in need assessment is met.\n"
    repo.write(RECORD, fixture_record().replace(summary, ""))
    typed = [
        "2026-03-20",  # date resolved
        "   ",  # an empty summary: asked again at once
        "Police asked for an assessment; social care closed the referral.",
        "The assessment goes ahead",  # decision
        "",  # shared with: the worker named in the record
        "y",  # debrief
        "It gave a clear route",  # effectiveness
        "A contact list of managers",  # suggestions
        "",  # outstanding: None.
    ]
    result = run(repo.path, "resolve", ID, typed=typed, as_of="2026-03-21")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    asked = [n for n, line in enumerate(lines) if line.startswith("The reason for the dispute")]
    decision = next(n for n, line in enumerate(lines) if "The decision reached" in line)
    assert asked and asked[0] < decision  # asked before the form's closing questions
    assert "Error: the section '## Summary of reason for dispute' is empty" in result.stdout
    text = repo.read(RECORD)
    assert (
        "## Summary of reason for dispute\n\nPolice asked for an assessment; social care " in text
    )
    assert "status: resolved" in text and "effectiveness: It gave a clear route" in text


def test_an_empty_summary_option_is_refused_before_any_question(repo: GitRepo) -> None:
    summary = "Police consider the threshold for a child in need assessment is met.\n"
    repo.write(RECORD, fixture_record().replace(summary, ""))
    result = run(repo.path, "resolve", ID, "--date", "2026-03-20", "--summary", " ", typed=[],
                 as_of="2026-03-21")  # fmt: skip
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "Invalid value for --summary: the section '## Summary of reason for dispute' is empty"
        in (result.stderr)
    )


def test_an_unlisted_agency_is_refused_with_the_closest_names(tmp_path: Path) -> None:
    root = GitRepo(tmp_path / "register").path
    typed = [
        "Kent Polce",  # a typo: the closest listed name is offered, and asked again
        "n",  # not an agency the list lacks
        "1",  # Kent Police
        "", "",  # stage 1, started the day it was opened
        "Di Shah", "Detective Sergeant", "",  # the supervisor, of the same agency
        "An assessment of the child's needs",
        "",  # the summary: written later
    ]  # fmt: skip
    result = run(root, "new", *BASICS, typed=typed)
    assert result.exit_code == 0, result.output
    assert (
        "Error: 'Kent Polce' is not in the partnership's list of agencies (schema/agencies.yml). "
        "Did you mean 'Kent Police'?"
    ) in result.stderr
    text = written(root)[0].read_text(encoding="utf-8")
    assert "challenger:\n  agency: Kent Police\n" in text and "Kent Polce" not in text


def test_an_unlisted_agency_option_needs_the_override(tmp_path: Path) -> None:
    root = GitRepo(tmp_path / "register").path
    rest = [*BASICS, "--supervisor-name", "Di Shah", "--supervisor-designation", "Sergeant",
            "--aim", "An assessment"]  # fmt: skip
    refused = run(root, "new", *rest, "--challenger-agency", "Kent Polce")
    assert refused.exit_code == 2 and written(root) == []
    assert "Did you mean 'Kent Police'?" in refused.stderr
    kept = run(root, "new", *rest, "--challenger-agency", "Northshire Police", "--unlisted-agency")
    assert kept.exit_code == 0, kept.output
    assert "challenger:\n  agency: Northshire Police\n" in written(root)[0].read_text("utf-8")


def test_an_unlisted_agency_confirmed_at_the_prompt_is_kept(tmp_path: Path) -> None:
    root = GitRepo(tmp_path / "register").path
    typed = ["Northshire Police", "y", "", "", "Di Shah", "Sergeant", "", "An assessment", ""]
    result = run(root, "new", *BASICS, typed=typed)
    assert result.exit_code == 0, result.output
    assert "Is 'Northshire Police' an agency the list does not hold?" in result.stdout
    assert "challenger:\n  agency: Northshire Police\n" in written(root)[0].read_text("utf-8")


def test_a_blank_withdrawal_reason_is_asked_again(repo: GitRepo) -> None:
    result = run(repo.path, "withdraw", ID, "--date", "2026-03-20", typed=["  ", "No"],
                 as_of="2026-03-21")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Reason for withdrawing: " in result.stdout
    assert "    reason: 'No'\n" in repo.read(RECORD) or "  reason: 'No'\n" in repo.read(RECORD)


def test_amend_fixes_a_mistyped_agency_wherever_the_record_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_identity(monkeypatch, CLERK, "2026-03-21T09:00:00Z")
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record().replace("Kent Police", "Kent Polce"))
    made.commit("Open PD-2026-0007 with a typo", when="2026-03-06T09:00:00Z")
    made.git("branch", "base")
    strict = run(made.path, "validate", "--strict", as_of="2026-03-21")
    assert strict.exit_code == 1 and "did you mean 'Kent Police'?" in strict.output
    result = run(made.path, "amend", ID, "--reason", "Agency misspelt",
                 "--rename-agency", "Kent Polce=Kent Police", as_of="2026-03-21")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = made.read(RECORD)
    assert "Kent Polce" not in text and text.count("Kent Police") == 3  # the view's heading too
    assert text.replace("Kent Police", "Kent Polce") == fixture_record().replace(
        "Kent Police", "Kent Polce"
    )  # nothing else changed
    assert "Amends: PD-2026-0007 Agency misspelt" in made.git("log", "-1", "--format=%B")
    assert run(made.path, "validate", "--strict", as_of="2026-03-21").exit_code == 0
    gate = CliRunner().invoke(main, ["check", "--base", "base", "--root", str(made.path)])
    assert gate.exit_code == 0, gate.output


def test_amend_sets_any_field_by_the_path_validate_prints(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_identity(monkeypatch, CLERK, "2026-03-21T09:00:00Z")
    result = run(repo.path, "amend", ID, "--reason", "Corrections",
                 "--set", "stages[3].raised=2026-03-07", "--set", "categories=communication,other",
                 "--set", "title=No", "--set", "immediate_risk=yes", as_of="2026-03-21")  # fmt: skip
    assert result.exit_code == 2  # 'No' is too short for a title: refused before anything
    assert "Invalid value for --set: title: it is too short (at least 3 characters)" in (
        result.stderr
    )
    assert repo.read(RECORD) == fixture_record()
    result = run(repo.path, "amend", ID, "--reason", "Corrections",
                 "--set", "stages[3].raised=2026-03-07", "--set", "categories=communication,other",
                 "--set", "title=Yes, a threshold", as_of="2026-03-21")  # fmt: skip
    assert result.exit_code == 0, result.output
    text = repo.read(RECORD)
    assert "    raised: 2026-03-07        # concern reached" in text  # its comment kept
    assert "categories: [communication, other]\n" in text and "title: Yes, a threshold\n" in text
    assert "Amend PD-2026-0007\n" in repo.git("log", "-1", "--format=%B")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("challenger.agency=Kent Polce", "Did you mean 'Kent Police'?"),
        ("stages[0].started=2026-03-02", "is not a field as validate names it"),
        ("stages[3].raised=2026-02-30", "'2026-02-30' is not a real date"),
        ("stages[3].challenger_manager.email=ann@csc.example", "not an email address of"),
        ("challenger.agency", "should be FIELD=VALUE"),
        ("colour=blue", "colour is not a field of a record"),
    ],
)
def test_a_wrong_set_is_refused_before_anything_is_written(
    repo: GitRepo, given: str, message: str
) -> None:
    head = repo.git("rev-parse", "HEAD")
    result = run(repo.path, "amend", ID, "--reason", "Corrections", "--set", given,
                 as_of="2026-03-21")  # fmt: skip
    if "email=" in given:  # the email's agency is the record's: checked when written
        assert result.exit_code == 1 and message in result.output
    else:
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert repo.read(RECORD) == fixture_record() and repo.git("rev-parse", "HEAD") == head


def test_a_date_before_the_stage_began_is_asked_again_before_the_next_question(
    repo: GitRepo,
) -> None:
    typed = [
        "2026-03-01",  # stage 3 started on 2026-03-05: asked again, before the managers
        "2026-03-12",
        "Cy Dean", "Inspector", "", "cy.dean@police.example",
        "Di Ray", "Service Manager", "", "di.ray@csc.example",
    ]  # fmt: skip
    result = run(repo.path, "escalate", ID, typed=typed, as_of="2026-03-13")
    assert result.exit_code == 0, result.output
    assert "Error: 2026-03-01 is before 2026-03-05, when stage 3 started" in result.stdout
    assert "  - stage: 4\n    started: 2026-03-12\n" in repo.read(RECORD)


@pytest.mark.parametrize(
    "args",
    [
        ["escalate", ID, "--date", "2026-03-01"],
        ["resolve", ID, "--date", "2026-03-01"],
        ["withdraw", ID, "--date", "2026-03-01", "--reason", "Agreed"],
        ["raised", ID, "--date", "2026-03-01"],
    ],
)
def test_a_date_option_before_the_stage_began_stops_before_any_question(
    repo: GitRepo, args: list[str]
) -> None:
    result = run(repo.path, *args, typed=[], as_of="2026-03-13")
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert "Invalid value for --date: 2026-03-01 is before 2026-03-05, when " in result.stderr
    assert repo.read(RECORD) == fixture_record()


def test_a_panel_of_fewer_than_three_agencies_stops_before_any_question(repo: GitRepo) -> None:
    result = run(repo.path, "refer", ID, "--date", "2026-03-12",
                 "--panel-member", "Ann Lee; Detective Sergeant; Kent Police",
                 "--panel-member", "Bo Khan; Team Manager; Children's Social Care",
                 typed=[], as_of="2026-03-13")  # fmt: skip
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert "at least three different agencies" in result.stderr
    assert repo.read(RECORD) == fixture_record()


def test_a_start_the_schema_refuses_is_asked_again(tmp_path: Path) -> None:
    root = GitRepo(tmp_path / "register").path
    typed = [
        "1",  # Kent Police
        "4",  # no immediate risk: a dispute may not start at stage 4
        "3", "",  # stage 3, started the day it opened
        "Ann Lee", "Detective Sergeant", "", "ann.lee@police.example",
        "Bo Khan", "Team Manager", "", "bo.khan@csc.example",
        "2026-11-19",  # raised before stage 3 started: asked again
        "2026-11-21",
        "",  # the summary: written later
    ]  # fmt: skip
    result = run(root, "new", *BASICS, typed=typed)
    assert result.exit_code == 0, result.output
    assert "Error: a dispute starts at stage 1, 2 or 3; it may start at stage 4 or 5 only " in (
        result.stdout
    )
    assert "Error: 2026-11-19 is before 2026-11-20, when stage 3 started" in result.stdout
    text = written(root)[0].read_text(encoding="utf-8")
    assert "  - stage: 3\n    started: 2026-11-20\n    raised: 2026-11-21\n" in text


def test_every_question_of_new_can_be_an_option_the_raised_day_too(tmp_path: Path) -> None:
    root = GitRepo(tmp_path / "register").path
    managers = [
        f"--{side}-manager-{part}={value}"
        for side, values in (
            ("challenger", ("Ann Lee", "Detective Sergeant", "Kent Police", "ann@police.example")),
            ("challenged", ("Bo Khan", "Team Manager", "Children's Social Care", "bo@csc.example")),
        )
        for part, value in zip(("name", "designation", "agency", "email"), values, strict=True)
    ]
    args = [*BASICS, "--challenger-agency", "Kent Police", "--stage", "3", *managers]
    result = run(root, "new", *args, "--raised", "2026-11-21", "--title", "x", typed=[])
    assert result.exit_code == 2  # 'x' is too short a title: said at once
    result = run(root, "new", *args, "--raised", "2026-11-21", typed=[])
    assert result.exit_code == 0, result.output
    assert "    raised: 2026-11-21\n" in written(root)[0].read_text(encoding="utf-8")


def test_escalate_refuses_an_unlisted_agency_unless_overridden(repo: GitRepo) -> None:
    people = [
        "--challenger-manager-name", "Cy Dean", "--challenger-manager-designation", "Inspector",
        "--challenger-manager-email", "cy.dean@police.example",
        "--challenged-manager-name", "Di Ray", "--challenged-manager-designation", "Lead",
        "--challenged-manager-agency", "Children's Social Care",
        "--challenged-manager-email", "di.ray@csc.example", "--date", "2026-03-12",
    ]  # fmt: skip
    refused = run(repo.path, "escalate", ID, *people, "--challenger-manager-agency",
                  "Kent Polic", typed=[], as_of="2026-03-13")  # fmt: skip
    assert refused.exit_code == 2 and "Did you mean 'Kent Police'?" in refused.stderr
    assert repo.read(RECORD) == fixture_record()
    kept = run(repo.path, "escalate", ID, *people, "--challenger-manager-agency",
               "Kent Police North", "--unlisted-agency", typed=[], as_of="2026-03-13")  # fmt: skip
    assert kept.exit_code == 0, kept.output
    assert "agency: Kent Police North, email: cy.dean@police.example}" in repo.read(RECORD)

"""Issue 22 item 1: the forms made from one table of each step's questions, and an answered
form read back (fast: no git, no process)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import yaml

from disputes.cli.app import load_command
from disputes.route.answers import Problem, command_words, issue_text, read_answers
from disputes.route.event import Request
from disputes.route.forms import NEW_PAGE, issue_templates, with_download_form
from disputes.route.questions import CONFIRM
from disputes.route.reply import refused_text
from disputes.route.run import run_request
from disputes.route.steps import STEPS

ROOT = Path(__file__).resolve().parents[1]


def test_the_issue_forms_in_this_repository_are_made_from_the_step_table() -> None:
    made = issue_templates()
    on_disk = {
        p.relative_to(ROOT).as_posix(): p.read_text("utf-8")
        for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")
    }
    assert on_disk == made, "run `python -m disputes.route.forms .` and commit the forms"


# Questions only the browser route asks: a manager signing in a browser confirms the version
# they read (route/signoff.py); at a terminal, `disputes sign` signs the file they have.
ROUTE_ONLY = {("sign", "version")}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_every_question_is_an_option_or_argument_of_its_command(name: str) -> None:
    step = STEPS[name]
    command = load_command(step.run)
    options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    for question in step.questions:
        if question.kind == CONFIRM or (name, question.id) in ROUTE_ONLY:
            continue
        if question.argument:
            assert arguments, question.id
        else:
            assert question.option in options, (name, question.option)
    form = yaml.safe_load(issue_templates()[f".github/ISSUE_TEMPLATE/{name}.yml"])
    ids = [f["id"] for f in form["body"] if "id" in f]
    assert ids == [q.id for q in step.questions]  # so ?template=...&id=... fills them in
    assert len({f["attributes"]["label"] for f in form["body"] if "id" in f}) == len(ids)


def test_an_answered_form_becomes_one_word_per_option_and_the_arguments_after_them() -> None:
    values = {"id": "PD-2026-0007", "text": "--root=/etc", "date": "2026-03-08", "stage": "3"}
    answers = read_answers(issue_text(STEPS["note"], values))
    assert answers.problems == []
    assert command_words(answers) == (
        ["--date=2026-03-08", "--stage=3"],
        ["PD-2026-0007", "--root=/etc"],
    )


def test_yes_no_and_several_choices_and_lines() -> None:
    values = {"id": "PD-2026-0007", "date": "2026-03-20", "decision": "Agreed",
              "shared_with": "Sam Patel\n\nBo Khan", "debrief": "No", "outstanding": "None."}  # fmt: skip
    options, _ = command_words(read_answers(issue_text(STEPS["resolve"], values)))
    assert options == [
        "--date=2026-03-20", "--decision=Agreed", "--shared-with=Sam Patel",
        "--shared-with=Bo Khan", "--no-debrief", "--outstanding=None.",
    ]  # fmt: skip


def test_a_text_that_answers_no_form_is_refused_in_words() -> None:
    answers = read_answers("status: resolved\n---\nhello")
    assert answers.step is None
    assert "does not answer one of the register's forms" in answers.problems[0].message


def test_a_choice_not_offered_is_named() -> None:
    values = {"id": "PD-2026-0007", "date": "2026-03-20", "outcome": "everything"}
    problems = read_answers(issue_text(STEPS["resolve"], values)).problems
    assert ("The outcome", "'everything' is not one of the choices") in [
        (p.question, p.message.split(" (")[0]) for p in problems
    ]


def test_the_new_record_pages_download_form_is_made_from_the_step_table() -> None:
    page = (ROOT / NEW_PAGE).read_text("utf-8")
    assert page == with_download_form(page, STEPS["new"]), "run `python -m disputes.route.forms .`"


def test_an_amendment_that_changes_nothing_is_refused_before_any_editor_could_open(
    tmp_path: Path,
) -> None:
    # On the command line `disputes amend ID --reason R` alone opens an editor; a request has
    # no one to type in it, so it is told to say what changes, and nothing runs.
    values = {"id": "PD-2026-0007", "reason": "A typo", "stage": "3"}
    outcome = run_request(tmp_path, Request(issue_text(STEPS["amend"], values)))
    assert outcome.commit is None
    assert [p.message for p in outcome.problems] == [
        "say what to change: answer at least one question after 'The stage the answers below "
        "change'"
    ]


def test_the_answer_shows_request_text_as_plain_words() -> None:
    text = refused_text([Problem("The note", "'@team see [x](https://e.example) <b>' \x1b[2J")])
    assert "@team" not in text and "](http" not in text and "<b>" not in text
    assert "\x1b" not in text and "&#64;team" in text

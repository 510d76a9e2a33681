"""`disputes raised`, `refer`, `note`, `reopen`, `amend`: every ordinary step by command."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.answers import (
    RegisterRules,
    check_people,
    checked,
    rename_option,
    set_option,
    stage_started,
    unlisted_option,
)
from disputes.cli.ask import ask_day, prompt, text_check
from disputes.cli.edit import run_edit
from disputes.cli.facts import acceptance_option, ask_decision, given_acceptance
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.stagefields import answer, complete_fields, given_fields, stage_field_options
from disputes.edit import stages
from disputes.edit.amend import amend_and_commit, reason_check
from disputes.edit.fields import rename_headings, renamings, set_fields
from disputes.edit.roundtrip import record_data
from disputes.records.config import check_root
from disputes.records.find import EditError, UnknownRecord, find_record
from disputes.records.issue_formats import issue_line
from disputes.records.stagemodel import load_stage_model


def _data(root: Path, record_id: str) -> dict[str, Any]:
    """A record's front matter, for deciding what to ask."""
    try:
        return dict(record_data(find_record(root, record_id).read_text(encoding="utf-8-sig")))
    except UnknownRecord:
        raise
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day stage 3's concern reached the other manager.")
@as_of_option
def raised(root: Path, record_id: str, on: date | None, as_of: date | None) -> None:
    """Record the day stage 3's concern reached the other agency's manager.

    Stops stage 3's 48-hour clock; until it is recorded the stage shows as overdue.

    \b
    Example:
      disputes raised PD-2026-0011 --date 2026-11-22
    """
    check_root(root)
    today = today_or(as_of, root)
    started = stage_started(_data(root, record_id), 3)
    day = ask_day(
        on, "--date", "Day the concern reached the other agency's manager", today, started,
        "stage 3 started",
    )  # fmt: skip
    run_edit(root, record_id, lambda t: stages.set_raised(t, day), today, "stage 3 concern raised")


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day of the referral to the QAPM group. Default: today.")
@stage_field_options()
@as_of_option
def refer(root: Path, record_id: str, on: date | None, as_of: date | None, **opts: Any) -> None:
    """Refer a dispute to the QAPM group (stage 5), before the group meets.

    Adds stage 5 with the referral date; the group's date and panel may follow
    with `disputes amend ID --stage 5 --group-date ... --panel-member ...`.

    \b
    Example:
      disputes refer PD-2026-0014 --date 2026-11-24 --decision "Stage 4 could not agree"
    """
    check_root(root)
    today, model = today_or(as_of, root), load_stage_model(root)
    data = _data(root, record_id)
    day = ask_day(
        on, "--date", "Day of the referral to the QAPM group", today, stage_started(data),
        "its last stage started",
    )  # fmt: skip
    rules = RegisterRules(root)
    fields = given_fields(opts)
    fields.setdefault("referred", day)
    decision = fields.pop("decision", None)
    if decision is not None:
        decision = checked(decision, "--decision", rules.field(("stages", 0, "decision")))
    fields = complete_fields(5, fields, data, model, rules, today)
    decision = decision or ask_decision(4)
    run_edit(
        root, record_id,
        lambda t: stages.escalate_to(t, day, model, fields, decision, only=5),
        today, "referred to the QAPM group (stage 5)",
    )  # fmt: skip


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@click.argument("words", required=False, metavar="[TEXT]")
@date_option("--date", "on", help="The day the note is about. Default: today.")
@click.option("--stage", "number", type=click.IntRange(1, 5), help="Default: the current stage.")
@as_of_option
def note(
    root: Path,
    record_id: str,
    words: str | None,
    on: date | None,
    number: int | None,
    as_of: date | None,
) -> None:
    """Add a dated note under its stage, in the record's text.

    Notes go under '## Record of each stage'. A closed record takes notes only by
    `disputes amend ID --reason ... --note TEXT`.

    \b
    Example:
      disputes note PD-2026-0013 "Operations managers met; a second meeting on Friday."
    """
    check_root(root)
    today, model = today_or(as_of, root), load_stage_model(root)
    if _data(root, record_id).get("status") != "open":
        raise click.ClickException(
            f"{record_id} is closed; add a note with `disputes amend {record_id} --reason "
            "'why' --note 'the note'`, which records the amendment"
        )
    text = words or prompt("TEXT", "The note", text_check(3, 2000))
    day = on or today
    run_edit(
        root, record_id, lambda t: stages.note(t, number, day, text, model), today, "note added"
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@click.option("--reason", help="Why the dispute is reopened.")
@date_option("--date", "on", help="The day it was reopened. Default: today.")
@as_of_option
def reopen(
    root: Path, record_id: str, reason: str | None, on: date | None, as_of: date | None
) -> None:
    """Reopen a resolved or withdrawn dispute at its last stage, and commit it.

    How it had been closed is kept under 'reopened'; the commit carries the
    'Amends: ID reason' trailer that the CI gate asks for.

    \b
    Example:
      disputes reopen PD-2026-0007 --reason "The agreed plan was not followed"
    """
    check_root(root)
    today = today_or(as_of, root)
    check = RegisterRules(root).field(("reopened", 0, "reason"))
    why = answer(reason, "--reason", "Why is it reopened", check)
    day = on or today
    _amend(root, record_id, lambda t: stages.reopen(t, day, why), today, f"Reopen {record_id}", why)


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@click.option("--reason", help="Why the record is amended (goes in the Amends trailer).")
@click.option("--stage", "number", type=click.IntRange(1, 5), help="The stage the options change.")
@click.option("--note", "words", help="A dated note to add under the stage.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set any field, named as validate names it (challenger.agency, "
    "stages[3].challenger_manager.email, title, resolution.date); repeat.",
)
@click.option(
    "--rename-agency",
    "renames",
    multiple=True,
    metavar="OLD=NEW",
    help="Change every place the record names agency OLD to NEW; repeat.",
)
@stage_field_options()
@acceptance_option
@unlisted_option
@as_of_option
def amend(
    root: Path,
    record_id: str,
    reason: str | None,
    number: int | None,
    words: str | None,
    sets: tuple[str, ...],
    renames: tuple[str, ...],
    unlisted_agency: bool,
    as_of: date | None,
    **opts: Any,
) -> None:
    """Amend a record and commit it with the 'Amends: ID reason' trailer.

    Any field may be changed: --set FIELD=VALUE with the field as validate names it,
    --rename-agency for a mistyped agency wherever the record names it, or the stage
    options for --stage (default: the current stage); with none, opens the record in
    your editor. Each value is checked as given, and the result before it is kept.

    \b
    Example:
      disputes amend PD-2026-0017 --reason "Stage 4 lead changed" --stage 4 \\
        --challenger-manager-name "Pat Doe" --challenger-manager-designation "Head of Service" \\
        --challenger-manager-agency "Youth Justice Service" \\
        --challenger-manager-email pat.doe@yjs.example
      disputes amend PD-2026-0011 --reason "Date typed wrongly" --set "stages[3].started=2026-11-20"
      disputes amend PD-2026-0011 --reason "Agency misspelt" --rename-agency "Kent Polce=Kent Police"
    """
    check_root(root)
    today, model = today_or(as_of, root), load_stage_model(root)
    rules = RegisterRules(root, unlisted_agency)
    values = [set_option(given, rules) for given in sets]
    renamed = [rename_option(given, rules) for given in renames]
    why = answer(reason, "--reason", "Why is the record amended", reason_check)
    fields = check_people(given_fields(opts), rules)
    if opts.get("acceptances"):
        fields["acceptance"] = given_acceptance(opts, today)
    if not fields and not words and not values and not renamed:
        typed: list[str] = []
        _amend(root, record_id, _editor(typed), today, f"Amend {record_id}", why, typed)
        return
    at = number or int((_data(root, record_id)["stages"] or [{}])[-1].get("stage", 1))

    def change(text: str) -> str:
        text = stages.amend_stage(text, at, fields, model) if fields else text
        text = stages.note(text, at, today, words, model) if words else text
        text = set_fields(text, [*values, *renamings(text, renamed)])
        return rename_headings(text, renamed)

    subject = f"Amend {record_id}" + (f" stage {at}" if fields or words else "")
    _amend(root, record_id, change, today, subject, why)


def _editor(typed: list[str]) -> Any:
    """The edit: the record opened in the user's editor; what they typed is kept in `typed`."""

    def change(text: str) -> str:
        edited = click.edit(text, extension=".md", require_save=False)
        typed.append(text if edited is None else edited)
        return typed[-1]

    return change


def _keep(typed: list[str], record_id: str) -> None:
    """Save an edit that was refused, so nothing typed is lost."""
    handle, name = tempfile.mkstemp(prefix=f"{record_id}-amendment-", suffix=".md")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(typed[-1])
    click.echo(
        f"Your edit is kept in {name}: correct it there and copy it back, or run "
        "the command again.",
        err=True,
    )


def _amend(
    root: Path,
    record_id: str,
    change: Any,
    today: date,
    subject: str,
    why: str,
    typed: list[str] | None = None,
) -> None:
    try:
        result, commit = amend_and_commit(root, record_id, change, today, subject, why)
    except UnknownRecord:
        raise
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None
    for issue in result.issues:
        click.echo(issue_line(issue), err=True)
    if commit is None:
        click.echo(
            f"{result.file} was not changed: the amendment would make the record "
            "invalid (see above).",
            err=True,
        )
        if typed:
            _keep(typed, record_id)
        sys.exit(1)
    click.echo(f"{result.file}: amended in commit {commit.hash[:10]} ({subject}).")

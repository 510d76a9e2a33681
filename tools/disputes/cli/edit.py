"""`disputes escalate`, `resolve`, `withdraw`: edits that keep everything else in the file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from disputes.cli.ask import date_check, prompt
from disputes.cli.closing import AGREED, OUTSTANDING, ask_agreed, closing_answers
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import ask, manager_options
from disputes.cli.stagefields import complete_fields, given_fields, stage_field_options
from disputes.edit import roundtrip as edit
from disputes.edit import stages
from disputes.edit.apply import apply_edit, find_record, read_record_text
from disputes.edit.roundtrip import EditError, UnknownRecord
from disputes.records.config import check_root, load_agencies, relative
from disputes.records.issue_formats import issue_line
from disputes.records.model import OUTCOMES
from disputes.records.stagemodel import load_stage_model

DAY = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: date | None, option: str, text: str) -> date:
    """A date option's value, or a prompted one."""
    answer = ask(value, option, text, type=DAY)
    return answer.date() if isinstance(answer, datetime) else answer


def _seen(root: Path, record_id: str) -> str:
    """The record as this command first reads it: the edit is made only to this version."""
    path = find_record(root, record_id)
    try:
        return read_record_text(path, relative(path, root))
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None


def run_edit(
    root: Path,
    record_id: str,
    change: Callable[[str], str],
    today: date,
    done: str,
    seen: str | None = None,
) -> None:
    """Apply an edit, report its problems, exit 1 if it was refused."""
    try:
        result = apply_edit(root, record_id, change, today, seen)
    except UnknownRecord:
        raise  # a usage error, handled by the command group
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None
    for issue in result.issues:
        click.echo(issue_line(issue), err=True)
    if not result.written:
        click.echo(
            f"{result.file} was not changed: the edit would make the record invalid (see above).",
            err=True,
        )
        sys.exit(1)
    click.echo(f"{result.file}: {done}. Commit it: git commit -am '{record_id}: {done}'")


def _record(text: str, record_id: str) -> dict[str, Any]:
    """An open record's front matter, to decide what its next stage needs."""
    try:
        data = edit.record_data(text)
        edit.require_open(data, "escalated")
    except UnknownRecord:
        raise  # a usage error, handled by the command group
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None
    return dict(data)


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the new stage started.")
@date_option("--group-date", help="Stage 5: the date the QAPM group meets.")
@click.option("--panel", multiple=True, help="Stage 5: an agency on the QAPM group; repeat.")
@manager_options
@stage_field_options(managers=False, stage5=False)
@as_of_option
def escalate(root: Path, record_id: str, on: date | None, as_of: date | None, **opts: Any) -> None:
    """Move a dispute to its next stage.

    Adds the next stage, started on --date, with the people and facts the policy
    says it needs (schema/policy.yml: the managers at stages 3 and 4, the referral
    at stage 5), asking for anything not given; --decision records the decision of
    the stage it leaves, which ends that day. The rest of the file is kept as it was.

    \b
    Example:
      disputes escalate PD-2026-0007 --date 2026-03-12
    """
    check_root(root)
    today, model = today_or(as_of, root), load_stage_model(root)
    seen = _seen(root, record_id)
    data = _record(seen, record_id)
    number = edit.last_stage(data) + 1
    fields = given_fields(opts)
    decision = fields.pop("decision", None)
    started = on or prompt("--date", "Date the new stage started (YYYY-MM-DD)", date_check(today),
                           today.isoformat())
    if number == 5:
        fields.setdefault("referred", started)
    fields = complete_fields(number, fields, data, model, load_agencies(root), today)
    run_edit(
        root,
        record_id,
        lambda text: stages.escalate_to(text, started, model, fields, decision),
        today,
        f"escalated to stage {number}",
        seen,
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the dispute was resolved.")
@click.option("--stage", type=click.IntRange(1, 5), help="The stage it was resolved at.")
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Optional: the outcome.")
@click.option("--decision", help="The decision reached at that stage, in a sentence.")
@click.option("--effectiveness", help="How well the policy worked (asked from stage 3).")
@click.option("--suggestions", help="How the policy could be improved (asked from stage 3).")
@click.option("--shared-with", multiple=True, help="Who the record was shared with; repeat.")
@click.option("--debrief/--no-debrief", default=None, help="Whether a debrief was held.")
@click.option("--outstanding", help="Outstanding issues and how they will be pursued.")
@click.option("--agreed", help="The agreed outcomes and actions (added to the record's text).")
@as_of_option
def resolve(
    root: Path, record_id: str, on: date | None, stage: int | None, as_of: date | None, **opts: Any
) -> None:
    """Close a dispute as resolved, with the form's closing questions.

    Asks who the record was shared with (at least the workers), whether a debrief
    was held, outstanding issues and, from stage 3, how well the policy worked.
    From stage 3 the sign-off goes to the managers named at the stage it was
    resolved at; each then runs `disputes sign`.

    \b
    Example:
      disputes resolve PD-2026-0007 --date 2026-03-20 --stage 4 --outcome decision-changed
    """
    check_root(root)
    today = today_or(as_of, root)
    seen = _seen(root, record_id)
    data = _record(seen, record_id)
    day = on or prompt("--date", "Date resolved (YYYY-MM-DD)", date_check(today), today.isoformat())
    at = stage or edit.last_stage(data)
    closing = closing_answers(opts, at, data)
    sections = {
        OUTSTANDING: closing.pop("outstanding", None),
        AGREED: opts["agreed"] or ask_agreed(seen),
    }
    run_edit(
        root,
        record_id,
        lambda text: stages.resolve_fully(text, day, at, closing, sections),
        today,
        f"resolved at stage {at}",
        seen,
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the dispute was withdrawn.")
@click.option("--reason", help="Why it was withdrawn.")
@as_of_option
def withdraw(
    root: Path, record_id: str, on: date | None, reason: str | None, as_of: date | None
) -> None:
    """Close a dispute as withdrawn, with the date and the reason.

    \b
    Example:
      disputes withdraw PD-2026-0010 --date 2026-11-24 --reason "Agreed after new information"
    """
    check_root(root)
    seen = _seen(root, record_id)
    day = _day(on, "--date", "Date withdrawn (YYYY-MM-DD)")
    why = ask(reason, "--reason", "Reason for withdrawing")
    run_edit(
        root,
        record_id,
        lambda text: edit.withdraw(text, day, why),
        today_or(as_of, root),
        "withdrawn",
        seen,
    )

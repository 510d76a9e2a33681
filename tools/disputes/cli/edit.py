"""`disputes escalate`, and how every edit command runs (`run_edit`): the rest of the file kept."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.answers import RegisterRules, checked, stage_started, unlisted_option
from disputes.cli.ask import ask_day
from disputes.cli.facts import ask_decision
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import manager_options
from disputes.cli.stagefields import complete_fields, given_fields, stage_field_options
from disputes.edit import roundtrip as edit
from disputes.edit import stages
from disputes.edit.apply import apply_edit
from disputes.records.config import check_root, relative
from disputes.records.find import EditError, UnknownRecord, find_record, read_record_text
from disputes.records.issue_formats import issue_line
from disputes.records.stagemodel import load_stage_model


def seen_text(root: Path, record_id: str) -> str:
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


def open_record(text: str, record_id: str) -> dict[str, Any]:
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
@unlisted_option
@as_of_option
def escalate(
    root: Path,
    record_id: str,
    on: date | None,
    as_of: date | None,
    unlisted_agency: bool,
    **opts: Any,
) -> None:
    """Move a dispute to its next stage.

    Adds the next stage, started on --date, with the people and facts the policy
    says it needs (schema/policy.yml: the managers at stages 3 and 4, the referral
    at stage 5), asking for anything not given; --decision records the decision of
    the stage it leaves, which ends that day. The rest of the file is kept as it was.

    \b
    Example:
      disputes escalate PD-2026-0009 --date 2026-11-25 \\
        --decision "The supervisor could not agree a way forward"
    """
    check_root(root)
    today, model = today_or(as_of, root), load_stage_model(root)
    seen = seen_text(root, record_id)
    data = open_record(seen, record_id)
    number = edit.last_stage(data) + 1
    rules = RegisterRules(root, unlisted_agency)
    fields = given_fields(opts)
    decision = fields.pop("decision", None)
    if decision is not None:
        decision = checked(decision, "--decision", rules.field(("stages", 0, "decision")))
    started = ask_day(
        on, "--date", "Date the new stage started", today, stage_started(data),
        f"stage {number - 1} started",
    )  # fmt: skip
    if number == 5:
        fields.setdefault("referred", started)
    fields = complete_fields(number, fields, data, model, rules, today)
    decision = decision or ask_decision(number - 1)
    run_edit(
        root,
        record_id,
        lambda text: stages.escalate_to(text, started, model, fields, decision),
        today,
        f"escalated to stage {number}",
        seen,
    )

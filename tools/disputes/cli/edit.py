"""`disputes escalate`, `resolve`, `withdraw`: edits that keep everything else in the file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import ask, collect_managers, manager_options
from disputes.edit import roundtrip as edit
from disputes.edit.apply import apply_edit, find_record, read_record_text
from disputes.edit.roundtrip import EditError, UnknownRecord
from disputes.records.config import check_root, relative
from disputes.records.issue_formats import issue_line
from disputes.records.model import OUTCOMES

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


def _stage_fields(text: str, record_id: str, opts: dict[str, Any]) -> dict[str, Any]:
    """What the next stage needs: managers at stage 3, group date and panel at stage 5."""
    try:
        stage, data = edit.next_stage(text), edit.record_data(text)
        edit.require_open(data, "escalated")
    except UnknownRecord:
        raise  # a usage error, handled by the command group
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None
    if stage == 3:
        people = collect_managers(opts, data["challenger"]["agency"], data["challenged"]["agency"])
        return {
            "managers": {
                "challenger_manager": asdict(people[0]),
                "challenged_manager": asdict(people[1]),
            }
        }
    if stage == 5:
        group = _day(opts["group_date"], "--group-date", "Stage 5: date the QAPM group met")
        panel = list(opts["panel"]) or [
            p.strip()
            for p in ask(
                None, "--panel", "Stage 5: agencies on the panel, separated by commas"
            ).split(",")
            if p.strip()
        ]
        return {"group_date": group, "panel": panel}
    return {}


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the new stage started.")
@date_option("--group-date", help="Stage 5: the date the QAPM group met.")
@click.option("--panel", multiple=True, help="Stage 5: an agency on the QAPM group; repeat.")
@manager_options
@as_of_option
def escalate(root: Path, record_id: str, on: date | None, as_of: date | None, **opts: Any) -> None:
    """Move a dispute to its next stage.

    Adds the next stage, started on --date, with what that stage needs (the two
    managers at stage 3; the QAPM group date and panel at stage 5), asking for
    anything not given. The rest of the file is kept exactly as it was.

    \b
    Example:
      disputes escalate PD-2026-0007 --date 2026-03-12
    """
    check_root(root)
    seen = _seen(root, record_id)
    fields = _stage_fields(seen, record_id, opts)
    started = _day(on, "--date", "Date the new stage started (YYYY-MM-DD)")
    run_edit(
        root,
        record_id,
        lambda text: edit.escalate(text, started, **fields),
        today_or(as_of),
        "escalated to the next stage",
        seen,
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the dispute was resolved.")
@click.option("--stage", type=click.IntRange(1, 5), help="The stage it was resolved at.")
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Optional: the outcome.")
@click.option("--effectiveness", help="Optional: how well the policy worked for this dispute.")
@click.option("--suggestions", help="Optional: how the policy could be improved.")
@as_of_option
def resolve(
    root: Path, record_id: str, on: date | None, stage: int | None, as_of: date | None, **opts: Any
) -> None:
    """Close a dispute as resolved.

    From stage 3 the two managers' sign-off is filled in from stage 3; each
    manager then runs `disputes sign`.

    \b
    Example:
      disputes resolve PD-2026-0007 --date 2026-03-20 --stage 4 --outcome decision-changed
    """
    check_root(root)
    seen = _seen(root, record_id)
    day = _day(on, "--date", "Date resolved (YYYY-MM-DD)")
    at = ask(stage, "--stage", "Stage it was resolved at", type=click.IntRange(1, 5))
    run_edit(
        root,
        record_id,
        lambda text: edit.resolve(text, day, at, **opts),
        today_or(as_of),
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
      disputes withdraw PD-2026-0007 --date 2026-03-09 --reason "Agreed after new information"
    """
    check_root(root)
    seen = _seen(root, record_id)
    day = _day(on, "--date", "Date withdrawn (YYYY-MM-DD)")
    why = ask(reason, "--reason", "Reason for withdrawing")
    run_edit(
        root,
        record_id,
        lambda text: edit.withdraw(text, day, why),
        today_or(as_of),
        "withdrawn",
        seen,
    )

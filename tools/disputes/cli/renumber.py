"""`disputes renumber`: fix an id that a parallel change took first."""

from __future__ import annotations

from pathlib import Path

import click

from disputes.cli.options import root_option
from disputes.edit.renumber import renumber_record
from disputes.records.config import check_root
from disputes.records.find import EditError, UnknownRecord


@click.command()
@root_option
@click.argument("record_id", metavar="OLD")
@click.option(
    "--base",
    metavar="BRANCH",
    help="The branch whose ids are taken, as last fetched. Default: origin/main if present.",
)
def renumber(root: Path, record_id: str, base: str | None) -> None:
    """Give a record the next free id, when another change already used its id.

    Renames the file, changes its `id:` and commits both in one commit (only that
    commit: anything else you staged stays staged). A record that was already on the
    base branch before your branch began keeps its id. Run `git fetch` first.

    \b
    Example:
      git fetch origin
      disputes renumber PD-2026-0019
    """
    check_root(root)
    try:
        done = renumber_record(root, record_id, base)
    except UnknownRecord:
        raise  # a usage error, handled by the command group
    except EditError as error:
        raise click.ClickException(f"{record_id}: {error}") from None
    where = (
        f"in commit {done.commit[:10]}" if done.commit else "(not committed: commit it as usual)"
    )
    note = "" if done.taken_on_base else f" ({record_id} was not used on the base branch)"
    click.echo(
        f"Renumbered {record_id} to {done.new_id}: {done.new_file} {where}{note}. "
        "Push your branch again."
    )

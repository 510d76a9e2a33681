"""`disputes migrate`: upgrade records to the current record format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from disputes.cli.options import as_of_option, root_option, today_or
from disputes.edit.migrate import migrate_register
from disputes.records.config import check_root


@click.command()
@root_option
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@as_of_option
def migrate(root: Path, dry_run: bool, as_of: date | None) -> None:
    """Upgrade records to the current format (version 2: the stage model).

    Adds 'version: 2' to every valid record, keeping every comment and the text
    below the fields. What the new rules ask of a past stage or closing that the
    record never held (stage 4's people of a dispute closed last year) is written
    as 'not_recorded: [...]' and shown as "not recorded", never demanded after the
    fact. New and edited stages follow the new rules. Commit the result.

    \b
    Example:
      disputes migrate --dry-run
      disputes migrate && git commit -am "Records upgraded to format 2"
    """
    check_root(root)
    result = migrate_register(root, today_or(as_of, root), write=not dry_run)
    verb = "would upgrade" if dry_run else "upgraded"
    for file in result.upgraded:
        click.echo(f"{file}: {verb} to format 2")
    for file, issues in result.kept.items():
        click.echo(f"{file}: kept at format 1 (still valid); format 2 would find:")
        for issue in issues:
            click.echo(f"    line {issue.line}: {issue.message}")
    for file, why in result.unreadable.items():
        click.echo(f"{file}: not migrated: {why}", err=True)
    click.echo(
        f"{len(result.upgraded)} {verb}, {len(result.current)} already current, "
        f"{len(result.kept)} kept at format 1."
        + ("" if dry_run or not result.upgraded else " Commit the change with git.")
    )

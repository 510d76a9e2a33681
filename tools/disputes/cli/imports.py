"""`disputes import`: bring a partnership's past disputes in from a log or filled forms."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from disputes.cli.options import real_today, root_option
from disputes.edit.atomic import write_atomic
from disputes.importer.columns import mapping_text
from disputes.importer.run import Plan, plan_import, source_files, write_import
from disputes.importer.tables import read_table
from disputes.records.config import check_root
from disputes.records.text import for_terminal


@click.command("import")
@root_option
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A mapping file (YAML) saying which column fills which field.",
)
@click.option(
    "--write-mapping",
    "write_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a mapping file for the log to fill in, and import nothing.",
)
@click.option("--sheet", help="The workbook's sheet to read (default: the first).")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_(
    root: Path,
    sources: tuple[Path, ...],
    mapping: Path | None,
    write_to: Path | None,
    sheet: str | None,
    dry_run: bool,
) -> None:
    """Import past disputes from a spreadsheet log (CSV, XLSX) or filled Word forms.

    One record per row of a log, and per filled monitoring form (.docx); a folder
    is read for both. Columns are recognised by their headings; for the rest,
    write a mapping file with --write-mapping, fill it in and pass --mapping.
    What the source does not give is written "not recorded", never guessed; a
    child's or family member's name is never copied (the import says it left it
    out). Rows and forms that cannot be mapped are listed with the file, row or
    paragraph, column, value and reason, and make no record. A row or form
    imported before is skipped. The records are committed in one import commit,
    signed by you: that signature attests the forms' paper sign-offs. Exit
    status 1 when anything could not be mapped.

    \b
    Example:
      disputes import --write-mapping mapping.yml old-log.xlsx
      disputes import --mapping mapping.yml old-log.xlsx --dry-run
      disputes import --mapping mapping.yml old-log.xlsx forms/
    """
    check_root(root)
    if write_to is not None:
        table = read_table(source_files(list(sources))[0], sheet)
        write_atomic(write_to, mapping_text(table.file, table.headings), exclusive=True)
        click.echo(
            f"Wrote {write_to}: fill in the blank fields, then run "
            f"disputes import --mapping {write_to} {' '.join(map(str, sources))}"
        )
        return
    plan = plan_import(root, list(sources), today=real_today(root), mapping=mapping, sheet=sheet)
    if dry_run:
        click.echo(plan_text(plan, dry_run=True), nl=False)
    else:
        written = write_import(root, plan)
        click.echo(plan_text(plan, dry_run=False), nl=False)
        for record_id, file, where in written.records:
            click.echo(for_terminal(f"  {record_id}  {file}  from {where}"))
        if written.commit:
            click.echo(f"Committed as {written.commit[:10]} (signature: {written.signature}).")
    sys.exit(1 if plan.unmapped else 0)


def plan_text(plan: Plan, *, dry_run: bool) -> str:
    """What the import would do (or did), in plain lines."""
    count = len(plan.drafts)
    lines = [
        f"{'Would write' if dry_run else 'Writing'} {count} record{'s' * (count != 1)}; "
        f"{len(plan.already)} already imported (skipped); "
        f"{len(plan.unmapped)} could not be mapped."
    ]
    if dry_run:
        lines += [f"  would write PD-{d.year}-....  {d.title}  from {d.where}" for d in plan.drafts]
    lines += [f"Left out: {line}" for line in plan.left_out]
    lines += [f"Note: {line}" for line in plan.unused_columns]
    if plan.unmapped:
        lines.append("Not imported (fix the source or the mapping, then import again):")
        lines += [f"  {p.line()}" for p in plan.unmapped]
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return for_terminal("\n".join(lines) + "\n")  # titles come from someone's spreadsheet

"""`disputes list`, `show` and `export`: find records, read one, file its form."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from disputes.cli.options import (
    date_option,
    format_option,
    real_today,
    root_option,
    today_or,
    view_option,
)
from disputes.cli.report import _opened_range
from disputes.history.standing import checked_sign_offs
from disputes.policy.settings import load_policy
from disputes.records.asof import record_as_of
from disputes.records.config import check_root, relative
from disputes.records.find import find_record
from disputes.records.issue_formats import issue_line
from disputes.records.model import STATUSES, Record
from disputes.records.stagemodel import load_stage_model
from disputes.records.validate import validate_register
from disputes.report.describe import describe
from disputes.report.form import form_markdown, form_text, html_to_pdf
from disputes.report.inputs import left_out_warning, report_inputs
from disputes.report.listing import RENDERERS, Filters, list_rows


@click.command("list")
@root_option
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="Repeat for several."
)
@click.option(
    "--stage", "stages", multiple=True, type=click.IntRange(1, 5), help="The stage reached; repeat."
)
@click.option("--agency", help="Either agency in the dispute.")
@click.option("--overdue", is_flag=True, help="Only open disputes past a deadline.")
@click.option("--search", help="Words in the id, title, case reference or text.")
@date_option("--from", "opened_from", help="Opened on or after this day.")
@date_option("--to", "opened_to", help="Opened on or before this day.")
@click.option("--period", metavar="PERIOD", help="Opened in 2026, 2026-Q3 or 2026-07.")
@format_option("text", "json", "csv")
@view_option
def list_records(
    root: Path,
    statuses: tuple[str, ...],
    stages: tuple[int, ...],
    agency: str | None,
    overdue: bool,
    search: str | None,
    opened_from: date | None,
    opened_to: date | None,
    period: str | None,
    fmt: str,
    as_of: date | None,
) -> None:
    """List and search the register's records.

    \b
    Example:
      disputes list --status open --overdue
      disputes list --agency "Kent Police" --period 2026-Q3 --format csv
    """
    today = today_or(as_of, root)
    start, end = _opened_range(opened_from, opened_to, period)
    inputs = report_inputs(root, today, checked_on=real_today(root))
    if inputs.left_out:
        click.echo(left_out_warning(inputs.left_out), err=True)
    found = Filters(statuses, stages, agency, overdue, start, end, search)
    click.echo(RENDERERS[fmt](list_rows(inputs.records, inputs.policy, today, found)), nl=False)


def _one(root: Path, record_id: str, today: date) -> Record:
    """The record as it stood on `today`, or its problems and exit status 1."""
    check_root(root)
    path = find_record(root, record_id)
    register = validate_register(root, [path], today=real_today(root))
    for issue in register.errors:
        click.echo(issue_line(issue), err=True)
    if register.errors or not register.records:
        click.echo(
            f"{record_id} has errors (above); fix them, then run the command again.", err=True
        )
        sys.exit(1)
    record = record_as_of(register.records[0], today)
    if record is None:
        raise click.UsageError(f"{record_id} was opened after {today}; nothing to show as of then")
    return record


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@view_option
def show(root: Path, record_id: str, as_of: date | None) -> None:
    """Show one record in plain words: its stages, timescales and sign-offs.

    \b
    Example:
      disputes show PD-2026-0007
    """
    today = today_or(as_of, root)
    record = _one(root, record_id, today)
    checked = checked_sign_offs(
        root, relative(find_record(root, record_id), root), real_today(root)
    )
    sections = describe(record, load_policy(root), load_stage_model(root), today, checked)
    click.echo(form_text(sections), nl=False)


def protective_marking(root: Path) -> str:
    """The marking mkdocs.yml gives the printed form (the site prints the same), read as
    data; OFFICIAL-SENSITIVE when it names none."""
    from disputes.gate.siteconfig import MKDOCS, read_site_config
    from disputes.report.printed import DEFAULT_MARKING

    path = root / MKDOCS
    config = read_site_config(path.read_text(encoding="utf-8")) if path.is_file() else None
    plugins = config.data.get("plugins") if config and isinstance(config.data, dict) else None
    for entry in plugins if isinstance(plugins, list) else []:
        options = entry.get("disputes") if isinstance(entry, dict) else None
        marking = options.get("protective_marking") if isinstance(options, dict) else None
        if isinstance(marking, str) and marking.strip():
            return marking.strip()
    return DEFAULT_MARKING


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@format_option("html", "pdf", "md")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write it. Default: ID.html, ID.pdf or ID.md here.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace the output file if it exists (never a file of the register).",
)
@view_option
def export(
    root: Path, record_id: str, fmt: str, output: Path | None, overwrite: bool, as_of: date | None
) -> None:
    """Export one record's monitoring form for an agency's case file.

    HTML and PDF are the form the site's record page prints: A4, with the register's
    protective marking (mkdocs.yml's `protective_marking`), the record id, case reference
    and "Page x of y" on every page. A PDF needs Chromium.

    Never writes over a file that is there already unless you add --overwrite, and
    never over the register's own files (records/, schema/, git's).

    \b
    Example:
      disputes export PD-2026-0007 --format pdf
    """
    from disputes.edit.output import write_output
    from disputes.records.dates import long_date
    from disputes.report.printed import PrintedForm, standalone_page
    from disputes.report.richtext import safe_body

    today = today_or(as_of, root)
    record = _one(root, record_id, today)
    checked = checked_sign_offs(
        root, relative(find_record(root, record_id), root), real_today(root)
    )
    sections = describe(record, load_policy(root), load_stage_model(root), today, checked)
    target = output or Path(f"{record_id}.{fmt}")
    form: str | bytes = form_markdown(sections, record.body)
    if fmt != "md":
        printed = PrintedForm(record, sections, checked, protective_marking(root), today, safe_body)
        form = standalone_page(printed, printed=long_date(real_today(root)))
        form = html_to_pdf(form) if fmt == "pdf" else form
    write_output(root, target, form, overwrite=overwrite)
    click.echo(f"Wrote {target}.")

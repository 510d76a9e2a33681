"""`disputes report` and `disputes overdue`: the monitoring report and the overdue list."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from disputes.api import Register
from disputes.cli.options import (
    date_option,
    format_option,
    real_today,
    root_option,
    today_or,
    view_option,
)
from disputes.edit.atomic import write_atomic
from disputes.edit.output import refuse_register_file
from disputes.report.build import overdue_disputes
from disputes.report.inputs import ReportInputs, left_out_warning, report_inputs
from disputes.report.period import period_range
from disputes.report.render import OVERDUE_RENDERERS, REPORT_RENDERERS, report_csv_files


def _inputs(root: Path, today: date) -> ReportInputs:
    """The valid records and the policy; a warning on stderr naming any record left out."""
    inputs = report_inputs(root, today, checked_on=real_today(root))  # --as-of is a view
    if inputs.left_out:
        click.echo(left_out_warning(inputs.left_out), err=True)
    return inputs


def _opened_range(
    start: date | None, end: date | None, period: str | None
) -> tuple[date | None, date | None]:
    if period is None:
        if start and end and start > end:
            raise click.UsageError(f"--from {start} is after --to {end}; swap them")
        return start, end
    if start or end:
        raise click.UsageError("give either --period or --from/--to, not both")
    try:
        return period_range(period)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None


def _write_files(root: Path, report: dict, output: Path) -> None:
    for name in report_csv_files(report):  # the report's own files (even committed ones)
        refuse_register_file(root, output / name, tracked=False)  # never in records/ or .git
    output.mkdir(parents=True, exist_ok=True)
    for name, text in report_csv_files(report).items():
        write_atomic(output / name, text)  # a full disk never leaves half a CSV file
    click.echo(f"Wrote {len(report_csv_files(report))} CSV files to {output}", err=True)


@click.command()
@root_option
@format_option("text", "json", "csv")
@view_option
@date_option("--from", "opened_from", help="Only disputes opened on or after this day.")
@date_option("--to", "opened_to", help="Only disputes opened on or before this day.")
@click.option("--period", metavar="PERIOD", help="Disputes opened in 2026, 2026-Q3 or 2026-07.")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --format csv: write one CSV file per section into this folder.",
)
def report(
    root: Path,
    fmt: str,
    as_of: date | None,
    opened_from: date | None,
    opened_to: date | None,
    period: str | None,
    output: Path | None,
) -> None:
    """The monitoring report: stages, timescales kept, days to resolution, agencies, learning.

    Records with errors are left out (a warning names them); run `disputes validate`.

    \b
    Example:
      disputes report --period 2026-Q3
      disputes report --format csv --output report-2026
    """
    if output and fmt != "csv":
        raise click.UsageError("--output writes CSV files; add --format csv")
    today = today_or(as_of, root)
    start, end = _opened_range(opened_from, opened_to, period)
    made = Register.open(root).report(today=today, opened_from=start, opened_to=end)
    if made.left_out:
        click.echo(left_out_warning(made.left_out), err=True)
    data = made.as_dict()  # the stable JSON shape, which the renderers read
    if output:
        _write_files(root, data, output)
    else:
        click.echo(REPORT_RENDERERS[fmt](data), nl=False)


@click.command()
@root_option
@format_option("text", "json", "csv")
@view_option
@click.option("--fail-if-any", is_flag=True, help="Exit with status 1 if any dispute is overdue.")
def overdue(root: Path, fmt: str, as_of: date | None, fail_if_any: bool) -> None:
    """Open disputes with a stage past its deadline, most overdue first.

    Exit status 0 (it is a report), or 1 with --fail-if-any when any is overdue.

    \b
    Example:
      disputes overdue --fail-if-any
    """
    today = today_or(as_of, root)
    inputs = _inputs(root, today)
    rows = overdue_disputes(inputs.records, inputs.policy, today)
    click.echo(OVERDUE_RENDERERS[fmt](rows, today.isoformat()), nl=False)
    sys.exit(1 if fail_if_any and rows else 0)

"""`disputes remind`: what waits for whom, as Markdown (the work is in `disputes.remind`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from disputes.cli.options import date_option, root_option, today_or
from disputes.records.config import check_root
from disputes.remind.gather import is_working_day_at, what_waits
from disputes.remind.markdown import INTRO, PULL_REQUEST, waiting_markdown


@click.command()
@root_option
@click.option(
    "--base",
    help=(
        "Only what a pull request asks of the other manager (a concern raised, a sign-off "
        "awaited) in the records it changes against this branch, e.g. origin/main."
    ),
)
@date_option("--as-of", "as_of", help="Take this day as today. Default: today.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Markdown to this new file (never one of the register's own).",
)
@click.option(
    "--working-days-only",
    is_flag=True,
    help="Write nothing on a weekend or bank holiday (the policy's calendar).",
)
def remind(
    root: Path, base: str | None, as_of: date | None, output: Path | None, working_days_only: bool
) -> None:
    """List what waits for whom, as Markdown for the hosting site.

    For each manager named in the records: a concern raised with them at stage 3, their
    sign-off awaited, and a deadline one working day away or passed (the policy's
    calendar). Each is mentioned by the account schema/accounts.yml lists for their
    email (@login), so the hosting site tells them; only record ids, roles, agencies and
    dates are written, never a record's text. The reminders workflow keeps one issue,
    "What waits for whom", up to date with it; the pull request check comments with
    `--base` (then nothing is written when nothing waits).

    \b
    Example:
      disputes remind --as-of 2026-03-09
      disputes remind --base origin/main --output waiting.md
    """
    check_root(root)
    today = today_or(as_of, root)
    if working_days_only and not is_working_day_at(root, today):
        return
    found = what_waits(root, today, base=base)
    if base is not None and not found:
        return
    text = waiting_markdown(found, today, intro=PULL_REQUEST if base else INTRO)
    if output is None:
        click.echo(text, nl=False)
        return
    from disputes.edit.output import write_output  # loaded when used

    write_output(root, output, text, overwrite=False)

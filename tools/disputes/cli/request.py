"""`disputes request`: a request made through the hosting site's forms, run as the command
line runs it (for the register's `requests` workflow)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from disputes.cli.options import as_of_option, root_option
from disputes.edit.atomic import write_atomic
from disputes.records.config import check_root
from disputes.route.event import read_event, read_form_file
from disputes.route.reply import done_text, refused_text
from disputes.route.run import run_request

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@root_option
@click.option("--event", type=FILE, help="The hosting site's issue event (GITHUB_EVENT_PATH).")
@click.option("--file", "form", type=FILE, help="A filled form downloaded from the site.")
@click.option(
    "--answer",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the answer for the requester here (Markdown). Default: print it.",
)
@as_of_option
def request(
    root: Path, event: Path | None, form: Path | None, answer: Path | None, as_of: date | None
) -> None:
    """Make the step a filled form asks for, as its command would, and commit it.

    With --event (in the register's workflow) the step is made on the branch
    request/<issue number>, and its commit carries 'Host-Account: <account>' and
    'Host-Request: <number>'; the account must be listed in schema/accounts.yml.
    With --file, a form downloaded from the register's site (saved outside the
    register's folder, which must have no uncommitted changes) is made here. The
    answer says what was done or which answers to correct; exit status 1 when
    the answers were refused.

    \b
    Example:
      disputes request --event "$GITHUB_EVENT_PATH" --answer answer.md
      disputes request --file ../PD-form.txt
    """
    check_root(root)
    if (event is None) == (form is None):
        raise click.UsageError("give one of --event (the workflow's) or --file (a filled form)")
    asked = read_event(event) if event else read_form_file(form)  # type: ignore[arg-type]
    outcome = run_request(root, asked, as_of)
    text = (
        done_text(outcome.summary, outcome.branch, outcome.notes)
        if outcome.commit
        else refused_text(outcome.problems)
    )
    if answer is None:
        click.echo(text, nl=False)
    else:
        write_atomic(answer, text)
    if outcome.commit is None:
        sys.exit(1)

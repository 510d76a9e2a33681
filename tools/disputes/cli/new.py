"""`disputes new`: create a record from prompts or options."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import ask, collect_managers, manager_options
from disputes.edit.allocate import create_record
from disputes.edit.create import NewRecord, record_path, render_new_record
from disputes.records.config import check_root, relative
from disputes.records.issue_formats import issue_line
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED, Issue
from disputes.records.validate import validate_text


@click.command()
@root_option
@click.option("--title", help="A short description of the disagreement, without names.")
@date_option("--opened", help="The date the disagreement was first raised. Default: today.")
@click.option("--child-reference", help="The agencies' case reference (never a name).")
@click.option("--challenger-agency", help="The agency that disagrees.")
@click.option("--challenged-agency", help="The agency whose decision is challenged.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(CATEGORIES),
    help="What it is about; repeat for several.",
)
@click.option(
    "--immediate-risk/--no-immediate-risk",
    default=False,
    help="The child is thought to be at risk of immediate harm.",
)
@click.option("--level-of-need", type=click.Choice(LEVELS_OF_NEED), help="Optional level of need.")
@click.option("--worker-name", help="Optional: the challenging worker's name.")
@click.option("--worker-designation", help="Optional: the challenging worker's job title.")
@click.option(
    "--stage",
    type=click.IntRange(1, 5),
    default=1,
    show_default=True,
    help="The stage the dispute starts at (4 or 5 only with --immediate-risk).",
)
@date_option("--started", help="When that stage started. Default: the opened date.")
@date_option("--group-date", help="Stage 5: the date the QAPM group met.")
@click.option("--panel", multiple=True, help="Stage 5: an agency on the QAPM group; repeat.")
@click.option("--summary", help="Optional: the reason for the dispute, in a sentence or two.")
@manager_options
@click.option(
    "--base",
    metavar="BRANCH",
    help="Also skip ids used on this branch, as last fetched. Default: origin/main if present.",
)
@as_of_option
def new(root: Path, base: str | None, as_of: date | None, **opts: Any) -> None:
    """Create a new dispute record with the next free id.

    Asks for anything not given as an option, writes records/<year>/<id>.md with
    the form's headings, checks it, and says where it went. The id is the next one
    free both here and on origin/main (run `git fetch` first to see the latest), and
    an existing file is never overwritten.

    \b
    Example:
      disputes new --title "Threshold for a child in need assessment" \\
        --child-reference C-104233 --challenger-agency "Kent Police" \\
        --challenged-agency "Children's Social Care" --category levels-of-need
    """
    check_root(root)
    today = today_or(as_of)
    new_record = _collect(opts, today)

    def render(record_id: str) -> tuple[str, list[Issue]]:
        text = render_new_record(record_id, new_record)
        file = relative(record_path(root, record_id, new_record.opened), root)
        return text, validate_text(text, file, root, today=today)

    created = create_record(
        root,
        new_record.opened.year,
        lambda record_id: record_path(root, record_id, new_record.opened),
        render,
        base,
    )
    for issue in created.issues:
        click.echo(issue_line(issue), err=True)
    if not created.written:
        click.echo("The record was not written; correct the values above and run again.", err=True)
        sys.exit(1)
    click.echo(
        f"Created {created.file} ({created.record_id}). Open it to write the summary "
        "and each agency's view, then run: disputes validate"
    )


def _collect(opts: dict[str, Any], today: date) -> NewRecord:
    challenger = ask(opts["challenger_agency"], "--challenger-agency", "Challenging agency")
    challenged = ask(opts["challenged_agency"], "--challenged-agency", "Challenged agency")
    stage = opts["stage"]
    return NewRecord(
        title=ask(opts["title"], "--title", "Title (no names)"),
        opened=opts["opened"] or today,
        child_reference=ask(
            opts["child_reference"], "--child-reference", "Child's case reference (never a name)"
        ),
        challenger_agency=challenger,
        challenged_agency=challenged,
        categories=tuple(opts["categories"])
        or (ask(None, "--category", "Category", type=click.Choice(CATEGORIES)),),
        immediate_risk=opts["immediate_risk"],
        level_of_need=opts["level_of_need"],
        worker_name=opts["worker_name"],
        worker_designation=opts["worker_designation"],
        stage=stage,
        started=opts["started"],
        managers=collect_managers(opts, challenger, challenged) if stage == 3 else None,
        group_date=opts["group_date"],
        panel=tuple(opts["panel"]),
        summary=opts["summary"] or "",
    )

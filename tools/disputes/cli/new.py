"""`disputes new`: create a record from prompts or options."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.answers import RegisterRules, unlisted_option
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import manager_options
from disputes.cli.questionnaire import collect_new
from disputes.cli.stagefields import stage_field_options
from disputes.edit.allocate import create_record
from disputes.edit.create import record_path, render_new_record
from disputes.edit.stages import complete_new
from disputes.records.config import check_root, relative
from disputes.records.issue_formats import issue_line
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED, Issue
from disputes.records.stagemodel import load_stage_model
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
    default=None,
    help="The child is thought to be at risk of immediate harm.",
)
@click.option("--level-of-need", type=click.Choice(LEVELS_OF_NEED), help="Optional level of need.")
@click.option("--worker-name", help="Optional: the challenging worker's name.")
@click.option("--worker-designation", help="Optional: the challenging worker's job title.")
@click.option(
    "--stage",
    type=click.IntRange(1, 5),
    help="The stage the dispute starts at (4 or 5 only with --immediate-risk). Default: 1.",
)
@date_option("--started", help="When that stage started. Default: the opened date.")
@date_option("--group-date", help="Stage 5: the date the QAPM group met.")
@click.option("--panel", multiple=True, help="Stage 5: an agency on the QAPM group; repeat.")
@click.option("--summary", help="Optional: the reason for the dispute, in a sentence or two.")
@manager_options
@stage_field_options(managers=False, stage5=False)
@click.option(
    "--base",
    metavar="BRANCH",
    help="Also skip ids used on this branch, as last fetched. Default: origin/main if present.",
)
@unlisted_option
@as_of_option
def new(
    root: Path, base: str | None, as_of: date | None, unlisted_agency: bool, **opts: Any
) -> None:
    """Create a new dispute record with the next free id.

    Asks for anything not given as an option, each answer checked as it is given:
    the date (today by default), the agencies from the partnership's list, the
    categories, immediate risk, level of need, the stage and what that stage needs
    (schema/policy.yml). Writes records/<year>/<id>.md with the form's headings,
    checks it, and says where it went. The id is the next one free both here and
    on origin/main (run `git fetch` first to see the latest), and an existing file
    is never overwritten.

    \b
    Example:
      disputes new --title "Threshold for a child in need assessment" \\
        --child-reference C-104233 --challenger-agency "Kent Police" \\
        --challenged-agency "Children's Social Care" --category levels-of-need \\
        --worker-name "Sam Patel" --worker-designation "Detective Constable" \\
        --supervisor-name "Di Shah" --supervisor-designation "Detective Sergeant" \\
        --aim "An assessment of the child's needs"
    """
    check_root(root)
    today = today_or(as_of, root)
    model = load_stage_model(root)
    rules = RegisterRules(root, unlisted_agency)
    new_record, fields = collect_new(opts, today, rules, model)

    def render(record_id: str) -> tuple[str, list[Issue]]:
        text = complete_new(render_new_record(record_id, new_record), fields)
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

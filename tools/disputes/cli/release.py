"""`disputes release`: a quarter's public figures, made once and kept in the register."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import click

from disputes.cli.options import root_option, today_or, view_option
from disputes.records.config import check_root, load_agencies
from disputes.report.inputs import left_out_warning
from disputes.site.data import collect
from disputes.site.releases import FOLDER, make_release

DEFAULT_PUBLISHER = "Professional disagreements register"


def publisher_of(root: Path) -> str:
    """The site's name in mkdocs.yml (the open data's publisher)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    match = re.search(r"(?m)^site_name:[ \t]*['\"]?(.*?)['\"]?[ \t]*$", text)
    return match[1] if match and match[1] else DEFAULT_PUBLISHER


@click.command()
@root_option
@click.argument("quarter", metavar="YEAR-Qn")
@click.option(
    "--revision",
    "reason",
    metavar="REASON",
    help="Correct a quarter already released: a new labelled revision, with this reason.",
)
@view_option
def release(root: Path, quarter: str, reason: str | None, as_of: date | None) -> None:
    """Make a quarter's public figures, once, after the quarter has ended.

    Writes releases/YEAR-Qn/ (the public pages and open data, and the hidden counts'
    true values in unpublished.json, which is never published). Commit it: the public
    site republishes it as it is, however the records change later. A release is never
    written over; --revision makes a labelled correction, checked like a release.

    \b
    Example:
      disputes release 2026-Q3
      disputes release 2026-Q3 --revision "PD-2026-0012 was entered late"
    """
    check_root(root)
    today = today_or(as_of, root)
    data = collect(root, today, with_history=False)
    if data.left_out:  # counted in a later release or a revision, once mended
        click.echo(left_out_warning(data.left_out), err=True)
    made = make_release(
        root, data.records, data.policy, load_agencies(root), quarter, publisher_of(root),
        today, reason=reason,
    )  # fmt: skip
    click.echo(
        f"Released {made.label} in {FOLDER}/{made.label}/. Commit it: the public site "
        "publishes it as it is from now on."
    )

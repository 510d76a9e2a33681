"""`disputes validate`: check records against the schema and the policy's rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from disputes.api import Register
from disputes.cli.options import format_option, real_today, root_option, view_option
from disputes.records.issue_formats import ISSUE_RENDERERS, not_counted_line


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@root_option
@format_option("text", "json", "github")
@view_option
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. unlisted agency names) as errors."
)
def validate(paths: tuple[Path, ...], root: Path, fmt: str, as_of: Any, strict: bool) -> None:
    """Check records against the schema and the policy's rules.

    Checks every record under records/, or only the files and folders given. Each
    problem is shown as FILE:LINE: FIELD: what is wrong and how to fix it. Exit
    status 0 when all is well, 1 when a record has an error.

    With --as-of, checks the register as it stood that day: records opened after it
    are not counted (the summary says how many); no date may be after the real today.

    \b
    Example:
      disputes validate
      disputes validate records/2026/PD-2026-0007.md --format json
      disputes validate --as-of 2026-06-30
    """
    found = Register.open(root).validate(
        list(paths), today=real_today(root), strict=strict, as_of=as_of
    )
    click.echo(ISSUE_RENDERERS[fmt](found.issues, found.checked), nl=False)
    if found.not_counted and fmt == "text":
        click.echo(not_counted_line(found.not_counted, as_of))
    sys.exit(1 if found.errors else 0)

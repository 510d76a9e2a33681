"""`disputes validate`: check records against the schema and the policy's rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from disputes.cli.options import as_of_option, format_option, root_option, today_or
from disputes.records.issue_formats import ISSUE_RENDERERS
from disputes.records.streamed import validate_streamed


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@root_option
@format_option("text", "json", "github")
@as_of_option
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. unlisted agency names) as errors."
)
def validate(paths: tuple[Path, ...], root: Path, fmt: str, as_of: Any, strict: bool) -> None:
    """Check records against the schema and the policy's rules.

    Checks every record under records/, or only the files and folders given. Each
    problem is shown as FILE:LINE: FIELD: what is wrong and how to fix it. Exit
    status 0 when all is well, 1 when a record has an error.

    \b
    Example:
      disputes validate
      disputes validate records/2026/PD-2026-0007.md --format json
    """
    found = validate_streamed(root, list(paths) or None, today=today_or(as_of), strict=strict)
    click.echo(ISSUE_RENDERERS[fmt](found.issues, found.checked), nl=False)
    sys.exit(1 if found.errors else 0)

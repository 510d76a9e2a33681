"""The `disputes` command line: each command parses options, calls one function, renders."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from disputes import __version__
from disputes.cli.options import as_of_option, format_option, root_option, today_or
from disputes.records.config import ConfigError
from disputes.records.issue_formats import ISSUE_RENDERERS
from disputes.records.validate import validate_register

T = TypeVar("T")


class RegisterError(click.ClickException):
    """The register (not a record) cannot be used: exit status 2."""

    exit_code = 2


def guarded(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a core function, turning a ConfigError into a clear exit-2 message."""
    try:
        return func(*args, **kwargs)
    except ConfigError as exc:
        raise RegisterError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="disputes")
def main() -> None:
    """Keep the register of professional disagreements about children's safety.

    Each dispute is a file records/<year>/<id>.md. Run a command in the register's
    folder, or pass --root FOLDER to the command.

    \b
    Example:
      disputes validate
      disputes new
    """


@main.command()
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
    register = guarded(
        validate_register, root, list(paths) or None, today=today_or(as_of), strict=strict
    )
    click.echo(ISSUE_RENDERERS[fmt](register.issues, register.checked), nl=False)
    sys.exit(1 if register.errors else 0)


from disputes import (  # noqa: E402,F401  (commands attach themselves to `main`)
    cli_edit,
    cli_history,
    cli_new,
    cli_report,
    cli_site,
)

"""Options shared by every command, defined once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a real date; write it as YYYY-MM-DD") from None


def root_option(func: F) -> F:
    """--root DIR: the register's folder (default: the current folder)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default="the current folder",
        help="The register's folder (the one holding records/ and schema/).",
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    """--format with the given choices, the first being the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def as_of_option(func: F) -> F:
    """--as-of YYYY-MM-DD for a command that writes: the day to take as today."""
    return date_option(
        "--as-of",
        "as_of",
        help=(
            "Take this day as today (the default date, and no date may come after it). "
            "Default: today."
        ),
    )(func)


def view_option(func: F) -> F:
    """--as-of YYYY-MM-DD for a command that reads: the register as it stood that day."""
    return date_option(
        "--as-of",
        "as_of",
        help=(
            "The register as it stood at the end of this day: records opened after it are not "
            "counted, stages and closings after it not seen. Dates are still checked against "
            "the real today. Default: today."
        ),
    )(func)


def date_option(*names: str, required: bool = False, help: str) -> Callable[[F], F]:
    """A YYYY-MM-DD option parsed to a date."""
    return click.option(
        *names, callback=_parse_day, metavar="YYYY-MM-DD", required=required, help=help
    )


def real_today(root: Path) -> date:
    """The real today, in the policy's time zone (`policy_today`): the day the register's
    partnership is living, wherever the machine running the command is set to."""
    from disputes.policy.zone import policy_today  # loaded when used

    return policy_today(root)


def today_or(as_of: date | None, root: Path) -> date:
    """`--as-of` if given, else the real today."""
    return as_of or real_today(root)

"""Asking for what a command was not given: prompts, and the stage 3 managers' options."""

from __future__ import annotations

from typing import Any

import click

_MANAGER_FIELDS = ("name", "designation", "agency", "email")


def ask(value: Any, option: str, text: str, **kwargs: Any) -> Any:
    """The option's value, or the answer to a prompt; a usage error if there is no answer."""
    if value not in (None, ()):
        return value
    try:
        return click.prompt(text, **kwargs)
    except click.Abort:
        raise click.UsageError(f"{option} is needed ({text}); pass it as an option") from None


def manager_options(func: Any) -> Any:
    """The --challenger-manager-* and --challenged-manager-* options of stage 3."""
    for role in ("challenged", "challenger"):
        for part in reversed(_MANAGER_FIELDS):
            func = click.option(
                f"--{role}-manager-{part}", help=f"Stage 3: the {role} agency's manager's {part}."
            )(func)
    return func

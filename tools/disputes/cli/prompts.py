"""The stage 3 managers' options of `new` and `escalate`."""

from __future__ import annotations

from typing import Any

import click

_MANAGER_FIELDS = ("name", "designation", "agency", "email")


def manager_options(func: Any) -> Any:
    """The --challenger-manager-* and --challenged-manager-* options of stage 3."""
    for role in ("challenged", "challenger"):
        for part in reversed(_MANAGER_FIELDS):
            func = click.option(
                f"--{role}-manager-{part}", help=f"Stage 3: the {role} agency's manager's {part}."
            )(func)
    return func

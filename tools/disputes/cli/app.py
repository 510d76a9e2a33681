"""The `disputes` command group: every command module's commands, run under one error handler."""

from __future__ import annotations

from typing import Any

import click

from disputes import __version__
from disputes.cli import (
    browse,
    edit,
    history,
    migrate,
    new,
    release,
    renumber,
    report,
    site,
    steps,
    validate,
    verify,
)
from disputes.cli.errors import handle_failures


class DisputesGroup(click.Group):
    """A Click group whose commands all run inside the one failure handler."""

    def invoke(self, ctx: click.Context) -> Any:
        with handle_failures():
            return super().invoke(ctx)


@click.group(cls=DisputesGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


for _module in (browse, edit, history, migrate, new, release, renumber, report, site, steps, validate, verify):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command) and getattr(_command.callback, "__module__", None) == _module.__name__:
            main.add_command(_command)

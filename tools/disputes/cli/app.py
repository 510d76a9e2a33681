"""The `disputes` command group: each command's module loaded only when that command runs.

`--help` lists every command from `COMMANDS` (its module and its short help) without
importing a command module, so a light command (`--version`, `validate`, `list`) never pays
for what a heavy one needs (MkDocs, SciPy, pygal: `build`, `serve`). Every command runs
under the one failure handler (`cli/errors.py`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from disputes import __version__
from disputes.cli.errors import handle_failures

# name -> ("module:function" in disputes.cli, short help: the first paragraph of the command's
# docstring, checked by tests/test_help.py). A new command is one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "amend": ("steps:amend", "Amend a record and commit it with the 'Amends: ID reason' trailer."),
    "audit": ("audit:audit", "Show a record's audit trail from git, oldest first."),
    "build": (
        "site:build",
        "Build the register site as static files (no server, no network needed).",
    ),
    "check": ("gate:check", "Check a change to the register before it is merged (for CI)."),
    "escalate": ("edit:escalate", "Move a dispute to its next stage."),
    "export": ("browse:export", "Export one record's monitoring form for an agency's case file."),
    "import": (
        "imports:import_",
        "Import past disputes from a spreadsheet log (CSV, XLSX) or filled Word forms.",
    ),
    "init": (
        "start:init",
        "Start a register in a new or empty FOLDER (default: here), or upgrade one.",
    ),
    "list": ("browse:list_records", "List and search the register's records."),
    "migrate": (
        "migrate:migrate",
        "Upgrade records to the current format (version 2: the stage model).",
    ),
    "new": ("new:new", "Create a new dispute record with the next free id."),
    "note": ("steps:note", "Add a dated note under its stage, in the record's text."),
    "overdue": (
        "report:overdue",
        "Open disputes with a stage past its deadline, most overdue first.",
    ),
    "raised": (
        "steps:raised",
        "Record the day stage 3's concern reached the other agency's manager.",
    ),
    "refer": (
        "steps:refer",
        "Refer a dispute to the QAPM group (stage 5), before the group meets.",
    ),
    "release": (
        "release:release",
        "Make a quarter's public figures, once, after the quarter has ended.",
    ),
    "remind": ("remind:remind", "List what waits for whom, as Markdown for the hosting site."),
    "renumber": (
        "renumber:renumber",
        "Give a record the next free id, when another change already used its id.",
    ),
    "reopen": (
        "steps:reopen",
        "Reopen a resolved or withdrawn dispute at its last stage, and commit it.",
    ),
    "report": (
        "report:report",
        "The monitoring report: stages, timescales kept, days to resolution, agencies, learning.",
    ),
    "request": (
        "request:request",
        "Make the step a filled form asks for, as its command would, and commit it.",
    ),
    "resolve": (
        "closing:resolve",
        "Close a dispute as resolved, with the form's closing questions.",
    ),
    "serve": (
        "site:serve",
        "Serve the register site locally, rebuilding it when a record changes.",
    ),
    "show": (
        "browse:show",
        "Show one record in plain words: its stages, timescales and sign-offs.",
    ),
    "sign": (
        "signing:sign",
        "Sign off a resolved record as one of the two managers named at stage 3.",
    ),
    "validate": ("validate:validate", "Check records against the schema and the policy's rules."),
    "verify": (
        "verify:verify",
        "Verify the whole register's integrity as committed (for main, after merges).",
    ),
    "withdraw": ("closing:withdraw", "Close a dispute as withdrawn, with the date and the reason."),
}


def load_command(name: str) -> click.Command:
    """Import the module of the command `name` (a key of COMMANDS) and return its command."""
    module, _, function = COMMANDS[name][0].partition(":")
    command = getattr(importlib.import_module(f"disputes.cli.{module}"), function)
    if not isinstance(command, click.Command):
        raise TypeError(f"disputes.cli.{module}:{function} is not a Click command")
    return command


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name: every name of COMMANDS, each loaded when first looked up."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def loaded(self, name: str) -> click.Command | None:
        """The command `name` if its module is already imported (or it was added), else None."""
        return self._loaded.get(name)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the group's commands are fixed by COMMANDS")

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(COMMANDS.keys() | self._loaded.keys()))

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._loaded.keys())


class DisputesGroup(click.Group):
    """A Click group whose commands load on use and all run inside the one failure handler."""

    commands: LazyCommands

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["commands"] = LazyCommands()
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with handle_failures():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section of --help, from COMMANDS' short help: no module imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            command = self.commands.loaded(name) or click.Command(name, help=COMMANDS[name][1])
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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

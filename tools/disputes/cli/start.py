"""`disputes init`: start a new register in an empty folder, or upgrade an existing one."""

from __future__ import annotations

from pathlib import Path

import click

from disputes import __version__
from disputes.cli.ask import prompt, yes_no
from disputes.edit.lock import register_lock
from disputes.edit.start import apply_plan, refuse_unless_empty, start_register, upgrade_plan
from disputes.edit.templates import check_agencies, check_name, default_requirement
from disputes.records.config import ConfigError


@click.command()
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=True, path_type=Path)
)
@click.option("--name", help="The partnership's name: the site's title and the README's.")
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    help="One of the partnership's agencies (give it once for each; at least two).",
)
@click.option(
    "--tool",
    "requirement",
    metavar="REQUIREMENT",
    help="What the register's workflows install (requirements.txt). Default: "
    "disputes==<this version>; from a tag of the tool's repository: "
    "'disputes @ git+https://github.com/OWNER/disputes@vX.Y.Z'.",
)
@click.option(
    "--upgrade",
    is_flag=True,
    help="Bring the register in FOLDER up to this version of the tool: its schema, "
    "pages, guides and workflows, and the pin. Shows the changes first.",
)
@click.option("--yes", is_flag=True, help="With --upgrade: make the changes without asking.")
def init(
    folder: Path,
    name: str | None,
    agencies: tuple[str, ...],
    requirement: str | None,
    upgrade: bool,
    yes: bool,
) -> None:
    """Start a register in a new or empty FOLDER (default: here), or upgrade one.

    A new register holds no records: the schema, a default policy, the partnership's
    agencies, the site's pages and guides, the checks and workflows, and requirements.txt,
    the one pin of the tool its workflows install. It is a git repository with one commit.
    Asks for the name and the agencies unless given as options.

    With --upgrade, the tool's files in an existing register are replaced by this version's
    (after showing the differences); records and the partnership's own files (policy,
    agencies, CODEOWNERS, README) are never touched. Then run `disputes migrate`.

    \b
    Example:
      disputes init northshire --name "Northshire Safeguarding Partnership" \\
          --agency "Northshire Police" --agency "Children's Social Care"
      disputes init --upgrade
    """
    if upgrade:
        if name or agencies:
            raise click.UsageError(
                "--name and --agency are for a new register; --upgrade keeps the register's own"
            )
        _upgrade(folder, requirement, yes)
        return
    refuse_unless_empty(folder)  # before asking anything
    name = _name(name)
    agency_list = _agencies(agencies)
    written = start_register(folder, name, agency_list, requirement or default_requirement())
    click.echo(
        f"Started the register '{name}' in {folder}: {len(written)} files, no records, "
        "and its first commit."
    )
    click.echo(
        f"Next: cd {folder}, then `disputes validate` and `disputes serve`. The guide for "
        "administrators (site/guides/administrator.md) says how to put it online, set "
        "who may merge and sign, and publish the public site."
    )


def _name(given: str | None) -> str:
    if given is not None:
        try:
            return check_name(given)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--name") from None
    return prompt("--name", "The partnership's name (the site's title)", check_name)


def _agencies(given: tuple[str, ...]) -> list[str]:
    if given:
        try:
            return check_agencies(list(given))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--agency") from None
    click.echo(
        "The partnership's agencies, one at a time, as records and reports should name "
        "them; an empty answer when done."
    )
    names: list[str] = []
    while True:
        try:
            answer = click.prompt(f"Agency {len(names) + 1}", default="", show_default=False)
        except click.Abort:
            raise click.UsageError(
                "--agency is needed (the partnership's agencies); pass it once for each agency"
            ) from None
        try:
            if not answer.strip():
                return check_agencies(names)
            names = check_agencies([*names, answer]) if len(names) >= 1 else [answer.strip()]
        except ValueError as error:
            click.echo(f"Error: {error}", err=True)


def _upgrade(root: Path, requirement: str | None, yes: bool) -> None:
    changes = upgrade_plan(root, requirement)
    if not changes:
        click.echo(f"The register's template files are already those of disputes {__version__}.")
        return
    for change in changes:
        click.echo(change.diff(), nl=False)
    click.echo(
        f"\n{len(changes)} files to write for disputes {__version__}: "
        + ", ".join(c.path for c in changes)
    )
    if not yes and not yes_no("--yes", "Write these changes?"):
        click.echo("Nothing was changed.")
        return
    with register_lock(root):
        if upgrade_plan(root, requirement) != changes:
            raise ConfigError(
                "the register's files changed while the changes were shown: "
                "nothing was written; run `disputes init --upgrade` again"
            )
        apply_plan(root, changes)
    click.echo(
        "Written; records were not touched. Commit these files on a branch of their own and "
        "propose them as a pull request with no records in it. Once it is merged, run "
        "`disputes migrate` (in a pull request of its own too) if this version reads records "
        "in a newer format."
    )

"""`disputes verify`: the register's integrity on main, for a scheduled or post-merge job."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from disputes.cli.options import format_option, real_today, root_option
from disputes.history.verify import verify_register
from disputes.records.config import check_root
from disputes.records.issue_formats import ISSUE_RENDERERS


@click.command()
@root_option
@click.option("--rev", default="HEAD", show_default=True, help="The revision to verify.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (such as legacy sign-offs).")
@click.option(
    "--since",
    metavar="COMMIT",
    help="The last commit verified before: if REV's history no longer has it, main was "
    "rewritten (force-pushed). Empty: nothing to compare with.",
)
@format_option("text", "json", "github")
def verify(root: Path, rev: str, strict: bool, since: str | None, fmt: str) -> None:
    """Verify the whole register's integrity as committed (for main, after merges).

    Reads git only, never the working files: every record resolved at stage 3
    or later is signed off by both its managers at its current version (with
    good signatures when schema/allowed_signers exists); no record that ever
    existed has been deleted; a sign-off dropped by a squash or rebase merge is
    named with the commit that replaced it; with --since, a main rewritten by a
    force push is named. Sign-offs made before sign-offs named a version are
    warnings: "legacy, version not attested". A record imported with its paper
    sign-off is reported as "signed on paper, imported by X in commit Y" when
    the import commit that added it is signed by a key in
    schema/allowed_signers; any other record claiming one is an error.

    \b
    Example:
      disputes verify --strict --format github
      disputes verify --since 3f2a9c1e7b --format github
    """
    check_root(root)
    if since and not re.fullmatch(r"[0-9a-f]{7,64}", since):
        raise click.BadParameter(
            f"'{since}' is not a commit id (7 to 64 hex digits); give the "
            "commit the last verify passed at",
            param_hint="--since",
        )
    notes: list[str] = []
    issues, checked = verify_register(root, rev, today=real_today(root), since=since, notes=notes)
    if strict:
        issues = [replace(i, severity="error") for i in issues]
    click.echo(ISSUE_RENDERERS[fmt](issues, checked), nl=False)
    click.echo(paper_notes(notes, fmt), nl=False)
    sys.exit(1 if any(i.severity == "error" for i in issues) else 0)


def paper_notes(notes: list[str], fmt: str) -> str:
    """Imported paper sign-offs attested by a signed import commit: said, never missing.

    Text and GitHub output only; JSON keeps its list of issues.
    """
    if not notes or fmt == "json":
        return ""
    if fmt == "github":
        return "".join(f"::notice title=Signed on paper::{n}\n" for n in notes)
    return "".join(f"note: {n}\n" for n in notes)

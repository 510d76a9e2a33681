"""`disputes check --base REV`: the pull-request gate (the work is in `disputes.gate`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from disputes.cli.options import format_option, root_option
from disputes.cli.verify import paper_notes
from disputes.gate.check import check_change
from disputes.records.config import check_root
from disputes.records.issue_formats import ISSUE_RENDERERS


@click.command()
@root_option
@click.option("--base", required=True, help="The branch the change goes into, e.g. origin/main.")
@click.option(
    "--require-signatures",
    is_flag=True,
    help=(
        "Sign-offs must have good signatures even if the base branch has no "
        "schema/allowed_signers (when it has one, they always must)."
    ),
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option("text", "json", "github")
def check(root: Path, base: str, require_signatures: bool, strict: bool, fmt: str) -> None:
    """Check a change to the register before it is merged (for CI).

    Reads what is committed, not the files on disk. Validates the records at
    HEAD against the base's schema (a mistake is put right by another commit),
    and refuses: a record on the base that is missing or no longer a plain
    records/<year>/<id>.md file, or deleted by any commit of the change; an id
    another change already took; a closed record changed by a commit before its
    'Amends: ID reason' trailer (or closed on the base since the branch began);
    a commit holding a version no reader may parse or a name in the child's
    case reference (no later commit undoes those); any file outside records/ (configuration:
    schema/, mkdocs.yml, site/, .github/, tools/, ...) changed beside records,
    and records resolved at stage 3+ without both managers' sign-off.

    A configuration change on its own is read as data and nothing of it runs:
    every record must stay valid under a changed schema/, and anything that
    can run code or script (the tool, tests, workflows, packaging, hooks,
    plugins, theme templates, HTML in pages) is shown as "needs an
    administrator's review" (a GitHub warning), which never fails the check,
    not even with --strict.

    \b
    Example:
      disputes check --base origin/main --require-signatures --format github
    """
    check_root(root)
    # The gate has no "as of" view: every touched record is checked, on the day of the base's
    # policy (the change's own policy.yml is judged, not trusted).
    result = check_change(root, base, require_signatures=require_signatures, strict=strict)
    click.echo(ISSUE_RENDERERS[fmt](result.issues, result.checked), nl=False)
    click.echo(paper_notes(result.notes, fmt), nl=False)
    sys.exit(1 if any(i.severity == "error" for i in result.issues) else 0)

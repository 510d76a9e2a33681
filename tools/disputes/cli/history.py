"""`disputes audit`, `sign` and `check`: the register's git audit trail."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from disputes.cli.options import as_of_option, format_option, root_option, today_or
from disputes.edit.roundtrip import EditError, find_record
from disputes.edit.signoff import ROLES, SignError, sign_record
from disputes.history import read_history
from disputes.history.audit import AuditEntry, audit_trail
from disputes.history.gate import check_change
from disputes.records.config import check_root, relative
from disputes.records.issue_formats import ISSUE_RENDERERS
from disputes.site.configcheck import check_configuration


def audit_text(record_id: str, file: str, entries: list[AuditEntry]) -> str:
    """The audit trail as a manager reads it."""
    noun = "commit" if len(entries) == 1 else "commits"
    lines = [f"{record_id} ({file}): {len(entries)} {noun}, oldest first"]
    for e in entries:
        lines += ["", f"{e.hash[:10]}  {e.date}  {e.author}", f"  {e.subject}"]
        signer = f" by {e.signer}" if e.signer else ""
        lines.append(f"  signature: {e.signature}{signer}")
        lines += [f"  - {change}" for change in e.changes]
        lines += [f"  {key}: {value}" for key, value in e.trailers]
    return "\n".join(lines) + "\n"


def audit_json(record_id: str, file: str, entries: list[AuditEntry]) -> str:
    """The audit trail as JSON: {record, file, commits}."""
    return (
        json.dumps(
            {"record": record_id, "file": file, "commits": [e.as_dict() for e in entries]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@format_option("text", "json")
def audit(root: Path, record_id: str, fmt: str) -> None:
    """Show a record's audit trail from git, oldest first.

    Each commit with its author, date, trailers (Signed-off-by, Amends), its
    signature checked against schema/allowed_signers, and what it changed.

    \b
    Example:
      disputes audit PD-2026-0007 --format json
    """
    check_root(root)
    file = relative(find_record(root, record_id), root)
    entries = audit_trail(file, read_history(root))
    click.echo((audit_json if fmt == "json" else audit_text)(record_id, file, entries), nl=False)


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@click.option(
    "--role", type=click.Choice(sorted(ROLES)), required=True, help="Which manager you sign as."
)
@click.option(
    "--require-signature",
    is_flag=True,
    help="Refuse unless git will sign the commit cryptographically.",
)
def sign(root: Path, record_id: str, role: str, require_signature: bool) -> None:
    """Sign off a record's form as one of the two managers named at stage 3.

    Makes a commit carrying 'Signed-off-by: you'; signed with your key when git
    signing is set up. Your git user.email must be the manager's email in the record.

    \b
    Example:
      disputes sign PD-2026-0007 --role challenger-manager
    """
    check_root(root)
    try:
        commit, signature = sign_record(root, record_id, role, require_signature=require_signature
        )
    except (SignError, EditError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{record_id}: signed off as {role.replace('-', ' ')} in commit "
        f"{commit.hash[:10]} (signature: {signature.status})."
    )


@click.command()
@root_option
@click.option("--base", required=True, help="The branch the change goes into, e.g. origin/main.")
@click.option(
    "--require-signatures",
    is_flag=True,
    help="Sign-offs must be the managers' own commits with good signatures.",
)
@format_option("text", "json", "github")
@as_of_option
def check(root: Path, base: str, require_signatures: bool, fmt: str, as_of: date | None) -> None:
    """Check a change to the register before it is merged (for CI).

    Reads what is committed, not the files on disk. Validates the records at
    HEAD and at every commit of the change against the base's schema, and
    refuses: a record on the base that is missing or no longer a plain
    records/<year>/<id>.md file, an id another change already took, closed
    records rewritten without an 'Amends: ID reason' trailer (or closed on the
    base since the branch began), configuration (schema/, mkdocs.yml,
    .github/) changed beside records, and records resolved at stage 3+
    without both managers' sign-off. A configuration change on its own must
    validate the whole register and build the site.

    \b
    Example:
      disputes check --base origin/main --require-signatures --format github
    """
    check_root(root)
    result = check_change(root, base, today=today_or(as_of), require_signatures=require_signatures)
    issues = result.issues
    if result.configuration_only:  # a configuration change must carry the whole register
        issues = sorted({*issues, *check_configuration(root, today=today_or(as_of))})
    click.echo(ISSUE_RENDERERS[fmt](issues, result.checked), nl=False)
    sys.exit(1 if any(i.severity == "error" for i in issues) else 0)

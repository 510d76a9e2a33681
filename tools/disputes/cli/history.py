"""`disputes audit`, `sign` and `check`: the register's git audit trail."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from disputes.api import Register
from disputes.cli.options import format_option, real_today, root_option
from disputes.cli.verify import paper_notes
from disputes.edit.roundtrip import EditError
from disputes.edit.signoff import ROLES, SignError, sign_record
from disputes.gate.check import check_change
from disputes.history import ALLOWED_SIGNERS
from disputes.history.attest import short, sign_off_words
from disputes.history.audit import AuditEntry
from disputes.history.paper import IMPORTED_TRAILER
from disputes.records.config import check_root
from disputes.records.issue_formats import ISSUE_RENDERERS
from disputes.records.text import for_terminal


def audit_text(record_id: str, file: str, entries: list[AuditEntry], current: str | None = None,
               judged: dict[str, str] | None = None) -> str:
    """The audit trail as a manager reads it; sign-offs say which version they attest, and
    whether each manager's counts (`judged`, as `verify` judges them)."""
    noun = "commit" if len(entries) == 1 else "commits"
    lines = [f"{record_id} ({file}): {len(entries)} {noun}, oldest first"]
    for e in entries:
        lines += ["", f"{e.hash[:10]}  {e.date}  {e.author}", f"  {e.subject}"]
        signer = f" by {e.signer} (the key's owner in schema/allowed_signers)" if e.signer else ""
        lines.append(f"  signature: {e.signature}{signer}")
        if words := sign_off_words(e.trailers, current):
            lines.append(f"  sign-off: {words}")
        lines += [f"  - {change}" for change in e.changes]
        lines += [f"  {key}: {value}" for key, value in e.trailers  # an import names every record
                  if key != IMPORTED_TRAILER or value.split()[:1] == [record_id]]
    if judged:
        lines += ["", "Sign-offs, as `disputes verify` judges them:"]
        lines += [f"  {role.replace('_', ' ')}: {words}" for role, words in judged.items()]
    return for_terminal("\n".join(lines) + "\n")


def audit_json(record_id: str, file: str, entries: list[AuditEntry], current: str | None = None,
               judged: dict[str, str] | None = None) -> str:
    """The audit trail as JSON: {record, file, version, commits, sign_offs}."""
    commits = [{**e.as_dict(), "sign_off": sign_off_words(e.trailers, current)} for e in entries]
    return (
        json.dumps(
            {"record": record_id, "file": file, "version": current, "commits": commits,
             "sign_offs": judged or {}},
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
    signature checked against schema/allowed_signers with who owns the key, and
    what it changed. A sign-off says which version of the record it attests
    (the current one, an earlier one, or "legacy, version not attested").

    \b
    Example:
      disputes audit PD-2026-0007 --format json
    """
    trail = Register.open(root).history(record_id, today=real_today(root))
    render = audit_json if fmt == "json" else audit_text
    click.echo(
        render(record_id, trail.file, list(trail.entries), trail.version, trail.sign_offs),
        nl=False,
    )


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
    """Sign off a resolved record as one of the two managers named at stage 3.

    Makes a commit carrying 'Signed-off-by: you' and the exact version of the
    record you sign (as committed); signed with your key when git signing is set
    up. The identity git will put on the commit must be the manager's email in
    the record. Any later change to the record needs both managers to sign again.

    \b
    Example:
      disputes sign PD-2026-0007 --role challenger-manager
    """
    check_root(root)
    try:
        commit, signature, version = sign_record(
            root, record_id, role, require_signature=require_signature
        )
    except (SignError, EditError) as error:
        raise click.ClickException(str(error)) from None
    signer = f" by {signature.signer}" if signature.signer else ""
    click.echo(
        f"{record_id}: signed off as {role.replace('-', ' ')} in commit "
        f"{commit.hash[:10]} (signature: {signature.status}{signer})."
    )
    click.echo(
        f"It attests version {short(version)} of the record; if the record changes, both "
        "managers sign again."
    )
    if (root / ALLOWED_SIGNERS).is_file() and signature.status != "good":
        click.echo(
            f"Warning: the signature is {signature.status} when checked against "
            "schema/allowed_signers, so the check will not count this sign-off: ask the "
            "administrator to list your public key there for your work email, then sign again.",
            err=True,
        )


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
    HEAD and at every commit of the change against the base's schema, and
    refuses: a record on the base that is missing or no longer a plain
    records/<year>/<id>.md file, an id another change already took, closed
    records rewritten without an 'Amends: ID reason' trailer (or closed on the
    base since the branch began), any file outside records/ (configuration:
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

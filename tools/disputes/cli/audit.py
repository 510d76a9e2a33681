"""`disputes audit`: one record's audit trail from git, as a manager reads it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from disputes.api import Register
from disputes.cli.options import format_option, real_today, root_option
from disputes.history.attest import sign_off_words
from disputes.history.audit import AuditEntry
from disputes.history.paper import IMPORTED_TRAILER
from disputes.records.text import for_terminal


def audit_text(
    record_id: str,
    file: str,
    entries: list[AuditEntry],
    current: str | None = None,
    judged: dict[str, str] | None = None,
) -> str:
    """The audit trail as a manager reads it; sign-offs say which version they attest, and
    whether each manager's counts (`judged`, as `verify` judges them)."""
    noun = "commit" if len(entries) == 1 else "commits"
    lines = [f"{record_id} ({file}): {len(entries)} {noun}, oldest first"]
    for e in entries:
        lines += ["", f"{e.hash[:10]}  {e.date}  {e.author}", f"  {e.subject}"]
        signer = f" by {e.signer} (the key's owner in schema/allowed_signers)" if e.signer else ""
        lines.append(f"  signature: {e.signature}{signer}")
        if e.host:
            lines.append(f"  {e.host}")
        if words := sign_off_words(e.trailers, current):
            lines.append(f"  sign-off: {words}")
        lines += [f"  - {change}" for change in e.changes]
        lines += [
            f"  {key}: {value}"
            for key, value in e.trailers  # an import names every record
            if key != IMPORTED_TRAILER or value.split()[:1] == [record_id]
        ]
    if judged:
        lines += ["", "Sign-offs, as `disputes verify` judges them:"]
        lines += [f"  {role.replace('_', ' ')}: {words}" for role, words in judged.items()]
    return for_terminal("\n".join(lines) + "\n")


def audit_json(
    record_id: str,
    file: str,
    entries: list[AuditEntry],
    current: str | None = None,
    judged: dict[str, str] | None = None,
) -> str:
    """The audit trail as JSON: {record, file, version, commits, sign_offs}."""
    commits = [{**e.as_dict(), "sign_off": sign_off_words(e.trailers, current)} for e in entries]
    return (
        json.dumps(
            {
                "record": record_id,
                "file": file,
                "version": current,
                "commits": commits,
                "sign_offs": judged or {},
            },
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

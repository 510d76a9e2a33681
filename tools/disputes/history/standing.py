"""Each manager's sign-off in words, judged by the rules `check` and `verify` apply.

`show` and `audit` print this, so what they call signed is what `verify` accepts: the
`sign_off:` block in a record's front matter is only what the record claims.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from disputes.history.git import ALLOWED_SIGNERS, GitError
from disputes.history.hostsign import host_words, load_host_trust
from disputes.history.log import History
from disputes.history.placement import Rules
from disputes.history.signers import parse_signers
from disputes.history.signoffs import ROLE_WORDS, judge, needs_sign_off
from disputes.history.trail import read_record_history
from disputes.records.domains import load_email_domains
from disputes.records.frontmatter import FileProblem, Parsed, parse_record_text, read_text


def register_rules(root: Path, today: date | None = None) -> Rules:
    """The sign-off rules from the register's own files (as `verify` reads them at HEAD)."""
    path = root / ALLOWED_SIGNERS
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except OSError as exc:
        raise GitError(f"{ALLOWED_SIGNERS} cannot be read ({exc.strerror})") from None
    return Rules(
        signatures=bool(text.strip()),
        where="this register",
        legacy_ok=True,
        domains=load_email_domains(root),
        signers=parse_signers(text),
        today=today,
        host=load_host_trust(root),
    )


def standing(file: str, parsed: Parsed, history: History, rules: Rules) -> dict[str, str]:
    """Per role, 'signed off in git on DAY ...' (the day of the sign-off commit) or 'not yet
    signed: why' ({} if no sign-off is needed)."""
    issues, chosen = judge(file, parsed, history, rules)
    if not chosen:
        return {}
    words = {}
    for role in ROLE_WORDS:
        claim = chosen.get(role)
        if claim is not None:
            how = (
                host_words(claim.commit)
                if claim.through_host
                else "with the manager's own key"
                if rules.signatures
                else "(signatures not checked)"
            )
            words[role] = (
                f"signed off in git on {claim.commit.committer_date[:10]} {how}: "
                f"commit {claim.commit.hash[:10]}"
            )
            continue
        why = [i.message for i in issues if i.path == f"sign_off.{role}"]
        why = (
            why or [i.message for i in issues if i.severity == "error"] or ["see `disputes verify`"]
        )
        words[role] = f"not yet signed: {why[0]}"
    return words


def committed_standing(file: str, text: str, history: History, rules: Rules) -> dict[str, str]:
    """`standing` of a record's committed text ({} if it cannot be read or needs no sign-off)."""
    try:
        parsed = parse_record_text(text)
    except FileProblem:
        return {}
    return standing(file, parsed, history, rules)


def checked_sign_offs(root: Path, file: str, today: date) -> dict[str, str]:
    """`standing` for the record file as it is in the register's folder, with its own
    history and configuration ({} if it needs no sign-off)."""
    try:
        parsed = parse_record_text(read_text(root / file))
    except FileProblem:
        return {}
    if not needs_sign_off(parsed.data):
        return {}
    try:
        history = read_record_history(root, file)
    except GitError as error:
        return dict.fromkeys(
            ROLE_WORDS,
            f"NOT checked: the register's git history cannot be "
            f"read ({error}), so no sign-off can be shown",
        )
    try:
        return standing(file, parsed, history, register_rules(root, today))
    finally:
        history.close()

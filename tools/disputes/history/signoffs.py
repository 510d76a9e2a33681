"""Both stage 3 managers' sign-offs of a resolved record, as `check` requires them.

Kept apart from the gate so the sign-off rules can change on their own (issue 10 item 3).
"""

from __future__ import annotations

from typing import Any

from disputes.history import Commit, History, Signature
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue

ROLES = {"challenger_manager": "challenger manager", "challenged_manager": "challenged manager"}


def missing_sign_offs(
    file: str, parsed: Parsed, history: History, require_signatures: bool
) -> list[Issue]:
    """Both managers' sign-off commits for a record resolved at stage 3 or later."""
    data = parsed.data
    resolution = data.get("resolution") or {}
    if data.get("status") != "resolved" or int(resolution.get("stage", 0)) < 3:
        return []
    stage3: dict[str, Any] = next((s for s in data.get("stages") or [] if s.get("stage") == 3), {})
    issues = []
    for role, words in ROLES.items():
        email = str((stage3.get(role) or {}).get("email", ""))
        commits = history.commits_for(file)
        if not email:
            issues.append(
                Issue(
                    file,
                    parsed.line_of(("stages",)),
                    "sign_off",
                    (
                        f"no {words} with an email is named at stage 3, so their sign-off cannot be "
                        "checked; add the stage 3 entry with both managers"
                    ),
                    "warning",
                )
            )
        elif not any(
            signed_off(c, email, history.signature(c) if require_signatures else None)
            for c in commits
        ):
            issues.append(
                Issue(
                    file,
                    parsed.line_of(("sign_off", role)),
                    f"sign_off.{role}",
                    _sign_off_hint(data.get("id", file), words, email, role, require_signatures),
                )
            )
    return issues


def signed_off(commit: Commit, email: str, signature: Signature | None) -> bool:
    """A commit by the manager with their Signed-off-by (and, if given, their good signature)."""
    claims = [
        v for v in commit.trailer_values("Signed-off-by") if f"<{email.casefold()}>" in v.casefold()
    ]
    if not claims or commit.author_email.casefold() != email.casefold():
        return False
    if signature is not None:
        return signature.status == "good" and signature.signer.casefold() == email.casefold()
    return True


def _sign_off_hint(record_id: str, words: str, email: str, role: str, signed: bool) -> str:
    """What is missing and how the manager supplies it."""
    what = (
        "a good signature from their key in schema/allowed_signers (as on the base branch)"
        if signed
        else "their Signed-off-by"
    )
    return (
        f"no sign-off by the {words} ({email}): it needs a commit made by them with {what}. "
        f"They run: disputes sign {record_id} --role {role.replace('_', '-')}"
    )

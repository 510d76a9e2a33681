"""`disputes check --base REV`: the CI gate for a change to the register."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from disputes.history import (
    ALLOWED_SIGNERS,
    Commit,
    FileChange,
    History,
    Signature,
    changed_records,
    file_at,
    files_at,
    merge_base,
    range_hashes,
    read_history,
    resolve_rev,
)
from disputes.history.audit import front_matter
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue
from disputes.records.stagemodel import signing_managers
from disputes.records.validate import validate_register

CLOSED = ("resolved", "withdrawn")
ROLES = {"challenger_manager": "challenger manager", "challenged_manager": "challenged manager"}


@dataclass
class Change:
    """What a change to the register did, as git tells it."""

    base: str
    fork: str  # where the change left the base branch
    files: tuple[FileChange, ...]
    new_commits: set[str]
    history: History
    base_files: list[str] = field(default_factory=list)


def read_change(root: Path, base: str, signers: Path) -> Change:
    """The change from BASE to HEAD; signatures checked against BASE's allowed signers."""
    base_commit = resolve_rev(root, base)
    fork = merge_base(root, base_commit, "HEAD")
    signers.write_text(file_at(root, base_commit, ALLOWED_SIGNERS) or "", encoding="utf-8")
    history = read_history(root, allowed_signers=signers, remember=False)  # CI trusts no cache
    return Change(
        base,
        fork,
        changed_records(root, fork),
        range_hashes(root, fork),
        history,
        files_at(root, base_commit),
    )


def check_change(
    root: Path, base: str, *, today: date, require_signatures: bool = False
) -> tuple[list[Issue], int]:
    """Every problem with the change (validation, deletions, ids, amendments, sign-offs)."""
    register = validate_register(root, today=today)
    with tempfile.TemporaryDirectory() as folder:  # BASE's allowed signers, while checking
        change = read_change(root, base, Path(folder) / "allowed_signers")
        issues = list(register.issues)
        issues += deleted_records(change)
        issues += parallel_ids(change)
        issues += unamended_rewrites(change)
        touched = [r.file for r in register.records if r.file in touched_files(change)]
        if require_signatures:
            change.history.verify(c for f in touched for c in change.history.commits_for(f))
        for file in touched:
            issues += missing_sign_offs(
                file, register.parsed[file], change.history, require_signatures
            )
    return sorted(set(issues)), register.checked


def touched_files(change: Change) -> set[str]:
    """Record files the change added or edited, or whose id a new commit's trailer names."""
    files = {c.path for c in change.files if c.status != "D"}
    named = {
        v.split()[0]
        for c in change.history.commits
        if c.hash in change.new_commits
        for key in ("Sign-off", "Amends")
        for v in c.trailer_values(key)
        if v.strip()
    }
    files |= {p for p in change.history.record_files() if PurePosixPath(p).stem in named}
    return files


def deleted_records(change: Change) -> list[Issue]:
    """Records are never deleted: a record that ends is withdrawn."""
    return [
        Issue(
            c.path,
            1,
            "",
            (
                f"this record was deleted; records are never deleted. Restore it with "
                f"`git checkout {change.base} -- {c.path}` and withdraw it instead "
                "(`disputes withdraw ID --date ... --reason ...`)"
            ),
        )
        for c in change.files
        if c.status == "D" or (c.status == "R" and not c.path.startswith("records/"))
    ]


def parallel_ids(change: Change) -> list[Issue]:
    """A new record whose id the base branch already uses (another change took it first)."""
    taken = {PurePosixPath(p).stem: p for p in change.base_files}
    return [
        Issue(
            c.path,
            1,
            "id",
            (
                f"the id {PurePosixPath(c.path).stem} is already used on {change.base} by {taken[stem]}, "
                "added by another change; give this record the next free id (rename the file and "
                "change its id)"
            ),
        )
        for c in change.files
        if c.status == "A" and (stem := PurePosixPath(c.path).stem) in taken
    ]


def unamended_rewrites(change: Change) -> list[Issue]:
    """A resolved or withdrawn record changed without an `Amends: <id> <reason>` trailer."""
    issues = []
    for c in change.files:
        if c.status not in "MR" or c.old_blob is None or c.old_blob == c.new_blob:
            continue
        old = front_matter(change.history.blob_text(c.old_blob))
        if old.get("status") not in CLOSED:
            continue
        record_id = PurePosixPath(c.path).stem
        if not any(
            _amends(commit, record_id)
            for commit in change.history.commits_for(c.path)
            if commit.hash in change.new_commits
        ):
            issues.append(
                Issue(
                    c.path,
                    1,
                    "",
                    (
                        f"{record_id} was already {old.get('status')} and this change rewrites it; a "
                        "closed record is changed only by a recorded amendment: put the trailer "
                        f"'Amends: {record_id} <why it is amended>' at the end of the commit message"
                    ),
                )
            )
    return issues


def _amends(commit: Commit, record_id: str) -> bool:
    """Whether a commit carries `Amends: <record_id> <reason>` with a reason."""
    return any(
        len(v.split(maxsplit=1)) == 2 and v.split()[0] == record_id
        for v in commit.trailer_values("Amends")
    )


def missing_sign_offs(
    file: str, parsed: Parsed, history: History, require_signatures: bool
) -> list[Issue]:
    """Both managers' sign-off commits for a record resolved at stage 3 or later."""
    data = parsed.data
    resolution = data.get("resolution") or {}
    if data.get("status") != "resolved" or int(resolution.get("stage", 0)) < 3:
        return []
    managers = signing_managers(data)  # the stage resolved at, else the highest naming them
    issues = []
    for role, words in ROLES.items():
        email = str((managers.get(role) or {}).get("email", ""))
        commits = history.commits_for(file)
        if not email:
            issues.append(
                Issue(
                    file,
                    parsed.line_of(("stages",)),
                    "sign_off",
                    (
                        f"no {words} with an email is named at the stage it was resolved at, so "
                        "their sign-off cannot be checked; name both managers with `disputes amend`"
                    ),
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

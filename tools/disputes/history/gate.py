"""`disputes check --base REV`: the CI gate for a change to the register."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

from disputes.history import (
    ALLOWED_SIGNERS,
    Commit,
    FileChange,
    History,
    changed_records,
    file_at,
    files_at,
    merge_base,
    range_hashes,
    read_history,
    resolve_rev,
)
from disputes.history.audit import front_matter
from disputes.history.ids import parallel_id_message
from disputes.history.signoffs import Rules, sign_off_problems
from disputes.records.config import AGENCIES_FILE
from disputes.records.domains import parse_email_domains
from disputes.records.model import Issue
from disputes.records.validate import validate_register

CLOSED = ("resolved", "withdrawn")


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
    root: Path, base: str, *, today: date, require_signatures: bool = False,
    strict: bool = False,
) -> tuple[list[Issue], int]:
    """Every problem with the change (validation, deletions, ids, amendments, sign-offs).

    Signatures are required when `require_signatures` is given or BASE has
    schema/allowed_signers (safe by default); `strict` makes warnings errors.
    """
    register = validate_register(root, today=today)
    with tempfile.TemporaryDirectory() as folder:  # BASE's allowed signers, while checking
        signers = Path(folder) / "allowed_signers"
        change = read_change(root, base, signers)
        issues = list(register.issues)
        issues += deleted_records(change)
        issues += parallel_ids(change)
        issues += unamended_rewrites(change)
        rules = base_rules(root, base, signers, require_signatures)
        for file in sorted(r.file for r in register.records if r.file in touched_files(change)):
            issues += sign_off_problems(file, register.parsed[file], change.history, rules)
    if strict:
        issues = [replace(i, severity="error") for i in issues]
    return sorted(set(issues)), register.checked


def base_rules(root: Path, base: str, signers: Path, require_signatures: bool) -> Rules:
    """Sign-off rules from BASE's configuration: its allowed signers and email domains."""
    listed = bool(signers.read_text(encoding="utf-8").strip())
    domains = parse_email_domains(file_at(root, resolve_rev(root, base), AGENCIES_FILE) or "")
    return Rules(signatures=require_signatures or listed, where=base, domains=domains)


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
            parallel_id_message(stem, change.base, taken[stem]),
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

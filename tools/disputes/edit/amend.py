"""Amendments and reopenings: an edit committed with its `Amends: <id> <reason>` trailer.

A closed record may change only by a recorded amendment (the CI gate refuses any other
rewrite), so these commands make the commit themselves, carrying the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from disputes.edit.apply import EditResult, apply_edit
from disputes.edit.lock import register_lock
from disputes.history import Commit, commit_record, signing_configured, staged_paths
from disputes.records.config import relative
from disputes.records.find import EditError, find_record


def amendment_message(record_id: str, subject: str, reason: str) -> str:
    """The commit message: what was done in the subject, the reason in the trailer."""
    reason = " ".join(reason.split())
    return f"{subject}\n\n{reason}\n\nAmends: {record_id} {reason}\n"


def ready_to_commit(root: Path, record_id: str) -> str:
    """The record's file, once git is there and nothing else is staged (EditError if not)."""
    file = relative(find_record(root, record_id), root)
    others = [p for p in staged_paths(root) if p != file]  # GitError when not a git folder
    if others:
        raise EditError(
            f"other changes are staged ({', '.join(others)}); an amendment commit carries only "
            "the record. Commit or unstage them (`git restore --staged FILE`) first"
        )
    return file


def reason_check(reason: str) -> str:
    """An amendment's reason for the Amends trailer: any text but a blank (the gate's rule,
    `gate.rules.amends`, wants a reason after the id; ValueError if there is none)."""
    if not reason.strip():
        raise ValueError("give the reason for the amendment: it cannot be blank")
    return reason


def amend_and_commit(
    root: Path,
    record_id: str,
    edit: Callable[[str], str],
    today: date,
    subject: str,
    reason: str,
) -> tuple[EditResult, Commit | None]:
    """Apply a checked edit and, if it was written, commit it with the Amends trailer."""
    try:
        reason_check(reason)
    except ValueError:
        raise EditError(
            "give the reason for the amendment with --reason; it cannot be blank"
        ) from None
    with register_lock(root):  # no other edit between writing the record and committing it
        file = ready_to_commit(root, record_id)
        result = apply_edit(root, record_id, edit, today)
        if not result.written:
            return result, None
        message = amendment_message(record_id, subject, reason)
        commit, _ = commit_record(root, file, message, sign=signing_configured(root))
    return result, commit

"""Record ids another branch already uses: for `new`, `renumber` and the gate's message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from disputes.history.git import RECORDS_DIR, GitError, run_git

DEFAULT_BASE = "origin/main"
ID_PATTERN = re.compile(r"^PD-(\d{4})-(\d{4})$")


def base_commit(root: Path, base: str | None) -> str | None:
    """The commit of the base branch ids are checked against.

    `base` None means the usual one, `origin/main`, when this clone has it (not a git
    repository, or no such branch: None). A `base` the user named must exist.
    """
    rev = base or DEFAULT_BASE
    try:
        return run_git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").strip()
    except GitError:
        if base is None:
            return None
        raise GitError(
            f"git does not know the branch '{base}'; fetch it first (`git fetch origin`) or "
            "leave out --base to use origin/main"
        ) from None


def ids_at(root: Path, commit: str) -> dict[str, str]:
    """Every record id (file name without .md) under records/ at a commit, with its path."""
    names = run_git(root, "ls-tree", "-r", "--name-only", commit, "--", RECORDS_DIR)
    return {PurePosixPath(p).stem: p for p in names.splitlines() if p.endswith(".md")}


def highest_number(ids: Iterable[str], year: int) -> int:
    """The highest NNNN among PD-<year>-NNNN ids (0 if none)."""
    numbers = [
        int(match.group(2))
        for record_id in ids
        if (match := ID_PATTERN.match(record_id)) and int(match.group(1)) == year
    ]
    return max(numbers, default=0)


def parallel_id_message(record_id: str, base: str, taken_by: str) -> str:
    """What `check` says when a new record's id is already used on the base branch."""
    return (
        f"the id {record_id} is already used on {base} by {taken_by}, added by another change "
        f"while this one was open. Give this record the next free id in one step: run "
        f"`disputes renumber {record_id}`, then push the branch again"
    )

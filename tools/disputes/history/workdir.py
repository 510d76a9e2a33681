"""What git knows about the working folder: where its lock lives, whether a file is committed."""

from __future__ import annotations

from pathlib import Path

from disputes.history.git import GitError, run_git

LOCK_NAME = "disputes.lock"


def lock_file(root: Path) -> Path:
    """The register's edit lock: inside the git folder, so it is never committed.

    A register that is not a git repository keeps it as `.disputes.lock` in its folder.
    """
    try:
        answer = run_git(root, "rev-parse", "--git-path", LOCK_NAME).strip()
    except GitError:
        return root / f".{LOCK_NAME}"
    return (root / answer).resolve()


def is_tracked(root: Path, file: str) -> bool:
    """Whether git tracks `file` (relative to the register folder)."""
    try:
        run_git(root, "ls-files", "--error-unmatch", "--", file)
    except GitError:
        return False
    return True


def has_uncommitted_change(root: Path, file: str) -> bool:
    """Whether `file` differs from the last commit, staged or not."""
    return bool(run_git(root, "status", "--porcelain", "--", file).strip())

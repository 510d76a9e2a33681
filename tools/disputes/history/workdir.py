"""What git knows about the working folder and the next commit.

Where the edit lock lives, whether a file is tracked or has uncommitted changes, and who
git will say made the next commit (`git var`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from disputes.history.git import GitError, run_git

LOCK_NAME = "disputes.lock"
_IDENT = re.compile(r"^(?P<name>.*?) <(?P<email>[^>]*)>")


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
    """Whether `file` differs from HEAD (changed, staged or untracked)."""
    return bool(run_git(root, "status", "--porcelain", "--", file).strip())


@dataclass(frozen=True)
class Identity:
    """A name and email as git puts them on a commit."""

    name: str
    email: str


def next_identity(root: Path, part: str) -> Identity | None:
    """The AUTHOR or COMMITTER of the next commit here (None if git does not know).

    `git var` applies `GIT_AUTHOR_*`/`GIT_COMMITTER_*` from the environment, `-c`
    options and every configuration file, exactly as `git commit` will.
    """
    try:
        line = run_git(root, "var", f"GIT_{part}_IDENT").strip()
    except GitError:
        return None
    match = _IDENT.match(line)
    return Identity(match["name"], match["email"]) if match else None

"""What the next commit will be: who git will say made it (`git var`), what is uncommitted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from disputes.history.git import GitError, run_git

_IDENT = re.compile(r"^(?P<name>.*?) <(?P<email>[^>]*)>")


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


def uncommitted(root: Path, file: str) -> bool:
    """Whether the file differs from HEAD (changed, staged or untracked)."""
    return bool(run_git(root, "status", "--porcelain", "--", file).strip())

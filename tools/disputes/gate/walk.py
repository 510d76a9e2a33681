"""Every commit of a change, one by one, with what it did to files under records/.

A pull request is judged by what it leaves at its head, but every commit of it stays in
the register's history; `lasting` judges each commit for what no later commit can undo (a
record deleted and restored, a closed record rewritten before its amendment, a version no
reader may parse). Each commit's record changes are read from git objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from disputes.history.git import RECORDS_DIR, run_git
from disputes.history.tree import Entry


@dataclass(frozen=True)
class Step:
    """One commit of the change and what it did to files under records/."""

    commit: str
    subject: str
    written: tuple[Entry, ...]  # files added or changed, as this commit leaves them
    removed: tuple[str, ...]  # paths this commit deleted
    before: tuple[tuple[str, str], ...] = ()  # (path, blob) of each file changed, not added

    @property
    def label(self) -> str:
        """How a message names the commit."""
        return f"commit {self.commit[:10]} ('{self.subject}')"


def steps(root: Path, base: str, head: str) -> list[Step]:
    """The commits in base..head that touch records/, oldest first (merges: vs first parent),
    each with what it changed there, in one `git log` (renames as a deletion and an addition;
    a root commit against the empty tree; submodules shown whatever git's configuration says).
    """
    output = run_git(
        root,
        "log",
        "-z",
        "--reverse",
        "--format=%x1e%H%x1f%P%x1f%s",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "--relative",
        "--root",
        "--diff-merges=first-parent",
        "--ignore-submodules=none",
        f"{base}..{head}",
        "--",
        RECORDS_DIR,
    )
    found: list[tuple[str, str, list[Entry], list[str], list[tuple[str, str]]]] = []
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith("\x1e"):  # a commit: hash, parents, subject
            commit, _parents, subject = (token[1:].split("\x1f", 2) + ["", ""])[:3]
            found.append((commit, subject, [], [], []))
        elif token.startswith(":") and found:  # one change; its path is the next token
            path = next(tokens, "")
            _old_mode, new_mode, old, new, status = token[1:].split()[:5]
            if status.startswith("D"):
                found[-1][3].append(path)
            else:
                found[-1][2].append(Entry(path, new_mode, new, -1))
                if old.strip("0"):  # a file that was there before this commit
                    found[-1][4].append((path, old))
    return [
        Step(commit, subject, tuple(written), tuple(removed), tuple(before))
        for commit, subject, written, removed, before in found
        if written or removed
    ]

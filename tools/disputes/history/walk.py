"""Every commit of a change, one by one: a middle commit may not leave a record invalid.

A pull request judged only by its last commit could carry, in between, a record that
crashes a later reader (deep nesting, an alias bomb) or a record deleted and restored
(which cuts its audit trail). Each commit's record changes are read from git objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from disputes.history.git import RECORDS_DIR, run_git
from disputes.history.tree import Entry

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id for a tree with nothing


@dataclass(frozen=True)
class Step:
    """One commit of the change and what it did to files under records/."""

    commit: str
    subject: str
    written: tuple[Entry, ...]  # files added or changed, as this commit leaves them
    removed: tuple[str, ...]  # paths this commit deleted

    @property
    def label(self) -> str:
        """How a message names the commit."""
        return f"commit {self.commit[:10]} ('{self.subject}')"


def steps(root: Path, base: str, head: str) -> list[Step]:
    """The commits in base..head that touch records/, oldest first (merges: vs first parent)."""
    found = []
    listing = run_git(root, "log", "--reverse", "--format=%H%x1f%P%x1f%s", f"{base}..{head}",
                      "--", RECORDS_DIR)
    for line in listing.splitlines():
        commit, parents, subject = (line.split("\x1f") + ["", ""])[:3]
        parent = parents.split()[0] if parents.split() else EMPTY_TREE
        written, removed = _changes(root, parent, commit)
        if written or removed:
            found.append(Step(commit, subject, tuple(written), tuple(removed)))
    return found


def _changes(root: Path, parent: str, commit: str) -> tuple[list[Entry], list[str]]:
    """What one commit changed under records/ (renames seen as a deletion and an addition)."""
    output = run_git(root, "diff-tree", "-r", "-z", "--no-renames", "--raw", "--no-abbrev",
                     "--relative", parent, commit, "--", RECORDS_DIR)
    fields = output.split("\0")
    written, removed = [], []
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        _old_mode, new_mode, _old, new, status = meta[1:].split()[:5]
        if status.startswith("D"):
            removed.append(path)
        else:
            written.append(Entry(path, new_mode, new, -1))
    return written, removed

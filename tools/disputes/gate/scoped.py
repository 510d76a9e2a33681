"""The history `check` needs: the change's own commits and the touched records' trails.

Reading every commit's diff made the gate cost the whole register's history on every
pull request. The gate's rules read only: the commits in fork..head (their trailers
and what they changed) and, for each record the change touches, that record's own
commits and the commits naming it (sign-offs made earlier count). Those are read here
with path-limited walks (see `trail`), into one `History` that the rules read as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from disputes.gate.listing import Tree
from disputes.history.git import run_git
from disputes.history.log import LOG_FORMAT, Commit, FileChange, History, parse_commit
from disputes.history.stream import stream_git
from disputes.history.trail import named_ids, record_commits


def range_commits(root: Path, fork: str, head: str) -> list[Commit]:
    """The commits in fork..head with what each changed (-M, as the whole walk reads them)."""
    commits: list[Commit] = []
    args = [
        "log",
        f"--format={LOG_FORMAT}",
        "--raw",
        "--relative",
        "--no-abbrev",
        "-M",
        "--topo-order",
        f"{fork}..{head}",
        "--",
    ]
    stream_git(root, args, lambda record: commits.append(parse_commit(record)))
    return commits


def touched_records(files: Iterable[FileChange], commits: Iterable[Commit], head: Tree) -> set[str]:
    """Record files the change added or edited (at the head, or in any of its commits: a
    record changed and changed back has a new version, whose sign-offs must come after it),
    or whose id one of its commits names."""
    touched = {c.path for c in files if c.status != "D"}
    written = {f.path for c in commits for f in c.changes if f.status != "D"}
    touched |= {p for p in written if (e := head.entry(p)) is not None and e.is_record_file}
    named = {record_id for c in commits for record_id in named_ids(c)}
    return touched | {e.path for record_id in named for e in head.named(record_id)}


def scoped_history(
    root: Path, head: str, own: list[Commit], touched: Iterable[str], signers: str
) -> History:
    """The change's commits (newest first) and each touched record's history, in the
    register's order."""
    found = {c.hash: c for c in own}
    order: list[str] | None = None  # the register's commits, newest first
    for path in sorted(touched):
        order, commits = record_commits(root, head, path)
        for commit in commits:
            known = found.get(commit.hash)
            # one commit may change several touched records: keep every change read
            changes = (*known.changes, *commit.changes) if known else commit.changes
            found[commit.hash] = replace(commit, changes=tuple(dict.fromkeys(changes)))
    if order is None:
        order = run_git(root, "rev-list", "--topo-order", head).split()
    position = {sha: -index for index, sha in enumerate(order)}
    commits = sorted(found.values(), key=lambda c: position.get(c.hash, -len(order)))
    return History(root, commits, signers, None)  # CI trusts no cache

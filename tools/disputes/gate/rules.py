"""The gate's rules about what a change did to records, each returning plain-English issues."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from disputes.history.ids import parallel_id_message
from disputes.history.log import Commit
from disputes.history.tree import Entry, record_sources
from disputes.records.frontmatter import FileProblem, parse_record_text
from disputes.records.model import Issue
from disputes.records.snapshot import Source

if TYPE_CHECKING:
    from disputes.gate.check import Change

CLOSED = ("resolved", "withdrawn")
Version = tuple[str, str | None]  # a record's blob and its status
_STATUS = re.compile(r"^status:[ \t]*['\"]?(\w+)", re.M)


def deleted_records(change: Change) -> list[Issue]:
    """Records on the base branch missing from the head in any way: records are never deleted.

    A path the change did not alter is at the head as it was at the fork, so only the paths
    git's diff of the two trees names can have gone."""
    gone = [
        c.path
        for c in change.forked.values()
        if c.old is not None and (c.new is None or not c.new.is_record_file)
    ]
    return [
        Issue(
            path,
            1,
            "",
            (
                f"this record, which is on {change.base}, is missing from this change (deleted, "
                "renamed, or replaced by something that is not a plain record file); records are "
                "never deleted, and a commit that restores it would not undo this (every commit "
                "stays in the register's history): close this pull request and make the change "
                f"again on a new branch from {change.base}, keeping the record; to take a record "
                "out of use, withdraw it (`disputes withdraw ID --date ... --reason ...`)"
            ),
        )
        for path in sorted(gone)
        if change.is_protected(path)
    ]


def parallel_ids(change: Change) -> list[Issue]:
    """A new record whose id the base branch already uses (another change took it first)."""
    base = change.trees["base"]
    return [
        Issue(c.path, 1, "id", parallel_id_message(stem, change.base, taken[-1].path))
        for c in change.files
        if c.status == "A" and (taken := base.named(stem := PurePosixPath(c.path).stem))
    ]


def status_of(source: Source | None) -> str | None:
    """A version's status, read by the loader `validate` uses (a plain scan if it is broken)."""
    if source is None or isinstance(source, FileProblem):
        return None
    try:
        return str(parse_record_text(source).data.get("status"))
    except FileProblem:  # an old broken version: its status line still says what it was
        found = _STATUS.search(source)
        return found.group(1) if found else None


def fork_versions(change: Change, root: Path, paths: Iterable[str]) -> dict[str, Version]:
    """Each path's blob and status where the change began, in one read (`unamended_rewrites`
    and `lasting` share it)."""
    fork = change.trees["fork"]
    entries = _known(fork.entry(path) for path in sorted(set(paths)))
    blobs = {e.path: e.blob for e in entries}
    return {p: (blobs[p], status_of(s)) for p, s in record_sources(root, entries).items()}


def rewritten_paths(change: Change) -> list[str]:
    """Record paths the change rewrites, fork to head."""
    return [c.old.path for c in change.forked.values() if c.rewritten and c.old is not None]


def unamended_rewrites(
    change: Change, at_fork: Mapping[str, Version], skip: set[str]
) -> list[Issue]:
    """A record closed where the change began, changed without an `Amends: <id> <reason>`
    (`skip`: records a commit changed before their amendment, which `lasting` names)."""
    issues = []
    for path in sorted(set(rewritten_paths(change)) - skip):
        status = at_fork[path][1] if path in at_fork else None
        record_id = PurePosixPath(path).stem
        if status not in CLOSED or any(
            amends(c, record_id)
            for c in change.history.commits_for(path)
            if c.hash in change.new_commits
        ):
            continue
        issues.append(
            Issue(
                path,
                1,
                "",
                (
                    f"{record_id} was already {status} and this change rewrites it; a closed record is "
                    "changed only by a recorded amendment: add a commit whose message ends with the "
                    f"line 'Amends: {record_id} <why it is amended>'"
                ),
            )
        )
    return issues


def closed_since_fork(change: Change, root: Path) -> list[Issue]:
    """A record closed on the base branch after this change began, which the change edits."""
    moved = [  # as on the base branch: changed there since the fork, and by the change too
        c.new
        for p, c in change.moved.items()
        if c.rewritten
        and (h := change.forked.get(p)) is not None
        and h.rewritten
        and h.new is not None
        and c.new is not None
        and h.new.blob != c.new.blob
    ]
    return [
        Issue(
            path,
            1,
            "",
            (
                f"{PurePosixPath(path).stem} was closed on {change.base} after this branch began, "
                "and this change edits it; bring the branch up to date first (the pull request's "
                f"'Update branch' button, or `git merge {change.base}`), then change the record "
                "only by an amendment ('Amends: ID reason')"
            ),
        )
        for path, source in sorted(record_sources(root, _known(moved)).items())
        if status_of(source) in CLOSED
    ]


def mixed_configuration(change: Change) -> list[Issue]:
    """Configuration (any path outside records/) changed alongside records: refused, so
    records meet the rules in force and no code or page slips in beside them."""
    if not (change.configuration and change.files):
        return []
    return [
        Issue(
            path,
            1,
            "",
            (
                "this change alters the register's configuration (everything outside records/) "
                "and its records together; split it in two: first the configuration on its own "
                "(every record checked with it, and anything that can run code named for an "
                "administrator's review), then the records, which are checked against the "
                f"configuration on {change.base}"
            ),
        )
        for path in change.configuration
    ]


def _known(entries: Iterable[Entry | None]) -> list[Entry]:
    return [e for e in entries if e is not None]


def amends(commit: Commit, record_id: str) -> bool:
    """Whether a commit carries `Amends: <record_id> <reason>` with a reason."""
    return any(
        len(v.split(maxsplit=1)) == 2 and v.split()[0] == record_id
        for v in commit.trailer_values("Amends")
    )

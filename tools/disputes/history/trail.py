"""One record's history, read with one walk of its path: cost follows the record.

`read_history` reads every commit's diff, which `disputes audit ID` and a single record
page do not need. Here one `git log --sparse --full-history -- FILE` lists every commit
(its hash and trailers: the register's order, and the sign-off commits naming the
record, which carry no change when the record is unchanged) with its diff limited to
the record's path, which git computes as it does for `git log -- FILE`; renames are
followed back, and only the commits found are read whole. The result is a `History`
holding just those commits, in the order the whole-register walk gives them, so
`audit_trail` and the sign-off rules read it exactly as they read the full one.

Renames are followed as the whole-register walk sees them (`-M` on each commit's whole
diff), not as `git log --follow` does: `--follow` also takes a newly added file for a
copy of a similar one, which would give a new record another record's past.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from disputes.history.git import allowed_signers_path, ensure_full_history, run_git
from disputes.history.log import (
    LOG_FORMAT,
    Commit,
    FileChange,
    History,
    parse_log,
    parse_raw,
    parse_trailers,
)

MAX_RENAMES = 1000  # a record renamed more often than this is not a record's history

# Every commit, newest first in the register's order (--sparse keeps those that leave
# the path alone), with its hash, the trailers that can name a record, and its diff
# limited to the path (--raw)
WALK = [
    "log",
    "--sparse",
    "--full-history",
    "--topo-order",
    "--raw",
    "--relative",
    "--no-abbrev",
    "--format=%x1e%H%x1f%(trailers:key=Sign-off,key=Amends,unfold,separator=%x1f)",
]


def read_record_history(
    root: Path,
    record_file: str,
    *,
    allowed_signers: Path | None = None,
    rev: str = "HEAD",
    remember: bool = True,
) -> History:
    """The commits of one record (across renames) and those naming its id, oldest first."""
    found_dir, committed = ensure_full_history(root)
    signers = allowed_signers_path(root, allowed_signers)
    git_dir = found_dir if remember else None
    if not committed:
        return History(root, [], signers, git_dir)
    order, commits = record_commits(root, rev, PurePosixPath(record_file).as_posix())
    position = {sha: index for index, sha in enumerate(order)}
    oldest_first = sorted(commits, key=lambda c: -position.get(c.hash, len(order)))
    return History(root, oldest_first, signers, git_dir)


@dataclass
class _Walk:
    """What one walk of a path found."""

    order: list[str] = field(default_factory=list)  # every commit, newest first
    naming: list[str] = field(default_factory=list)  # those whose trailers name the id
    changing: list[tuple[str, tuple[FileChange, ...]]] = field(default_factory=list)


def record_commits(root: Path, rev: str, path: str) -> tuple[list[str], list[Commit]]:
    """The register's commits reachable from `rev` (newest first), and the record's own:
    those that changed its file, back through renames to where it was added, carrying
    those changes, and those whose Sign-off or Amends trailer names its id."""
    record_id = PurePosixPath(path).stem
    first = _walk(root, rev, path, record_id)
    lineage: list[tuple[str, tuple[FileChange, ...]]] = []
    changing = first.changing
    for _ in range(MAX_RENAMES):
        added = next(
            (i for i, (_, changes) in enumerate(changing) if any(c.status == "A" for c in changes)),
            None,
        )
        if added is None:
            lineage += changing
            break
        lineage += changing[: added + 1]
        sha = changing[added][0]
        renamed = _renamed_into(root, sha, path)
        if renamed is None:
            break
        lineage[-1] = (sha, (renamed,))
        path = renamed.old_path or path
        changing = _walk(root, f"{sha}^", path, record_id).changing
    changes = dict(lineage)
    wanted = list(dict.fromkeys([*changes, *first.naming]))
    commits = [replace(c, changes=changes.get(c.hash, ())) for c in _read_whole(root, wanted)]
    return first.order, commits


def _walk(root: Path, tip: str, path: str, record_id: str) -> _Walk:
    """One `git log` from `tip`: every commit, those naming the record, those changing PATH."""
    found = _Walk()
    for piece in run_git(root, *WALK, tip, "--", path).split("\x1e")[1:]:
        head, _, diff = piece.partition("\n")
        sha, _, trailers = head.partition("\x1f")
        found.order.append(sha)
        if not trailers and not diff:  # most commits: no trailer to read, no change here
            continue
        if trailers and record_id in _named_in(trailers.split("\x1f")):
            found.naming.append(sha)
        changes = tuple(c for c in parse_raw(diff.splitlines()) if c.path == path)
        if changes:
            found.changing.append((sha, changes))
    return found


def _read_whole(root: Path, hashes: list[str]) -> list[Commit]:
    """These commits read whole (author, dates, message, trailers), in this order."""
    if not hashes:
        return []
    output = run_git(
        root,
        "log",
        "--no-walk=unsorted",
        "--stdin",
        f"--format={LOG_FORMAT}",
        input_text="\n".join(hashes) + "\n",
    )
    return parse_log(output)


def _renamed_into(root: Path, commit: str, path: str) -> FileChange | None:
    """The rename that made PATH in this commit, as its whole diff with -M shows it."""
    output = run_git(
        root,
        "diff-tree",
        "--root",
        "-r",
        "-M",
        "--raw",
        "--relative",
        "--no-abbrev",
        "--no-commit-id",
        commit,
    )
    for change in parse_raw(output.splitlines()):
        if change.status == "R" and change.path == path:
            return change
    return None


def named_ids(commit: Commit) -> set[str]:
    """Record ids named by the commit's Sign-off or Amends trailers (as History indexes them)."""
    return {
        v.split()[0]
        for key in ("Sign-off", "Amends")
        for v in commit.trailer_values(key)
        if v.strip()
    }


def _named_in(trailers: list[str]) -> set[str]:
    """The record ids the trailers name, as `named_ids` reads a commit's."""
    pairs = parse_trailers("\n".join(trailers))
    return {v.split()[0] for k, v in pairs if k.lower() in ("sign-off", "amends") and v.strip()}

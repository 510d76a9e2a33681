"""One record's history, read with a path-limited walk: cost follows the record, not the register.

`read_history` reads every commit's diff, which `disputes audit ID` and a single record
page do not need. Here git walks only the record's own path (as `git log -- FILE` does),
follows it back through renames, and finds the commits whose message names the record's
id (sign-off commits carry no change when the record is unchanged). The result is a
`History` holding just those commits, in the order the whole-register walk gives them,
so `audit_trail` and the sign-off rules read it exactly as they read the full one.

Renames are followed as the whole-register walk sees them (`-M` on each commit's whole
diff), not as `git log --follow` does: `--follow` also takes a newly added file for a
copy of a similar one, which would give a new record another record's past.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from disputes.history.git import allowed_signers_path, ensure_full_history, has_commits, run_git
from disputes.history.log import LOG_FORMAT, Commit, FileChange, History, parse_commit, parse_raw
from disputes.history.stream import InBackground, stream_git

_LOG = ["--format=" + LOG_FORMAT, "--raw", "--relative", "--no-abbrev", "--topo-order"]
MAX_RENAMES = 1000  # a record renamed more often than this is not a record's history


def read_record_history(
    root: Path,
    record_file: str,
    *,
    allowed_signers: Path | None = None,
    rev: str = "HEAD",
    remember: bool = True,
) -> History:
    """The commits of one record (across renames) and those naming its id, oldest first."""
    found_dir = ensure_full_history(root)
    signers = allowed_signers_path(root, allowed_signers)
    git_dir = found_dir if remember else None
    if not has_commits(root):
        return History(root, [], signers, git_dir)
    path = PurePosixPath(record_file).as_posix()
    record_id = PurePosixPath(path).stem
    naming = InBackground(lambda: naming_commits(root, rev, record_id))
    touching = record_lineage(root, rev, path)
    named = naming.result()
    commits = _in_order(root, rev, touching, named)
    return History(root, commits, signers, git_dir)


def record_lineage(root: Path, rev: str, path: str) -> list[Commit]:
    """The commits that changed the file, newest first, back to where it was added."""
    found: list[Commit] = []
    tip = rev
    for _ in range(MAX_RENAMES):
        commits = _path_log(root, tip, path)
        added = next((i for i, c in enumerate(commits) if _adds(c, path)), None)
        if added is None:
            return found + commits
        found += commits[: added + 1]
        renamed = _renamed_into(root, commits[added].hash, path)
        if renamed is None:
            return found
        found[-1] = replace(found[-1], changes=(renamed,))
        tip, path = f"{commits[added].hash}^", renamed.old_path or path
    return found


def _path_log(root: Path, tip: str, path: str) -> list[Commit]:
    """`git log -- PATH` from `tip`, newest first; every commit that changed PATH."""
    commits: list[Commit] = []
    args = ["log", *_LOG, "--full-history", tip, "--", path]
    stream_git(root, args, lambda record: commits.append(parse_commit(record)))
    return [c for c in commits if any(ch.path == path for ch in c.changes)]


def _adds(commit: Commit, path: str) -> bool:
    """Whether the commit adds the file at PATH (as seen limited to that path)."""
    return any(ch.path == path and ch.status == "A" for ch in commit.changes)


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


def naming_commits(root: Path, rev: str, record_id: str) -> list[Commit]:
    """Commits whose message names the record's id in a Sign-off or Amends trailer."""
    commits: list[Commit] = []
    args = ["log", f"--format={LOG_FORMAT}", "--topo-order", "-F", f"--grep={record_id}", rev, "--"]
    stream_git(root, args, lambda record: commits.append(parse_commit(record)))
    return [c for c in commits if record_id in named_ids(c)]


def named_ids(commit: Commit) -> set[str]:
    """Record ids named by the commit's Sign-off or Amends trailers (as History indexes them)."""
    return {
        v.split()[0]
        for key in ("Sign-off", "Amends")
        for v in commit.trailer_values(key)
        if v.strip()
    }


def _in_order(root: Path, rev: str, touching: list[Commit], named: list[Commit]) -> list[Commit]:
    """Both lists as one, oldest first, in the whole-register walk's order."""
    seen = {c.hash for c in touching}
    extra = [c for c in named if c.hash not in seen]
    if not extra:
        return touching[::-1]
    # Commits from two walks interleave: the register's topological order places them.
    order = run_git(root, "rev-list", "--topo-order", "--reverse", rev).split()
    position = {sha: index for index, sha in enumerate(order)}
    return sorted([*touching, *extra], key=lambda c: position.get(c.hash, -1))

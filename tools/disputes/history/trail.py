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
from disputes.history.log import (
    LOG_FORMAT,
    Commit,
    FileChange,
    History,
    parse_commit,
    parse_log,
    parse_raw,
    parse_trailers,
)
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
    naming = InBackground(lambda: ordered_naming(root, rev, record_id))
    touching = record_lineage(root, rev, path)
    order, named = naming.result()
    commits = _in_order(root, order, touching, named)
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


def named_ids(commit: Commit) -> set[str]:
    """Record ids named by the commit's Sign-off or Amends trailers (as History indexes them)."""
    return {
        v.split()[0]
        for key in ("Sign-off", "Amends")
        for v in commit.trailer_values(key)
        if v.strip()
    }


# Each commit's hash and trailers (as LOG_FORMAT gives them): what names a record.
_NAMING = "--format=%x1e%H%x1f%(trailers:only,unfold,separator=%x1f)"


def ordered_naming(root: Path, rev: str, record_id: str) -> tuple[list[str], list[Commit]]:
    """The register's commits in its topological order (newest first), and those whose
    Sign-off or Amends trailer names the record, read whole: one walk of hashes and
    trailers gives both (no `--grep` walk, then a `rev-list` walk to order its finds)."""
    order: list[str] = []
    hits: list[str] = []

    def take(record: str) -> None:
        sha, *trailers = record.strip("\n").split("\x1f")
        order.append(sha)
        if trailers != [""] and record_id in _named_in(trailers):
            hits.append(sha)

    stream_git(root, ["log", "--topo-order", _NAMING, rev, "--"], take)
    if not hits:
        return order, []
    output = run_git(
        root,
        "log",
        "--no-walk=unsorted",
        "--stdin",
        f"--format={LOG_FORMAT}",
        input_text="\n".join(hits) + "\n",
    )
    named = [c for c in parse_log(output) if record_id in named_ids(c)]
    return order, named


def _named_in(trailers: list[str]) -> set[str]:
    """The record ids the trailers name, as `named_ids` reads a commit's."""
    pairs = parse_trailers("\n".join(trailers))
    return {v.split()[0] for k, v in pairs if k.lower() in ("sign-off", "amends") and v.strip()}


def _in_order(
    root: Path, order: list[str], touching: list[Commit], named: list[Commit]
) -> list[Commit]:
    """Both lists as one, oldest first, in the whole-register walk's order (newest first
    in `order`, as `ordered_naming` walked it)."""
    seen = {c.hash for c in touching}
    extra = [c for c in named if c.hash not in seen]
    if not extra:
        return touching[::-1]
    position = {sha: -index for index, sha in enumerate(order)}
    return sorted([*touching, *extra], key=lambda c: position.get(c.hash, -len(order)))

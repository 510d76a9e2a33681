"""A commit's records read from git objects: what `check` judges, never the working files.

Entries come from `git ls-tree` or `git diff-tree` with their modes (see `listing`), so a
symlink or a submodule is seen for what it is, and a blob is read only when it is small enough
to be a record (its size asked of git first).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from disputes.history.git import GIT, GitError, git_env, run_git
from disputes.records.entries import git_entry_problem
from disputes.records.frontmatter import MAX_BYTES, FileProblem, decode_record, too_big
from disputes.records.snapshot import Source

REGULAR = ("100644", "100755")


@dataclass(frozen=True)
class Entry:
    """One file of a git tree under the register folder."""

    path: str
    mode: str
    blob: str
    size: int  # -1 where git gives none (a submodule)

    @cached_property  # asked by several rules of the same entry
    def is_record_file(self) -> bool:
        """Whether this entry may be a record: a regular file with a record's name."""
        return git_entry_problem(self.path, self.mode) is None


def read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """Blob contents by id, in one `git cat-file --batch` (callers pass only small blobs)."""
    wanted = list(dict.fromkeys(shas))
    found = read_objects(root, wanted)
    return {sha: blob for sha, blob in zip(wanted, found, strict=True) if blob is not None}


def read_objects(root: Path, names: list[str]) -> list[bytes | None]:
    """Each named blob's content (a blob id, or `rev:./path`), None where there is no blob,
    in one `git cat-file --batch`."""
    if not names:
        return []
    done = subprocess.run(
        [*GIT, "cat-file", "--batch"],
        cwd=root,
        capture_output=True,
        check=False,
        input="".join(f"{name}\n" for name in names).encode(),
        env=git_env(),
    )
    if done.returncode != 0:
        raise GitError(f"git cat-file failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    found: list[bytes | None] = []
    output, position = done.stdout, 0
    while position < len(output) and len(found) < len(names):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-1] in (b"missing", b"ambiguous"):
            found.append(None)
            continue
        size = int(header[2])
        found.append(output[position : position + size] if header[1] == b"blob" else None)
        position += size + 1
    return found


def texts_at(root: Path, rev: str, paths: list[str]) -> dict[str, str | None]:
    """Some files' texts at a revision (None: not there), in one process, not one each."""
    found = read_objects(root, [f"{rev}:./{path}" for path in paths])
    return {
        p: None if b is None else b.decode("utf-8", "replace")
        for p, b in zip(paths, found, strict=True)
    }


def record_sources(root: Path, entries: Iterable[Entry]) -> dict[str, Source]:
    """The text of each record entry (or why it cannot be read), reading no oversized blob."""
    chosen = [e for e in entries if e.is_record_file]
    if any(e.size < 0 for e in chosen):  # listed without sizes: find them before reading
        chosen = with_sizes(root, chosen)
    blobs = read_blobs(root, [e.blob for e in chosen if 0 <= e.size <= MAX_BYTES])
    sources: dict[str, Source] = {}
    for entry in chosen:
        if entry.blob not in blobs:
            sources[entry.path] = FileProblem(too_big(entry.size))
            continue
        try:
            sources[entry.path] = decode_record(blobs[entry.blob])
        except FileProblem as problem:
            sources[entry.path] = problem
    return sources


def entry_problems(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """(path, why) for each entry under records/ that is not a record file."""
    return [(e.path, why) for e in entries if (why := git_entry_problem(e.path, e.mode))]


def with_sizes(root: Path, entries: Iterable[Entry]) -> list[Entry]:
    """The entries with their blob sizes (from `git cat-file --batch-check`), for bounded reads."""
    entries = list(entries)
    shas = list(dict.fromkeys(e.blob for e in entries if e.mode in REGULAR))
    sizes: dict[str, int] = {}
    if shas:
        output = run_git(root, "cat-file", "--batch-check", input_text="\n".join(shas) + "\n")
        for line in output.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
    return [Entry(e.path, e.mode, e.blob, sizes.get(e.blob, -1)) for e in entries]

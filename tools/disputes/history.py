"""The only git user: one pass over `git log` gives every record's commits."""

from __future__ import annotations

import os
import subprocess
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

RECORDS_DIR = "records"
ALLOWED_SIGNERS = "schema/allowed_signers"
SIGNATURE_STATUS = {
    "G": "good",
    "B": "bad",
    "X": "bad",  # expired signature
    "Y": "bad",  # made by an expired key
    "R": "bad",  # made by a revoked key
    "U": "unknown-key",  # valid, but the key is not in the allowed-signers file
    "E": "unknown-key",  # cannot be checked: the key is missing
    "N": "unsigned",
}
SHALLOW_FIX = (
    "this is a shallow clone, so git holds only part of the register's history and the "
    "audit trail would be incomplete. Fetch the whole history: on GitHub Actions give "
    "actions/checkout `with: fetch-depth: 0`; on GitLab CI set the variable `GIT_DEPTH: 0`; "
    "anywhere else run `git fetch --unshallow`."
)
_FIELDS = (
    "%H", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI",
    "%G?", "%GS", "%GK", "%s", "%b", "%(trailers:only,unfold)",
)
LOG_FORMAT = "%x1e" + "%x1f".join(_FIELDS) + "%x1f"


class GitError(Exception):
    """Git cannot give the history: not a repository, a shallow clone, or git failed."""


@dataclass(frozen=True)
class FileChange:
    """One file added, modified, deleted or renamed by a commit."""

    status: str  # A, M, D, R, C or T
    path: str
    old_path: str | None = None
    old_blob: str | None = None
    new_blob: str | None = None


@dataclass(frozen=True)
class Commit:
    """One commit as the audit trail shows it."""

    hash: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_date: str
    committer_name: str
    committer_email: str
    committer_date: str
    subject: str
    body: str
    trailers: tuple[tuple[str, str], ...]
    signature: str  # good | bad | unknown-key | unsigned
    signer: str  # the principal the allowed-signers file gives the key, if any
    signing_key: str
    changes: tuple[FileChange, ...] = ()

    def trailer_values(self, key: str) -> list[str]:
        """The values of every trailer named `key` (case-insensitive)."""
        return [v for k, v in self.trailers if k.lower() == key.lower()]


def run_git(root: Path, *args: str, input_text: str | None = None) -> str:
    """Run one git command in `root` and return its output; GitError if it fails."""
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args], cwd=root, env=env, input=input_text,
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def ensure_full_history(root: Path) -> None:
    """Refuse a non-repository or a shallow clone, naming the fix."""
    try:
        answer = run_git(root, "rev-parse", "--is-shallow-repository").strip()
    except GitError as error:
        raise GitError(f"{root} is not a git repository (or git failed): {error}") from error
    if answer == "true":
        raise GitError(SHALLOW_FIX)


def has_commits(root: Path) -> bool:
    """Whether the repository has at least one commit."""
    try:
        run_git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    except GitError:
        return False
    return True


def allowed_signers_path(root: Path, override: Path | None = None) -> str:
    """The allowed-signers file to verify SSH signatures against (an empty one if none)."""
    path = override if override is not None else root / ALLOWED_SIGNERS
    return str(path.resolve()) if path.is_file() else os.devnull


def parse_trailers(text: str) -> tuple[tuple[str, str], ...]:
    """`Key: value` lines as pairs."""
    pairs = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def parse_raw(lines: Iterable[str]) -> tuple[FileChange, ...]:
    """`git log --raw` lines (`:mode mode old new STATUS\\tpath[\\tpath]`) as changes."""
    changes = []
    for line in lines:
        if not line.startswith(":"):
            continue
        meta, *paths = line.split("\t")
        _, _, old, new, status = meta.split(" ")[:5]
        kind = status[0]
        old_blob = None if set(old) == {"0"} else old
        new_blob = None if set(new) == {"0"} else new
        if kind in "RC":
            changes.append(FileChange(kind, paths[1], paths[0], old_blob, new_blob))
        else:
            changes.append(FileChange(kind, paths[0], None, old_blob, new_blob))
    return tuple(changes)


def parse_log(output: str) -> list[Commit]:
    """Parse the output of `git log --format=LOG_FORMAT --raw` into commits."""
    commits = []
    for chunk in output.split("\x1e")[1:]:
        parts = chunk.split("\x1f")
        (sha, parents, an, ae, ad, cn, ce, cd, status, signer, key, subject, body,
         trailers) = parts[:14]
        commits.append(Commit(
            hash=sha, parents=tuple(parents.split()), author_name=an, author_email=ae,
            author_date=ad, committer_name=cn, committer_email=ce, committer_date=cd,
            subject=subject, body=body.strip(), trailers=parse_trailers(trailers),
            signature=SIGNATURE_STATUS.get(status, "unknown-key"), signer=signer,
            signing_key=key, changes=parse_raw(parts[14].splitlines()),
        ))
    return commits


@dataclass
class History:
    """Every commit of the register, oldest first, indexed by record file."""

    root: Path
    commits: list[Commit]
    _position: dict[str, int] = field(default_factory=dict)
    _by_lineage: dict[int, list[Commit]] = field(default_factory=dict)
    _lineage_of_path: dict[str, int] = field(default_factory=dict)
    _by_record_id: dict[str, list[Commit]] = field(default_factory=dict)
    _blobs: BlobReader | None = None

    def __post_init__(self) -> None:
        self._position = {c.hash: index for index, c in enumerate(self.commits)}
        self._index()

    def _index(self) -> None:
        """Follow each record file through renames; note commits naming a record id."""
        current: dict[str, int] = {}
        for commit in self.commits:
            for change in commit.changes:
                if not change.path.startswith(RECORDS_DIR + "/"):
                    continue
                if change.status == "R" and change.old_path in current:
                    lineage = current.pop(change.old_path)
                elif change.status == "A" or change.path not in current:
                    lineage = len(self._by_lineage)
                else:
                    lineage = current[change.path]
                self._by_lineage.setdefault(lineage, []).append(commit)
                self._lineage_of_path[change.path] = lineage
                if change.status == "D":
                    current.pop(change.path, None)
                else:
                    current[change.path] = lineage
            for record_id in _named_records(commit):
                self._by_record_id.setdefault(record_id, []).append(commit)

    def commits_for(self, record_file: str) -> list[Commit]:
        """Commits that changed the record (across renames) or name its id, oldest first."""
        path = PurePosixPath(record_file).as_posix()
        lineage = self._lineage_of_path.get(path)
        touched = self._by_lineage.get(lineage, []) if lineage is not None else []
        named = self._by_record_id.get(PurePosixPath(path).stem, [])
        if not named:
            return list(touched)
        merged = {self._position[c.hash]: c for c in [*touched, *named]}
        return [merged[index] for index in sorted(merged)]

    def record_files(self) -> list[str]:
        """Every record path git has seen, in order of first appearance."""
        return list(self._lineage_of_path)

    def blob_text(self, sha: str) -> str:
        """The content of one blob, through a single long-lived `git cat-file --batch`."""
        if self._blobs is None:
            self._blobs = BlobReader(self.root)
        return self._blobs.read(sha)

    def prefetch(self, shas: Iterable[str]) -> None:
        """Read many blobs at once (one `git cat-file --batch` per 5,000), for blob_text."""
        if self._blobs is None:
            self._blobs = BlobReader(self.root)
        self._blobs.read_many(shas)

    def close(self) -> None:
        """Stop the blob reader, if one was started."""
        if self._blobs is not None:
            self._blobs.close()
            self._blobs = None


def _named_records(commit: Commit) -> set[str]:
    """Record ids named by a commit's `Sign-off:` or `Amends:` trailers."""
    ids = set()
    for key in ("Sign-off", "Amends"):
        for value in commit.trailer_values(key):
            if value:
                ids.add(value.split()[0])
    return ids


class BlobReader:
    """Blob contents from `git cat-file --batch`: one process for single reads, cached."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._cache: dict[str, str] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._finalizer: weakref.finalize | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        """The long-lived process answering one request at a time."""
        if self._process is None:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self._root, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, env={**os.environ, "LC_ALL": "C"},
            )
            self._finalizer = weakref.finalize(self, _stop, self._process)
        return self._process

    def read(self, sha: str) -> str:
        """The blob's text (UTF-8; undecodable bytes replaced)."""
        if sha in self._cache:
            return self._cache[sha]
        process = self._start()
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(sha.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            raise GitError(f"git has no object {sha}")
        data = stdout.read(int(header[2]) + 1)[:-1]
        text = data.decode("utf-8", errors="replace")
        self._cache[sha] = text
        return text

    def read_many(self, shas: Iterable[str], per_batch: int = 5000) -> None:
        """Cache many blobs, streaming the requests instead of one round trip each."""
        wanted = list(dict.fromkeys(s for s in shas if s not in self._cache))
        for start in range(0, len(wanted), per_batch):
            batch = wanted[start:start + per_batch]
            done = subprocess.run(
                ["git", "cat-file", "--batch"], cwd=self._root, check=True, capture_output=True,
                input="".join(f"{sha}\n" for sha in batch).encode(),
            )
            self._cache.update(_split_batch(done.stdout))

    def close(self) -> None:
        """End the process, if one was started."""
        if self._finalizer is not None:
            self._finalizer()


def _split_batch(output: bytes) -> dict[str, str]:
    """`git cat-file --batch` output as {sha: text}."""
    blobs, position = {}, 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[header[0].decode()] = output[position:position + size].decode("utf-8", "replace")
        position += size + 1
    return blobs


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Close a cat-file process's input and wait for it."""
    if process.stdin:
        process.stdin.close()
    process.wait()
    if process.stdout:
        process.stdout.close()


def read_history(
    root: Path, *, allowed_signers: Path | None = None, rev: str = "HEAD",
    extra: Sequence[str] = (),
) -> History:
    """Read the whole register's history with one `git log` pass (refuses shallow clones)."""
    ensure_full_history(root)
    if not has_commits(root):
        return History(root, [])
    output = run_git(
        root, "-c", f"gpg.ssh.allowedSignersFile={allowed_signers_path(root, allowed_signers)}",
        "log", f"--format={LOG_FORMAT}", "--raw", "--no-abbrev", "-M", "--topo-order",
        "--reverse", *extra, rev, "--",
    )
    return History(root, parse_log(output))


def git_config(root: Path, key: str) -> str:
    """A git configuration value as git sees it in `root` ('' if unset)."""
    try:
        return run_git(root, "config", "--get", key).strip()
    except GitError:
        return ""


def signing_configured(root: Path) -> bool:
    """Whether git would sign a commit made here (a signing key, or commit.gpgsign)."""
    return bool(git_config(root, "user.signingkey")) or git_config(root, "commit.gpgsign") == "true"


def staged_paths(root: Path) -> list[str]:
    """Paths whose changes are staged for the next commit."""
    return run_git(root, "diff", "--cached", "--name-only").splitlines()


def commit_record(root: Path, path: str, message: str, *, sign: bool) -> Commit:
    """Commit the record file (empty if it has no change), signed if asked; the new commit."""
    run_git(root, "add", "--", path)
    run_git(root, "commit", "--allow-empty", "-q", *(["-S"] if sign else []), "-F", "-",
            input_text=message)
    return last_commit(root)


def last_commit(root: Path, rev: str = "HEAD") -> Commit:
    """One commit, read as read_history reads them (signature checked)."""
    output = run_git(
        root, "-c", f"gpg.ssh.allowedSignersFile={allowed_signers_path(root)}",
        "log", "-1", f"--format={LOG_FORMAT}", "--raw", "--no-abbrev", rev, "--",
    )
    return parse_log(output)[0]


def resolve_rev(root: Path, rev: str) -> str:
    """The commit a revision names; GitError naming the revision if git does not know it."""
    try:
        return run_git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").strip()
    except GitError:
        raise GitError(
            f"git does not know the revision '{rev}'; fetch it first (for a pull request, "
            f"`git fetch origin {rev}`) and make sure the clone has full history"
        ) from None


def merge_base(root: Path, base: str, head: str = "HEAD") -> str:
    """Where HEAD's branch left `base`."""
    return run_git(root, "merge-base", base, head).strip()


def range_hashes(root: Path, base: str, head: str = "HEAD") -> set[str]:
    """The commits in head that base does not have."""
    return set(run_git(root, "rev-list", f"{base}..{head}").split())


def changed_records(root: Path, base: str, head: str = "HEAD") -> tuple[FileChange, ...]:
    """Record files added, changed, renamed or deleted between two revisions."""
    output = run_git(root, "diff", "--raw", "--no-abbrev", "-M", base, head, "--", RECORDS_DIR)
    return parse_raw(output.splitlines())


def files_at(root: Path, rev: str, folder: str = RECORDS_DIR) -> list[str]:
    """Every file under `folder` at a revision."""
    return run_git(root, "ls-tree", "-r", "--name-only", rev, "--", folder).splitlines()


def file_at(root: Path, rev: str, path: str) -> str | None:
    """A file's text at a revision (None if it is not there)."""
    try:
        return run_git(root, "show", f"{rev}:{path}")
    except GitError:
        return None

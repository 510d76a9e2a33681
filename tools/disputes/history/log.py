"""One pass over `git log` gives every record's commits, following renames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from disputes.history.blobs import BlobReader
from disputes.history.git import (
    RECORDS_DIR,
    allowed_signers_path,
    ensure_full_history,
    run_git,
)
from disputes.history.sigcache import (
    Signature,
    cache_key,
    load_cache,
    rememberable,
    save_cache,
    signature_of,
)
from disputes.history.stream import BlobFetcher, InBackground, stream_git

_FIELDS = (
    "%H",
    "%P",
    "%an",
    "%ae",
    "%aI",
    "%cn",
    "%ce",
    "%cI",
    "%s",
    "%b",
    "%(trailers:only,unfold)",
)
LOG_FORMAT = "%x1e" + "%x1f".join(_FIELDS) + "%x1f"
# Checking a signature costs git one ssh-keygen or gpg process per signed commit, so
# signatures are checked apart from the log, only for the commits that are shown.
VERIFY_FORMAT = "%H%x1f%G?%x1f%GS%x1f%GK"


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
    changes: tuple[FileChange, ...] = ()

    def trailer_values(self, key: str) -> list[str]:
        """The values of every trailer named `key` (case-insensitive)."""
        return [v for k, v in self.trailers if k.lower() == key.lower()]


def parse_trailers(text: str) -> tuple[tuple[str, str], ...]:
    """`Key: value` lines as pairs."""
    pairs = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def parse_raw(lines: Iterable[str]) -> tuple[FileChange, ...]:
    """`git log --raw` lines (`:mode mode old new STATUS\tpath[\tpath]`) as changes."""
    return tuple(
        _change(meta, paths)
        for line in lines
        if line.startswith(":")
        for meta, *paths in [line.split("\t")]
    )


def parse_raw_z(output: str) -> tuple[FileChange, ...]:
    """`--raw -z` output (`:meta NUL path NUL [path NUL]`) as changes. Without -z git quotes
    a path holding a tab, a newline, a quote or a backslash, and the quoted name is no file:
    a record under such a name would never be read."""
    tokens = iter(output.split("\0"))
    changes = []
    for token in tokens:
        meta = token.lstrip("\n")
        if meta.startswith(":"):
            count = 2 if meta.split(" ")[4][:1] in ("R", "C") else 1
            changes.append(_change(meta, [next(tokens, "") for _ in range(count)]))
    return tuple(changes)


def _change(meta: str, paths: list[str]) -> FileChange:
    """One raw change: its `:mode mode old new STATUS` part and its one or two paths."""
    _, _, old, new, status = meta.split(" ")[:5]
    kind = status[0]
    old_blob = None if set(old) == {"0"} else old
    new_blob = None if set(new) == {"0"} else new
    if kind in "RC":
        return FileChange(kind, paths[1], paths[0], old_blob, new_blob)
    return FileChange(kind, paths[0], None, old_blob, new_blob)


def parse_commit(record: str) -> Commit:
    """One commit from `git log --format=LOG_FORMAT --raw` (without the leading \\x1e)."""
    parts = record.split("\x1f")
    sha, parents, an, ae, ad, cn, ce, cd, subject, body, trailers = parts[:11]
    return Commit(
        hash=sha,
        parents=tuple(parents.split()),
        author_name=an,
        author_email=ae,
        author_date=ad,
        committer_name=cn,
        committer_email=ce,
        committer_date=cd,
        subject=subject,
        body=body.strip(),
        trailers=parse_trailers(trailers),
        changes=parse_raw(parts[11].splitlines()),
    )


def parse_log(output: str) -> list[Commit]:
    """Parse the output of `git log --format=LOG_FORMAT --raw` into commits."""
    return [parse_commit(record) for record in output.split("\x1e")[1:]]


def verify_commits(root: Path, hashes: Sequence[str], allowed_signers: str) -> dict[str, Signature]:
    """Check the signatures of some commits with one git process."""
    if not hashes:
        return {}
    output = run_git(
        root,
        "-c",
        f"gpg.ssh.allowedSignersFile={allowed_signers}",
        "log",
        "--no-walk=unsorted",
        "--stdin",
        f"--format={VERIFY_FORMAT}",
        input_text="\n".join(hashes) + "\n",
    )
    found = {}
    for line in output.splitlines():
        sha, status, signer, key = (line.split("\x1f") + ["", "", ""])[:4]
        found[sha] = signature_of(status, signer, key)
    return found


@dataclass
class History:
    """Every commit of the register, oldest first, indexed by record file."""

    root: Path
    commits: list[Commit]
    allowed_signers: str = ""  # the file signatures are checked against
    git_dir: Path | None = None  # where checked signatures are remembered
    _cache_key: str | None = None
    _signatures: dict[str, Signature] = field(default_factory=dict)
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

    def position(self, sha: str) -> int | None:
        """Where the commit with this hash is in `commits` (None if the history lacks it)."""
        return self._position.get(sha)

    def record_files(self) -> list[str]:
        """Every record path git has seen, in order of first appearance."""
        return list(self._lineage_of_path)

    def blob_text(self, sha: str) -> str:
        """The content of one blob, through a single long-lived `git cat-file --batch`."""
        if self._blobs is None:
            self._blobs = BlobReader(self.root)
        return self._blobs.read(sha)

    def verify(self, commits: Iterable[Commit]) -> None:
        """Check the signatures of these commits (those not yet checked), in one git process."""
        if self._cache_key is None:
            self._cache_key = cache_key(self.allowed_signers)
            self._signatures.update(load_cache(self.git_dir, self._cache_key))
        todo = list(dict.fromkeys(c.hash for c in commits if c.hash not in self._signatures))
        checked = verify_commits(self.root, todo, self.allowed_signers)
        save_cache(self.git_dir, self._cache_key, checked)
        self._signatures.update(checked)

    def adopt(self, blobs: dict[str, str], signatures: dict[str, Signature], key: str) -> None:
        """Take blobs and checked signatures read alongside the log."""
        if self._blobs is None:
            self._blobs = BlobReader(self.root)
        self._blobs.add(blobs)
        self._signatures.update(signatures)
        self._cache_key = key

    @property
    def rememberable(self) -> bool:
        """Whether every signature checked so far may be remembered (see sigcache)."""
        return all(map(rememberable, self._signatures.values()))

    def signature(self, commit: Commit) -> Signature:
        """A commit's checked signature (checking it now if verify did not)."""
        if commit.hash not in self._signatures:
            self.verify([commit])
        return self._signatures.get(commit.hash, Signature("unknown-key"))

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


def read_history(
    root: Path,
    *,
    allowed_signers: Path | None = None,
    rev: str = "HEAD",
    remember: bool = True,
    bulk: bool = False,
) -> History:
    """Read the whole register's history with one `git log` pass (refuses shallow clones).

    Signatures are checked against `allowed_signers` (default: the repository's
    schema/allowed_signers), which must exist until the last `History.verify`; the
    results are remembered in the git folder unless `remember` is False. `bulk` also
    fetches every record version and checks every signature while the log is read,
    for callers that need every record's audit trail.
    """
    found_dir, committed = ensure_full_history(root)
    git_dir = found_dir if remember else None
    signers = allowed_signers_path(root, allowed_signers)
    if not committed:
        return History(root, [], signers, git_dir)
    # --relative: paths from the register folder, which may be below the repository's top
    args = [
        "log",
        f"--format={LOG_FORMAT}",
        "--raw",
        "--relative",
        "--no-abbrev",
        "-M",
        "--topo-order",
        "--reverse",
        rev,
        "--",
    ]
    if bulk:
        return _read_in_bulk(root, args, rev, signers, git_dir)
    commits: list[Commit] = []
    stream_git(root, args, lambda record: commits.append(parse_commit(record)))
    return History(root, commits, signers, git_dir)


def _read_in_bulk(
    root: Path, args: list[str], rev: str, signers: str, git_dir: Path | None
) -> History:
    """The log, with blobs fetched and signatures checked by other git processes meanwhile."""
    key = cache_key(signers)
    cached = load_cache(git_dir, key)
    todo = [h for h in run_git(root, "rev-list", rev).split() if h not in cached]
    checking = InBackground(lambda: verify_commits(root, todo, signers))
    fetcher = BlobFetcher(root)
    commits: list[Commit] = []

    def take(record: str) -> None:
        commit = parse_commit(record)
        commits.append(commit)
        for change in commit.changes:
            if change.path.startswith(RECORDS_DIR + "/"):
                for sha in (change.old_blob, change.new_blob):
                    if sha:
                        fetcher.request(sha)

    stream_git(root, args, take)
    checked = checking.result()
    save_cache(git_dir, key, checked)
    history = History(root, commits, signers, git_dir)
    history.adopt(fetcher.finish(), {**cached, **checked}, key)
    return history

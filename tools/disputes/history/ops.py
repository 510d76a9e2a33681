"""The few git commands besides the log: configuration, the sign-off commit, revisions."""

from __future__ import annotations

from pathlib import Path

from disputes.history.git import RECORDS_DIR, GitError, allowed_signers_path, run_git
from disputes.history.hostsign import HOST_FILES
from disputes.history.log import (
    LOG_FORMAT,
    Commit,
    FileChange,
    Signature,
    parse_log,
    parse_raw_z,
    verify_commits,
)
from disputes.history.sigcache import cache_key


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
    """Paths whose changes are staged for the next commit, from the register folder."""
    prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    return [
        p[len(prefix) :] if p.startswith(prefix) else f"(outside the register) {p}"
        for p in run_git(root, "diff", "--cached", "--name-only").splitlines()
    ]


def commit_record(root: Path, path: str, message: str, *, sign: bool) -> tuple[Commit, Signature]:
    """Commit the record file (empty if it has no change), signed if asked; the new commit."""
    run_git(root, "add", "--", path)
    run_git(
        root,
        "commit",
        "--allow-empty",
        "-q",
        *(["-S"] if sign else []),
        "-F",
        "-",
        input_text=message,
    )
    return last_commit(root)


def last_commit(root: Path, rev: str = "HEAD") -> tuple[Commit, Signature]:
    """One commit, read as read_history reads them, with its signature checked."""
    output = run_git(
        root, "log", "-1", f"--format={LOG_FORMAT}", "--raw", "--relative", "--no-abbrev", rev, "--"
    )
    commit = parse_log(output)[0]
    signature = verify_commits(root, [commit.hash], allowed_signers_path(root))[commit.hash]
    return commit, signature


def resolve_rev(root: Path, rev: str) -> str:
    """The commit a revision names; GitError naming the revision if git does not know it."""
    try:
        return run_git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}").strip()
    except GitError:
        raise GitError(
            f"git does not know the revision '{rev}'; fetch it first (for a pull request, "
            f"`git fetch origin {rev}`) and make sure the clone has full history"
        ) from None


def history_state(root: Path) -> str:
    """What the audit trails are read from: the commit at HEAD and the content of the
    allowed-signers file the signatures are checked against, and of the host's files (a key
    to remember them by)."""
    try:
        head = run_git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}").strip()
    except GitError:
        head = ""  # no commits yet, or no repository: reading the history will say which
    hosts = " ".join(cache_key(str(root / name)) for name in HOST_FILES)  # see hostsign
    return f"{head} {cache_key(allowed_signers_path(root))} {hosts}"


def merge_base(root: Path, base: str, head: str = "HEAD") -> str:
    """Where HEAD's branch left `base`."""
    return run_git(root, "merge-base", base, head).strip()


def is_ancestor(root: Path, ancestor: str, commit: str) -> bool:
    """Whether `ancestor` is in `commit`'s history (False too if git does not have it)."""
    try:
        run_git(root, "merge-base", "--is-ancestor", ancestor, commit)
    except GitError:
        return False
    return True


def range_hashes(root: Path, base: str, head: str = "HEAD") -> set[str]:
    """The commits in head that base does not have."""
    return set(run_git(root, "rev-list", f"{base}..{head}").split())


def changed_records(root: Path, base: str, head: str = "HEAD") -> tuple[FileChange, ...]:
    """Record files added, changed, renamed or deleted between two revisions."""
    output = run_git(
        root,
        "diff",
        "--raw",
        "-z",
        "--relative",
        "--no-abbrev",
        "-M",
        "--ignore-submodules=none",
        base,
        head,
        "--",
        RECORDS_DIR,
    )
    return parse_raw_z(output)


def files_at(root: Path, rev: str, folder: str = RECORDS_DIR) -> list[str]:
    """Every file under `folder` at a revision."""
    return run_git(root, "ls-tree", "-r", "--name-only", rev, "--", folder).splitlines()


def file_at(root: Path, rev: str, path: str) -> str | None:
    """A file's text at a revision (None if it is not there)."""
    try:
        return run_git(root, "show", f"{rev}:./{path}")
    except GitError:
        return None


def export_tree(root: Path, rev: str, dest: Path) -> Path:
    """A throwaway clone of the repository checked out at `rev`; the register folder in it.

    A clone (sharing the objects, not copying them) rather than the working files: what is
    committed is judged, and the copy has the history the site's audit trails read.
    """
    top = run_git(root, "rev-parse", "--show-toplevel").strip()
    prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    commit = run_git(root, "rev-parse", "--verify", f"{rev}^{{commit}}").strip()
    run_git(Path(top), "clone", "--quiet", "--shared", "--no-checkout", top, str(dest))
    run_git(dest, "-c", "core.symlinks=true", "checkout", "--quiet", "--detach", commit)
    return dest / prefix

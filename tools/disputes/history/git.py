"""Running git: the one place the register's code starts a git process for a command."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from disputes.errors import COULD_NOT_RUN, DisputesError

RECORDS_DIR = "records"
ALLOWED_SIGNERS = "schema/allowed_signers"

SHALLOW_FIX = (
    "this is a shallow clone, so git holds only part of the register's history and the "
    "audit trail would be incomplete. Fetch the whole history: on GitHub Actions give "
    "actions/checkout `with: fetch-depth: 0`; on GitLab CI set the variable `GIT_DEPTH: 0`; "
    "anywhere else run `git fetch --unshallow`."
)


class GitError(DisputesError):
    """Git cannot give the history: not a repository, a shallow clone, or git failed."""

    exit_code = COULD_NOT_RUN


GIT = ("git", "-c", "core.quotePath=false")  # paths as they are, never quoted octal

# Every git process the package starts has this environment (`git_env`): messages in
# English, never a password prompt, and what is committed rather than a local stand-in
# (a replace ref or a graft would let one clone read another blob or history than the
# gate reads).
GIT_SETTINGS = {
    "LC_ALL": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_GRAFT_FILE": os.devnull,
}
# Settings in the caller's environment that would make git read another repository, index
# or object store than the register's own folder, or read paths another way.
GIT_IGNORED = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
    "GIT_REPLACE_REF_BASE", "GIT_SHALLOW_FILE", "GIT_LITERAL_PATHSPECS",
    "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS", "GIT_EXTERNAL_DIFF",
    "GIT_DIFF_OPTS",
)  # fmt: skip


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every git process: the caller's, less GIT_IGNORED, with GIT_SETTINGS
    (and `extra`, such as the keyring a host's signatures are checked with)."""
    kept = {k: v for k, v in os.environ.items() if k not in GIT_IGNORED}
    return {**kept, **(extra or {}), **GIT_SETTINGS}


def run_git(
    root: Path,
    *args: str,
    input_text: str | None = None,
    extra_env: Mapping[str, str] | None = None,
    accept: tuple[int, ...] = (0,),
) -> str:
    """Run one git command in `root` and return its output; GitError if it fails (exits
    with a status not in `accept`)."""
    try:
        done = subprocess.run(
            [*GIT, *args],
            cwd=root,
            env=git_env(extra_env),
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    if done.returncode not in accept:
        raise GitError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def ensure_full_history(root: Path) -> tuple[Path, bool]:
    """Refuse a non-repository or a shallow clone, naming the fix; the git folder, and
    whether the repository has a commit yet (one git process answers both)."""
    try:
        answer = run_git(
            root,
            "rev-parse",
            "--is-shallow-repository",
            "--git-common-dir",
            "--verify",
            "-q",
            "HEAD^{commit}",
            accept=(0, 1),  # 1: no commit yet (the two answers before it are still given)
        )
    except GitError as error:
        raise GitError(f"{root} is not a git repository (or git failed): {error}") from error
    shallow, git_dir, *head = answer.splitlines()
    if shallow == "true":
        raise GitError(SHALLOW_FIX)
    return root / git_dir, bool(head)


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

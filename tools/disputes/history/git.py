"""Running git: the one place the register's code starts a git process for a command."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

RECORDS_DIR = "records"
ALLOWED_SIGNERS = "schema/allowed_signers"

SHALLOW_FIX = (
    "this is a shallow clone, so git holds only part of the register's history and the "
    "audit trail would be incomplete. Fetch the whole history: on GitHub Actions give "
    "actions/checkout `with: fetch-depth: 0`; on GitLab CI set the variable `GIT_DEPTH: 0`; "
    "anywhere else run `git fetch --unshallow`."
)


class GitError(Exception):
    """Git cannot give the history: not a repository, a shallow clone, or git failed."""


def run_git(root: Path, *args: str, input_text: str | None = None) -> str:
    """Run one git command in `root` and return its output; GitError if it fails."""
    # Replace refs would let a local ref stand in for a committed object: read what is committed.
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_NO_REPLACE_OBJECTS": "1"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            env=env,
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


def ensure_full_history(root: Path) -> Path:
    """Refuse a non-repository or a shallow clone, naming the fix; the git folder."""
    try:
        answer = run_git(root, "rev-parse", "--is-shallow-repository", "--git-common-dir")
    except GitError as error:
        raise GitError(f"{root} is not a git repository (or git failed): {error}") from error
    shallow, git_dir = answer.splitlines()[:2]
    if shallow == "true":
        raise GitError(SHALLOW_FIX)
    return root / git_dir


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

"""The commit a request through the hosting site makes: on its own branch, the command's
commit as the command line makes it, with the host's two trailers added.

`Host-Account: <login>` and `Host-Request: <number>` name the account the host says sent
the request and the request itself; they sit in the commit's last paragraph, beside any
`Amends:` trailer, so the rest of the message is the command line's own.
"""

from __future__ import annotations

from pathlib import Path

from disputes.history.git import RECORDS_DIR, run_git
from disputes.history.ops import signing_configured
from disputes.records.find import EditError


def clean_head(root: Path) -> str:
    """HEAD's commit; EditError when the working folder has changes, which the request's
    commit would take with it."""
    if changed_paths(root):
        raise EditError(
            "the working folder has changes that are not committed; a request is made from a "
            "clean checkout (commit or put the changes aside first)"
        )
    return head(root)


def start_branch(root: Path, name: str) -> str:
    """Check out a new branch `name` at HEAD (made afresh when it exists); HEAD's commit."""
    clean_head(root)
    run_git(root, "checkout", "-q", "-B", name)
    return head(root)


def current_branch(root: Path) -> str:
    """The branch checked out (`HEAD` when none is)."""
    return run_git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()


def subject(root: Path, commit: str) -> str:
    """A commit's subject line."""
    return run_git(root, "log", "-1", "--format=%s", commit).strip()


def head(root: Path) -> str:
    """The commit HEAD names."""
    return run_git(root, "rev-parse", "HEAD").strip()


def changed_paths(root: Path) -> list[str]:
    """Files changed or added in the working folder, relative to the repository's top."""
    output = run_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    return [entry[3:] for entry in output.split("\0") if entry]


def with_trailers(message: str, trailers: dict[str, str]) -> str:
    """`message` with `trailers` added to its trailer paragraph (or as a new paragraph)."""
    if not trailers:
        return message
    lines = "".join(f"{key}: {value}\n" for key, value in trailers.items())
    text = message.rstrip("\n")
    last = text.rsplit("\n\n", 1)[-1]
    in_trailers = "\n" in text and all(": " in line for line in last.splitlines())
    return f"{text}\n{lines}" if in_trailers else f"{text}\n\n{lines}"


def commit_request(root: Path, before: str, message: str, trailers: dict[str, str]) -> str:
    """Commit what the step did; the new commit.

    A step that commits itself (an amendment) has its message given the trailers; any other
    step's changed record is committed with `message` and them. EditError if the step changed
    anything outside records/.
    """
    sign = ["-S"] if signing_configured(root) else []
    if head(root) != before:
        made = run_git(root, "log", "-1", "--format=%B", "HEAD")
        run_git(root, "commit", "--amend", "-q", *sign, "--allow-empty", "-F", "-",
                input_text=with_trailers(made, trailers))  # fmt: skip
        return head(root)
    paths = changed_paths(root)
    outside = [p for p in paths if not p.startswith(f"{RECORDS_DIR}/")]
    if outside or not paths:
        raise EditError(
            f"the step changed {', '.join(outside) or 'nothing'}; nothing was committed"
        )
    run_git(root, "add", "--", *paths)
    run_git(root, "commit", "-q", *sign, "-F", "-", input_text=with_trailers(message, trailers))
    return head(root)


def drop_branch(root: Path, name: str, back_to: str) -> None:
    """Leave the request's branch for `back_to`, undoing anything the step left, and delete
    it: a refused request leaves no branch."""
    run_git(root, "checkout", "-q", "-f", back_to)
    run_git(root, "clean", "-q", "-f", "--", RECORDS_DIR)
    run_git(root, "branch", "-q", "-D", name)

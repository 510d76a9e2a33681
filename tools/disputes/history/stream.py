"""Reading the log while git is still writing it, and fetching blobs meanwhile.

git spends most of a `git log --raw` pass computing each commit's diff. Parsing the
commits as they arrive, asking a `git cat-file --batch` process for the record
versions they name, and checking signatures in a third process all overlap with it.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from disputes.history.blobs import take
from disputes.history.git import GIT, GitError, git_env


def stream_git(root: Path, args: Sequence[str], on_record: Callable[[str], None]) -> None:
    """Run git, calling `on_record` with each \\x1e-separated record as soon as it is complete."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [*GIT, *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=git_env(),
        )
        assert process.stdout is not None
        reader = io.TextIOWrapper(process.stdout, encoding="utf-8", errors="replace")
        pending = ""
        while chunk := reader.read(1 << 16):
            pieces = (pending + chunk).split("\x1e")
            pending = pieces.pop()
            for piece in pieces:
                if piece:
                    on_record(piece)
        if pending:
            on_record(pending)
        if process.wait() != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
            raise GitError(f"git {args[0]} failed: {message}")


class BlobFetcher:
    """A `git cat-file --batch` fed while the log is read; a thread collects the answers."""

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            [*GIT, "cat-file", "--batch"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=git_env(),
        )
        self.blobs: dict[str, str] = {}
        self._sent: set[str] = set()
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def request(self, sha: str) -> None:
        """Ask for a blob (once)."""
        if sha not in self._sent:
            self._sent.add(sha)
            assert self._process.stdin is not None
            self._process.stdin.write(sha.encode() + b"\n")

    def _collect(self) -> None:
        """Read answers until git closes its output."""
        stdout = self._process.stdout
        assert stdout is not None
        while header := stdout.readline():
            parts = header.split()
            if len(parts) < 3 or parts[1] == b"missing":
                continue
            self.blobs[parts[0].decode()] = take(stdout, int(parts[2]))  # bounded

    def finish(self) -> dict[str, str]:
        """Every blob asked for, once git has answered them all."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._thread.join()
        self._process.wait()
        return self.blobs


class InBackground:
    """A function run in a thread while the log is read; its result when it is done."""

    def __init__(self, func: Callable[[], Any]) -> None:
        self._result: list[Any] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(func,), daemon=True)
        self._thread.start()

    def _run(self, func: Callable[[], Any]) -> None:
        try:
            self._result.append(func())
        except BaseException as error:  # handed to the caller in result()
            self._error.append(error)

    def result(self) -> Any:
        """Wait, then return the function's result or raise its error."""
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._result[0]

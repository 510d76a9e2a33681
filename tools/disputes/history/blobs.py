"""Blob contents from `git cat-file --batch`: one process, not one per file."""

from __future__ import annotations

import subprocess
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from disputes.history.git import GIT, GitError, git_env
from disputes.records.frontmatter import MAX_BYTES


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
                [*GIT, "cat-file", "--batch"],
                cwd=self._root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=git_env(),
            )
            self._finalizer = weakref.finalize(self, _stop, self._process)
        return self._process

    def add(self, blobs: dict[str, str]) -> None:
        """Take blobs read elsewhere."""
        self._cache.update(blobs)

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
        text = take(stdout, int(header[2]))
        self._cache[sha] = text
        return text

    def read_many(self, shas: Iterable[str]) -> None:
        """Cache many blobs, streaming the requests instead of one round trip each."""
        wanted = list(dict.fromkeys(s for s in shas if s not in self._cache))
        if not wanted:
            return
        process = subprocess.Popen(
            [*GIT, "cat-file", "--batch"],
            cwd=self._root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=git_env(),
        )
        assert process.stdin is not None and process.stdout is not None
        requests = "".join(f"{sha}\n" for sha in wanted).encode()
        writer = threading.Thread(target=_write_and_close, args=(process.stdin, requests))
        writer.start()  # git answers while it is still asked: a thread keeps both pipes moving
        while header := process.stdout.readline().split():
            if len(header) >= 3 and header[1] != b"missing":
                self._cache[header[0].decode()] = take(process.stdout, int(header[2]))
        writer.join()
        process.stdout.close()
        process.wait()

    def close(self) -> None:
        """End the process, if one was started."""
        if self._finalizer is not None:
            self._finalizer()


OVERSIZE = "\x00oversize:"  # stands for a blob too big to be a record; never read whole


def take(stream: IO[bytes], size: int) -> str:
    """The next blob of `size` bytes (and its newline) from a cat-file stream, as text.

    A blob bigger than a record may be is skipped in pieces, never held in memory whole:
    its text is OVERSIZE and its size, which history.safety reports.
    """
    if size <= MAX_BYTES:
        return stream.read(size + 1)[:-1].decode("utf-8", errors="replace")
    left = size + 1
    while left > 0:
        left -= len(stream.read(min(left, 1 << 16))) or left
    return f"{OVERSIZE}{size}"


def _write_and_close(stdin: IO[bytes], data: bytes) -> None:
    """Send all requests to git, then end its input."""
    try:
        stdin.write(data)
    finally:
        stdin.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Close a cat-file process's input and wait for it."""
    if process.stdin:
        process.stdin.close()
    process.wait()
    if process.stdout:
        process.stdout.close()

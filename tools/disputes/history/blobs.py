"""Blob contents from `git cat-file --batch`: one process, not one per file."""

from __future__ import annotations

import os
import subprocess
import weakref
from collections.abc import Iterable
from pathlib import Path

from disputes.history.git import GitError


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
                ["git", "cat-file", "--batch"],
                cwd=self._root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "LC_ALL": "C"},
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
        data = stdout.read(int(header[2]) + 1)[:-1]
        text = data.decode("utf-8", errors="replace")
        self._cache[sha] = text
        return text

    def read_many(self, shas: Iterable[str], per_batch: int = 5000) -> None:
        """Cache many blobs, streaming the requests instead of one round trip each."""
        wanted = list(dict.fromkeys(s for s in shas if s not in self._cache))
        for start in range(0, len(wanted), per_batch):
            batch = wanted[start : start + per_batch]
            done = subprocess.run(
                ["git", "cat-file", "--batch"],
                cwd=self._root,
                check=True,
                capture_output=True,
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
        blobs[header[0].decode()] = output[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return blobs


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Close a cat-file process's input and wait for it."""
    if process.stdin:
        process.stdin.close()
    process.wait()
    if process.stdout:
        process.stdout.close()

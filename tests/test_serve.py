"""`disputes serve` really serves the site on 127.0.0.1 (and stops when asked)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served_page(root: Path, path: str, *extra: str) -> str:
    """`disputes serve` on the register at `root`: the page at `path` once it answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    server = subprocess.Popen(
        [sys.executable, "-m", "disputes", "serve", "--root", str(root), "-a",
         f"127.0.0.1:{port}", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        for _ in range(120):  # a bounded wait for the first build
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                    return str(r.read().decode("utf-8"))
            except OSError:
                time.sleep(0.5)
        return ""
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_answers_with_the_dashboard() -> None:
    assert "PD-2026-0007" in served_page(REPO_ROOT, "/register/", "--as-of", "2026-11-22")

"""`disputes serve` really serves the site on 127.0.0.1 (and stops when asked)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_with_the_dashboard() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    server = subprocess.Popen(
        [sys.executable, "-m", "disputes", "serve", "--root", str(REPO_ROOT), "-a",
         f"127.0.0.1:{port}", "--as-of", "2026-11-22"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = ""
        for _ in range(120):  # a bounded wait for the first build
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/register/", timeout=2) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "PD-2026-0007" in page
    finally:
        server.terminate()
        server.wait(timeout=20)

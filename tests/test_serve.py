"""`disputes serve` really serves the site on 127.0.0.1 (and stops when asked)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def served_page(root: Path, path: str, *extra: str) -> str:
    """`disputes serve` on the register at `root`: the page at `path` once it answers."""
    port = free_port()
    server = start_serve(root, "127.0.0.1", port, *extra)
    try:
        for _ in range(120):  # a bounded wait for the first build
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                    return str(r.read().decode("utf-8"))
            except OSError:
                time.sleep(0.5)
        return ""
    finally:
        stop(server)


def test_serve_answers_with_the_dashboard(demo_clone: Path) -> None:
    assert "PD-2026-0007" in served_page(demo_clone, "/register/", "--as-of", "2026-11-22")


# Issue 19: `serve` answered any Host header, so a page elsewhere could point its own name at
# 127.0.0.1 (DNS rebinding) and read the internal register while a manager ran it.


def start_serve(
    root: Path, address: str, port: int, *extra: str, temp: Path | None = None
) -> subprocess.Popen[str]:
    """`disputes serve` started on `address:port` (its output read by `stop`), building
    its site in the folder `temp` if given."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    if temp is not None:
        env["TMPDIR"] = str(temp)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "disputes",
            "serve",
            "--root",
            str(root),
            "-a",
            f"{address}:{port}",
            *extra,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def get(port: int, host: str, path: str = "/register/") -> tuple[int, str]:
    """A real request to 127.0.0.1 naming `host` in its Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_served(port: int) -> None:
    for _ in range(240):  # a bounded wait for the first build
        try:
            if get(port, f"127.0.0.1:{port}")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("the site was not served within two minutes")


def stop(server: subprocess.Popen[str]) -> tuple[str, str]:
    server.terminate()
    return server.communicate(timeout=20)


def test_serve_answers_only_to_its_own_host_names(demo_clone: Path) -> None:
    port = free_port()
    server = start_serve(demo_clone, "127.0.0.1", port, "--as-of", "2026-11-22")
    try:
        wait_until_served(port)
        for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST"):
            status, page = get(port, own)
            assert (status, "PD-2026-0007" in page) == (200, True), own
        for forged in (
            f"rebind.attacker.example:{port}",
            "rebind.attacker.example",
            f"127.0.0.1.attacker.example:{port}",
            f"localhost.attacker.example:{port}",
            f"10.0.0.5:{port}",
        ):
            for path in ("/register/", "/records/PD-2026-0007/", "/livereload/0/0"):
                status, page = get(port, forged, path)
                assert status == 403, (forged, path)
                assert "PD-2026" not in page and "answers only at its own address" in page
    finally:
        _, err = stop(server)
    assert "Warning" not in err  # on 127.0.0.1 there is nothing to warn about


def test_serve_on_every_address_warns_and_still_refuses_other_names(demo_clone: Path) -> None:
    port = free_port()
    server = start_serve(demo_clone, "0.0.0.0", port, "--as-of", "2026-11-22")
    try:
        wait_until_served(port)
        assert get(port, f"127.0.0.1:{port}")[0] == 200
        assert get(port, f"192.0.2.10:{port}")[0] == 200  # another machine, by address
        assert get(port, f"rebind.attacker.example:{port}")[0] == 403
    finally:
        _, err = stop(server)
    assert (
        "Warning: serving on 0.0.0.0:" in err
        and "the internal register, with every record" in err
        and "reachable from other machines" in err
    ), err


def test_a_terminated_serve_removes_the_site_it_built(tmp_path: Path, demo_clone: Path) -> None:
    port = free_port()
    server = start_serve(demo_clone, "127.0.0.1", port, "--as-of", "2026-11-22", temp=tmp_path)
    try:
        wait_until_served(port)
        built = [p for p in tmp_path.iterdir() if p.name.startswith("mkdocs_")]
        assert built and (built[0] / "records").is_dir()  # every record page, in /tmp
    finally:
        stop(server)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("mkdocs_")]


def _wait_for(check: Callable[[], bool], what: str) -> None:
    for _ in range(360):  # a bounded wait for a rebuild (a request may wait for it too)
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"not within three minutes: {what}")


def test_a_save_remakes_its_record_page_and_keeps_the_others(tmp_path: Path) -> None:
    """Issue 25: a save remakes what it touches (its page, the register, the reports),
    not every record page; a change every record page shows (the policy) remakes them all."""
    root = tmp_path / "register"
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", str(REPO_ROOT), str(root)],
        check=True,
        capture_output=True,
    )
    port, temp = free_port(), tmp_path / "temp"
    temp.mkdir()
    server = start_serve(root, "127.0.0.1", port, "--as-of", "2026-11-22", temp=temp)
    try:
        wait_until_served(port)
        (site,) = [p for p in temp.iterdir() if p.name.startswith("mkdocs_")]
        other = site / "records" / "PD-2026-0002" / "index.html"
        made = other.stat().st_mtime_ns
        saved = root / "records" / "2026" / "PD-2026-0001.md"
        saved.write_text(saved.read_text("utf-8") + "\nSaved while served.\n", "utf-8")
        _wait_for(
            lambda: (
                "Saved while served." in get(port, f"127.0.0.1:{port}", "/records/PD-2026-0001/")[1]
            ),
            "the saved record's page shows the save",
        )
        assert get(port, f"127.0.0.1:{port}", "/register/")[0] == 200
        assert other.stat().st_mtime_ns == made  # kept: nothing it shows changed
        policy = root / "schema" / "policy.yml"
        policy.write_text(policy.read_text("utf-8") + "\n# touched\n", "utf-8")
        _wait_for(lambda: other.stat().st_mtime_ns != made, "the policy remakes every page")
        assert "Saved while served." in get(port, f"127.0.0.1:{port}", "/records/PD-2026-0001/")[1]
    finally:
        _, err = stop(server)
    assert "'dirty' build" not in err and "Traceback" not in err

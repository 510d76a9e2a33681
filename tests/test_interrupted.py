"""Issue 19: interrupted work leaves nothing behind that breaks the next command.

Real processes killed with SIGKILL (nothing of theirs runs on the way out): an edit killed
after writing its temporary file, a build killed while its history worker and its forked
copy run, a public build killed while it stages the site.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import AS_OF
from gitrepo import RECORD, GitRepo, fixture_record
from procs import FINISH_WAIT, cli_env, run

pytestmark = pytest.mark.usefixtures("isolated_git")
NOTE = "Operations managers met; a second meeting is on Friday."

# `disputes note`, killed by the kernel the moment its temporary file is complete: the
# rename that would replace the record never happens.
KILLED_NOTE = textwrap.dedent("""
    import os, signal, sys
    import disputes.edit.atomic as atomic
    atomic.os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
    from disputes.cli import main
    main(sys.argv[1:])
""")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record())
    made.commit("Open PD-2026-0007")
    return made


def validate(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    done = run(["validate", "--root", str(repo.path), "--as-of", AS_OF, "--format", "json",
                *extra], repo.path.parent)
    return done.returncode, json.loads(done.stdout)


def leftovers(repo: GitRepo) -> list[str]:
    return sorted(p.name for p in (repo.path / "records/2026").iterdir() if p.name != "PD-2026-0007.md")


def test_an_edit_killed_mid_write_breaks_neither_validate_nor_the_next_edit(
    repo: GitRepo,
) -> None:
    note = ["note", "PD-2026-0007", NOTE, "--root", str(repo.path), "--as-of", AS_OF,
            "--date", "2026-03-07"]
    killed = subprocess.run([sys.executable, "-c", KILLED_NOTE, *note], env=cli_env(repo.path),
                            capture_output=True, text=True, timeout=FINISH_WAIT, check=False)
    assert killed.returncode == -signal.SIGKILL
    left = leftovers(repo)
    assert len(left) == 1 and left[0].startswith(".PD-2026-0007.md.")  # the attack's trace
    assert repo.read(RECORD) == fixture_record()  # the record is whole: the old version
    assert validate(repo) == (0, [])
    assert validate(repo, "--strict") == (0, [])
    again = run(note, repo.path.parent)  # the next edit works and tidies up
    assert again.returncode == 0, again.stderr
    assert NOTE in repo.read(RECORD)
    assert leftovers(repo) == []


@pytest.mark.parametrize("name", [".PD-2026-0008.md.tmp", "PD-2026-0007.md.1a2b3c4d.tmp",
                                  ".PD-2026-0007.md.1A2B3C4D.tmp", ".notes.1a2b3c4d.tmp.md~"])
def test_other_stray_files_are_still_refused(repo: GitRepo, name: str) -> None:
    repo.write(f"records/2026/{name}", fixture_record())
    code, issues = validate(repo)
    assert code == 1
    assert [i["file"] for i in issues] == [f"records/2026/{name}"]


def test_a_committed_temporary_file_is_refused_by_the_gate(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("records/2026/.PD-2026-0007.md.1a2b3c4d.tmp", fixture_record())
    repo.commit("Hide a record in a name validate passes over")
    done = run(["check", "--base", "main", "--root", str(repo.path), "--format", "json"],
               repo.path.parent)
    assert done.returncode == 1
    assert "records/2026/.PD-2026-0007.md.1a2b3c4d.tmp" in {
        i["file"] for i in json.loads(done.stdout)}


def session_processes(session: int) -> list[tuple[int, str]]:
    """(pid, command) of every process still in a session (zombies ended already)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append((int(entry.name), cmdline))
    return found


def wait_until(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def kill_session(session: int) -> None:
    for pid, _ in session_processes(session):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass



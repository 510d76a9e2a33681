"""Issue 19: interrupted work leaves nothing behind that breaks the next command.

Real processes killed with SIGKILL (nothing of theirs runs on the way out): an edit killed
after writing its temporary file, a build killed while it reads the history or writes its
pages, a public build killed while it stages the site.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import AS_OF
from gitrepo import RECORD, GitRepo, fixture_record, open_committed
from procs import FINISH_WAIT, cli_env, command, run

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
    """A register in git holding the open stage-3 fixture record, committed."""
    return open_committed(tmp_path / "register")


def validate(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    done = run(
        ["validate", "--root", str(repo.path), "--as-of", AS_OF, "--format", "json", *extra],
        repo.path.parent,
    )
    return done.returncode, json.loads(done.stdout)


def leftovers(repo: GitRepo) -> list[str]:
    return sorted(
        p.name for p in (repo.path / "records/2026").iterdir() if p.name != "PD-2026-0007.md"
    )


def test_an_edit_killed_mid_write_breaks_neither_validate_nor_the_next_edit(
    repo: GitRepo,
) -> None:
    note = [
        "note",
        "PD-2026-0007",
        NOTE,
        "--root",
        str(repo.path),
        "--as-of",
        AS_OF,
        "--date",
        "2026-03-07",
    ]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_NOTE, *note],
        env=cli_env(repo.path),
        capture_output=True,
        text=True,
        timeout=FINISH_WAIT,
        check=False,
    )
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


@pytest.mark.parametrize(
    "name",
    [
        ".PD-2026-0008.md.tmp",
        "PD-2026-0007.md.1a2b3c4d.tmp",
        ".PD-2026-0007.md.1A2B3C4D.tmp",
        ".notes.1a2b3c4d.tmp.md~",
    ],
)
def test_other_stray_files_are_still_refused(repo: GitRepo, name: str) -> None:
    repo.write(f"records/2026/{name}", fixture_record())
    code, issues = validate(repo)
    assert code == 1
    assert [i["file"] for i in issues] == [f"records/2026/{name}"]


def test_a_committed_temporary_file_is_refused_by_the_gate(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("records/2026/.PD-2026-0007.md.1a2b3c4d.tmp", fixture_record())
    repo.commit("Hide a record in a name validate passes over")
    done = run(
        ["check", "--base", "main", "--root", str(repo.path), "--format", "json"], repo.path.parent
    )
    assert done.returncode == 1
    assert "records/2026/.PD-2026-0007.md.1a2b3c4d.tmp" in {
        i["file"] for i in json.loads(done.stdout)
    }


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


@pytest.fixture(scope="module")
def big_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 records in git with the demo's site: a build long enough to be killed half way."""
    from conftest import REPO_ROOT

    from bench.generate import generate_register

    home = tmp_path_factory.mktemp("big")
    with pytest.MonkeyPatch.context() as patch:
        from gitrepo import isolated_env

        for name, value in isolated_env(home).items():
            patch.setenv(name, value)
        repo = GitRepo(home / "register")
        generate_register(repo.path, 240)
        shutil.copytree(REPO_ROOT / "site", repo.path / "site")
        shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
        repo.commit("The register", when="2026-11-01T10:00:00Z")
    return repo.path


def start_build(root: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`disputes build` in a session of its own, so its every descendant can be found."""
    return subprocess.Popen(
        command("build", "--root", str(root), "-d", str(out), "--as-of", AS_OF, *extra),
        env=cli_env(root.parent),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def descendants_of(build: subprocess.Popen[bytes]) -> list[int]:
    """Whatever the build has started and is still running (git, or any second process)."""
    return [pid for pid, _ in session_processes(build.pid) if pid != build.pid]


def kill_when(build: subprocess.Popen[bytes], ready, timeout: float = 240) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL the build once `ready(descendants)` holds."""
    try:
        assert wait_until(
            lambda: ready(descendants_of(build)) or build.poll() is not None, timeout
        ), "the build never came half way"
        assert build.poll() is None, "the build ended before it could be killed half way"
        build.kill()
        build.wait(timeout=FINISH_WAIT)
    except BaseException:
        kill_session(build.pid)
        raise


def no_process_left(session: int) -> None:
    try:
        assert wait_until(lambda: not session_processes(session), 20), session_processes(session)
    finally:
        kill_session(session)


def test_a_killed_build_leaves_no_process_behind(big_register: Path, tmp_path: Path) -> None:
    """Killed while it reads the history (git running) or else once it writes the record
    pages (the history read just before): nothing it started runs on."""
    pages = tmp_path / "site" / "records"

    def half_way(now: list[int]) -> bool:
        return bool(now) or (pages.is_dir() and any(pages.iterdir()))

    build = start_build(big_register, tmp_path / "site")
    kill_when(build, half_way)
    no_process_left(build.pid)
    assert not (tmp_path / "site" / "search").exists()  # killed half way: no search index


def staging_folders(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}"))


def test_a_killed_public_build_leaves_nothing_that_the_next_build_keeps(
    big_register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build = start_build(big_register, out, "--profile", "public")

    def staged(now: list[int]) -> bool:
        return any(
            any(f.is_file() for f in (s / "site").rglob("*"))
            for s in staging_folders(out)
            if (s / "site").is_dir()
        )

    kill_when(build, staged)
    no_process_left(build.pid)
    left = staging_folders(out)
    assert left and not out.exists()  # the attack's trace: a half-staged site, none published
    in_use = tmp_path / f".{out.name}.staging-inuse"  # a build running now: its folder stays
    in_use.mkdir()
    from filelock import FileLock

    with FileLock(str(in_use / "building.lock")):
        done = run(
            [
                "build",
                "--root",
                str(big_register),
                "-d",
                str(out),
                "--as-of",
                AS_OF,
                "--profile",
                "public",
            ],
            tmp_path,
        )
    assert done.returncode == 0, done.stderr
    assert staging_folders(out) == [in_use]  # the killed build's is gone, the running one kept
    assert (out / "index.html").is_file()
    assert not any(p.name.startswith(".") for p in out.iterdir())  # nothing stale published


def test_a_terminated_public_build_removes_its_staging_at_once(
    big_register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build = start_build(big_register, out, "--profile", "public")
    try:
        assert wait_until(lambda: bool(staging_folders(out)) or build.poll() is not None, 240)
        build.terminate()  # SIGTERM, as a cancelled CI job sends: the build ends as on Ctrl+C
        assert build.wait(timeout=FINISH_WAIT) != 0
        no_process_left(build.pid)
    finally:
        kill_session(build.pid)
    assert staging_folders(out) == [] and not out.exists()

"""Parallel pull requests: `new` skips ids merged on origin/main; `renumber` fixes a clash."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitrepo import GitRepo, fixture_record, isolated_env
from procs import new_options, run

AS_OF = "2026-11-22"
NEW = new_options("2026-11-20")


def record(record_id: str, title: str = "Threshold for a child in need assessment") -> str:
    """The open fixture record under another id (and title, to tell two apart)."""
    text = fixture_record().replace("PD-2026-0007", record_id)
    return text.replace("title: Threshold for a child in need assessment", f"title: {title}")


def path_of(record_id: str) -> str:
    return f"records/2026/{record_id}.md"


def clone(origin: GitRepo, path: Path) -> GitRepo:
    """A clone of `origin` (as a colleague's computer has it), with their git identity."""
    subprocess.run(
        ["git", "clone", "-q", str(origin.path), str(path)],
        check=True,
        env=isolated_env(path.parent),
        capture_output=True,
    )
    copy = object.__new__(GitRepo)
    copy.path, copy.keys = path, origin.keys
    copy.git("config", "user.name", "Reg Clerk")
    copy.git("config", "user.email", "clerk@lscp.example")
    return copy


@pytest.fixture
def origin(tmp_path: Path) -> GitRepo:
    """The shared register (origin) with PD-2026-0001 merged."""
    repo = GitRepo(tmp_path / "origin")
    repo.write(path_of("PD-2026-0001"), record("PD-2026-0001"))
    repo.commit("Open PD-2026-0001")
    return repo


def cli(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return run([*args, "--root", str(repo.path)], repo.path.parent)


def parallel_clash(origin: GitRepo, tmp_path: Path) -> GitRepo:
    """A branch adds PD-2026-0002 while another change merges its own PD-2026-0002."""
    mine = clone(origin, tmp_path / "mine")
    mine.git("checkout", "-q", "-b", "new-record")
    mine.write(path_of("PD-2026-0002"), record("PD-2026-0002", "Our disagreement"))
    mine.commit("Open PD-2026-0002")
    origin.write(path_of("PD-2026-0002"), record("PD-2026-0002", "Their disagreement"))
    origin.commit("Open PD-2026-0002 (merged first)")
    mine.git("fetch", "-q", "origin")
    return mine


def test_check_names_renumber_and_renumber_fixes_the_clash_in_one_commit(
    origin: GitRepo, tmp_path: Path
) -> None:
    mine = parallel_clash(origin, tmp_path)
    before = cli(mine, "check", "--base", "origin/main")
    assert before.returncode == 1
    assert "already used on origin/main" in before.stdout
    assert "run `disputes renumber PD-2026-0002`" in before.stdout
    done = cli(mine, "renumber", "PD-2026-0002")
    assert done.returncode == 0, done.stderr
    assert "Renumbered PD-2026-0002 to PD-2026-0003: records/2026/PD-2026-0003.md" in done.stdout
    assert not (mine.path / path_of("PD-2026-0002")).exists()
    expected = record("PD-2026-0002", "Our disagreement").replace(
        "id: PD-2026-0002", "id: PD-2026-0003"
    )
    assert mine.read(path_of("PD-2026-0003")) == expected  # only the id line changed
    assert mine.git("status", "--porcelain") == ""  # all of it committed
    message = mine.git("log", "-1", "--format=%B")
    assert "Renumbered: PD-2026-0002 PD-2026-0003" in message
    changed = mine.git("show", "--name-status", "-M", "--format=", "HEAD").split()
    assert changed[0].startswith("R") and changed[1:] == [
        path_of("PD-2026-0002"),
        path_of("PD-2026-0003"),
    ]
    after = cli(mine, "check", "--base", "origin/main")
    assert after.returncode == 0, after.stdout


def test_new_skips_an_id_already_merged_on_origin_main(origin: GitRepo, tmp_path: Path) -> None:
    mine = clone(origin, tmp_path / "mine")
    origin.write(path_of("PD-2026-0002"), record("PD-2026-0002", "Merged by a colleague"))
    origin.commit("Open PD-2026-0002")
    mine.git("fetch", "-q", "origin")
    done = cli(mine, "new", *NEW, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "PD-2026-0003" in done.stdout  # 0002 is taken on origin/main, not here


def test_new_without_a_remote_takes_the_next_id_here(origin: GitRepo) -> None:
    done = cli(origin, "new", *NEW, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "PD-2026-0002" in done.stdout


def test_new_with_an_unknown_base_is_a_clear_error(origin: GitRepo) -> None:
    done = cli(origin, "new", *NEW, "--as-of", AS_OF, "--base", "origin/nope")
    assert done.returncode == 2
    assert "git does not know the branch 'origin/nope'" in done.stderr
    assert "Traceback" not in done.stderr
    assert list((origin.path / "records" / "2026").iterdir()) == [
        origin.path / path_of("PD-2026-0001")
    ]


def test_renumber_refuses_a_record_merged_before_the_branch(
    origin: GitRepo, tmp_path: Path
) -> None:
    mine = parallel_clash(origin, tmp_path)
    head = mine.git("rev-parse", "HEAD")
    done = cli(mine, "renumber", "PD-2026-0001")
    assert done.returncode == 1
    assert "was already on origin/main before this branch began" in done.stderr
    assert mine.read(path_of("PD-2026-0001")) == record("PD-2026-0001")
    assert mine.git("rev-parse", "HEAD") == head and mine.git("status", "--porcelain") == ""


def test_renumber_refuses_a_record_with_uncommitted_changes(
    origin: GitRepo, tmp_path: Path
) -> None:
    mine = parallel_clash(origin, tmp_path)
    edited = record("PD-2026-0002", "Our disagreement, edited")
    mine.write(path_of("PD-2026-0002"), edited)
    done = cli(mine, "renumber", "PD-2026-0002")
    assert done.returncode == 1
    assert "has changes that are not committed" in done.stderr
    assert mine.read(path_of("PD-2026-0002")) == edited


def test_renumber_commits_the_rename_alone(origin: GitRepo, tmp_path: Path) -> None:
    mine = parallel_clash(origin, tmp_path)
    mine.write("notes.txt", "staged, not part of the renumbering\n")
    mine.git("add", "notes.txt")
    done = cli(mine, "renumber", "PD-2026-0002")
    assert done.returncode == 0, done.stderr
    assert "notes.txt" not in mine.git("show", "--name-only", "--format=", "HEAD")
    assert mine.git("diff", "--cached", "--name-only") == "notes.txt\n"  # still staged


def test_renumber_of_a_record_not_yet_committed_renames_it_only(
    origin: GitRepo, tmp_path: Path
) -> None:
    mine = clone(origin, tmp_path / "mine")
    origin.write(path_of("PD-2026-0002"), record("PD-2026-0002", "Theirs"))
    origin.commit("Open PD-2026-0002")
    mine.git("fetch", "-q", "origin")
    mine.write(path_of("PD-2026-0002"), record("PD-2026-0002", "Ours"))
    head = mine.git("rev-parse", "HEAD")
    done = cli(mine, "renumber", "PD-2026-0002")
    assert done.returncode == 0, done.stderr
    assert "not committed: commit it as usual" in done.stdout
    assert mine.git("rev-parse", "HEAD") == head
    assert mine.read(path_of("PD-2026-0003")) == record("PD-2026-0003", "Ours")


def test_renumber_is_undone_when_git_cannot_commit(origin: GitRepo, tmp_path: Path) -> None:
    mine = parallel_clash(origin, tmp_path)
    mine.git("config", "gpg.format", "ssh")
    mine.git("config", "user.signingkey", str(tmp_path / "no-such-key"))
    head = mine.git("rev-parse", "HEAD")
    done = cli(mine, "renumber", "PD-2026-0002")
    assert done.returncode == 2
    assert "git commit failed" in done.stderr and "Traceback" not in done.stderr
    assert mine.read(path_of("PD-2026-0002")) == record("PD-2026-0002", "Our disagreement")
    assert not (mine.path / path_of("PD-2026-0003")).exists()
    assert mine.git("rev-parse", "HEAD") == head and mine.git("status", "--porcelain") == ""

"""Issue 19: every git process runs with one environment, so every command reads what is
committed in the register's own repository.

A replace ref (`git replace`) makes git hand out another blob in place of a record's
committed one; a GIT_DIR left in the environment points git at another repository. Before,
`verify` and `audit` read the substitute while the gate did not. Real repositories, real
commands.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import spy_env
from gitrepo import RECORD, GitRepo, escalate, fixture_record, open_committed, open_on_main

from disputes.cli import main
from disputes.edit.roundtrip import resolve

pytestmark = pytest.mark.usefixtures("isolated_git")
UNSIGNED = "no sign-off by the"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def blob(repo: GitRepo, rev: str) -> str:
    return repo.git("rev-parse", f"{rev}:{RECORD}").strip()


def resolved_unsigned(repo: GitRepo) -> tuple[str, str]:
    """Commit the record escalated (open), then resolved at stage 4 with no sign-off; the
    two blobs (open, resolved)."""
    repo.write(RECORD, escalate(repo.read(RECORD), date(2026, 3, 12)))
    repo.commit("PD-2026-0007: escalate to stage 4", when="2026-03-12T09:00:00Z")
    repo.write(RECORD, resolve(repo.read(RECORD), date(2026, 3, 20), 4, "decision-changed"))
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")
    return blob(repo, "HEAD~1"), blob(repo, "HEAD")


def sign_off_errors(output: str) -> list[str]:
    return [
        i["message"]
        for i in json.loads(output)
        if i["severity"] == "error" and UNSIGNED in i["message"]
    ]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A register in git holding the open stage-3 fixture record, committed."""
    return open_committed(tmp_path / "register", when="2026-03-06T09:00:00Z")


def test_verify_reads_the_committed_record_not_a_replace_refs_stand_in(repo: GitRepo) -> None:
    open_blob, resolved_blob = resolved_unsigned(repo)
    code, output = cli("verify", "--format", "json", "--root", str(repo.path))
    assert code == 1 and sign_off_errors(output)  # honest reading: the closing is unsigned
    repo.git("replace", resolved_blob, open_blob)  # the attack: an open record stands in
    assert "status: open" in repo.git("show", f"HEAD:{RECORD}")  # git hands out the stand-in
    code, output = cli("verify", "--format", "json", "--root", str(repo.path))
    assert code == 1 and sign_off_errors(output)


def test_audit_shows_the_committed_versions_not_a_stand_in(repo: GitRepo) -> None:
    open_blob, resolved_blob = resolved_unsigned(repo)
    _, honest = cli("audit", "PD-2026-0007", "--root", str(repo.path))
    assert "resolved" in honest.lower()
    repo.git("replace", resolved_blob, open_blob)
    _, replaced = cli("audit", "PD-2026-0007", "--root", str(repo.path))
    assert replaced == honest


def test_check_judges_the_committed_record_not_a_stand_in(tmp_path: Path) -> None:
    repo = open_on_main(tmp_path / "register")
    open_blob, resolved_blob = resolved_unsigned(repo)
    args = ("check", "--base", "main", "--format", "json", "--root", str(repo.path))
    code, honest = cli(*args)
    assert code == 1 and sign_off_errors(honest)
    repo.git("replace", resolved_blob, open_blob)
    code, replaced = cli(*args)
    assert code == 1 and sign_off_errors(replaced) == sign_off_errors(honest)


def test_a_graft_does_not_cut_the_history_short(repo: GitRepo) -> None:
    resolved_unsigned(repo)
    _, honest = cli("audit", "PD-2026-0007", "--root", str(repo.path))
    assert "3 commits" in honest
    head = repo.git("rev-parse", "HEAD").strip()
    (repo.path / ".git" / "info" / "grafts").write_text(f"{head}\n")  # HEAD has no parent
    assert len(repo.git("log", "--format=%H").split()) == 1  # git itself sees one commit
    _, grafted = cli("audit", "PD-2026-0007", "--root", str(repo.path))
    assert grafted == honest


def test_a_git_dir_in_the_environment_does_not_point_the_reads_elsewhere(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved_unsigned(repo)  # the register: a closing nobody signed
    other = GitRepo(tmp_path / "other")  # another repository whose record is still open
    other.write(RECORD, fixture_record())
    other.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    monkeypatch.setenv("GIT_DIR", str(other.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.path))
    code, output = cli("verify", "--format", "json", "--root", str(repo.path))
    assert code == 1 and sign_off_errors(output)
    _, trail = cli("audit", "PD-2026-0007", "--root", str(repo.path))
    assert "resolved" in trail.lower()


def test_every_git_process_gets_the_one_environment(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolved_unsigned(repo)
    repo.git("checkout", "-q", "-b", "pr")
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo.path / "elsewhere.index"))
    started = spy_env(monkeypatch)
    for args in (("verify",), ("audit", "PD-2026-0007"), ("check", "--base", "main"), ("list",)):
        cli(*args, "--root", str(repo.path))
    gits = [(argv, env) for argv, env in started if Path(argv[0]).name == "git"]
    assert len(gits) >= 10
    for argv, env in gits:
        assert env is not None, argv  # never the caller's environment as it is
        assert (env["LC_ALL"], env["GIT_NO_REPLACE_OBJECTS"], env["GIT_TERMINAL_PROMPT"]) == (
            "C",
            "1",
            "0",
        ), argv
        assert "GIT_INDEX_FILE" not in env, argv

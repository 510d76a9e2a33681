"""`check` costs what the pull request changes: it reads the touched records, not the register.

Real git repositories: a register whose main has many records (one of them broken, as a
register may carry from before the gate) and a pull request that edits one record.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import ANN, BO, RECORD, GitRepo, escalate, fixture_record, sign_off_message

from disputes.cli import main

AS_OF = "2026-04-01"
OTHERS = [f"records/2026/PD-2026-{n:04d}.md" for n in range(8, 20)]

pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record())
    for file in OTHERS:
        made.write(file, fixture_record().replace("PD-2026-0007", Path(file).stem))
    made.commit("Open the records", when="2026-03-06T09:00:00Z")
    made.git("checkout", "-q", "-b", "pr")
    return made


def spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument list of every process started from now on (they still run)."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append(list(args))
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def check(repo: GitRepo) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--base", "main",
                                       "--root", str(repo.path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def test_one_record_change_reads_one_record_and_no_whole_history(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write(RECORD, repo.read(RECORD).replace("Threshold", "The threshold"))
    repo.commit("Edit the title", when="2026-03-07T09:00:00Z")
    calls = spy(monkeypatch)
    code, output = check(repo)
    assert (code, output) == (0, "1 record checked: no problems found.\n")
    logs = [a for a in calls if "log" in a or "rev-list" in a]
    for args in logs:  # every walk is limited to the change (base..head, fork..head)
        assert any(".." in a for a in args), args
    blobs = [a for a in calls if "--batch" in a]
    # BASE's configuration files in one read; the edited record at the head and where the
    # change began
    assert len(blobs) <= 3
    # git processes are most of a one-record check's time: none per record of the register
    # or per configuration file (15 when measured; the bench is tools/bench/bench_check.py)
    assert len(calls) <= 15, calls


def test_a_record_the_change_does_not_touch_is_not_read(repo: GitRepo) -> None:
    """A broken record already on main is left to `validate`; the change is judged alone."""
    broken = OTHERS[0]
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo.path, check=True)
    repo.write(broken, "not a record\n")
    repo.commit("Broken before the gate existed", when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    repo.write(RECORD, repo.read(RECORD).replace("Threshold", "The threshold"))
    repo.commit("Edit the title", when="2026-03-07T09:00:00Z")
    code, output = check(repo)
    assert code == 0 and broken not in output


def test_an_id_another_file_already_has_is_found_from_the_tree(repo: GitRepo) -> None:
    """A record file in another year folder with the same name: the id index finds it."""
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo.path, check=True)
    twin = "records/2025/PD-2026-0008.md"
    repo.write(twin, fixture_record().replace("PD-2026-0007", "PD-2026-0008"))
    repo.commit("A twin from before the gate", when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    repo.write(twin, repo.read(twin).replace("Threshold", "The threshold"))
    repo.commit("Edit the twin", when="2026-03-07T09:00:00Z")
    code, output = check(repo)
    assert code == 1
    assert f"{twin}:2: id: the id PD-2026-0008 is also used by {OTHERS[0]}" in output


def test_a_sign_off_change_still_reads_the_records_own_history(
        repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign-offs made earlier count: a record needing sign-off has its history read."""
    from datetime import date

    from disputes.edit.roundtrip import resolve

    repo.write(RECORD, escalate(repo.read(RECORD), date(2026, 3, 12)))
    repo.commit("Escalate", when="2026-03-12T09:00:00Z")
    repo.write(RECORD, resolve(repo.read(RECORD), date(2026, 3, 20), 4, "decision-changed"))
    repo.commit("Resolve", when="2026-03-20T09:00:00Z")
    repo.commit(sign_off_message(repo, ANN, "challenger-manager"), who=ANN,
                when="2026-03-21T09:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")  # Ann's sign-off is on main now
    repo.git("checkout", "-q", "-b", "second")
    repo.commit(sign_off_message(repo, BO, "challenged-manager"), who=BO,
                when="2026-03-22T09:00:00Z")
    calls = spy(monkeypatch)
    code, output = check(repo)
    assert code == 0, output  # Ann's earlier sign-off, on main, counts with Bo's
    assert "warning" in output  # no allowed_signers: sign-offs are only claims
    assert any(a[-1] == RECORD for a in calls if "log" in a)  # the record's own history

"""`check` costs what the pull request changes: it reads the touched records, not the register.

Real git repositories: a register whose main has many records (one of them broken, as a
register may carry from before the gate) and a pull request that edits one record.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import spy_processes
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


def on_main_then_merged(repo: GitRepo, path: str, text: str, message: str) -> None:
    """A file committed on main before the change, then main merged into the change."""
    repo.git("checkout", "-q", "main")
    repo.write(path, text)
    repo.commit(message, when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")


def check(repo: GitRepo) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--base", "main", "--root", str(repo.path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def test_one_record_change_reads_one_record_and_no_whole_history(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write(RECORD, repo.read(RECORD).replace("Threshold", "The threshold"))
    repo.commit("Edit the title", when="2026-03-07T09:00:00Z")
    calls = spy_processes(monkeypatch)
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
    on_main_then_merged(repo, broken, "not a record\n", "Broken before the gate existed")
    repo.write(RECORD, repo.read(RECORD).replace("Threshold", "The threshold"))
    repo.commit("Edit the title", when="2026-03-07T09:00:00Z")
    code, output = check(repo)
    assert code == 0 and broken not in output


def test_an_id_another_file_already_has_is_found_from_the_tree(repo: GitRepo) -> None:
    """A record file in another year folder with the same name: the id index finds it."""
    twin = "records/2025/PD-2026-0008.md"
    on_main_then_merged(
        repo,
        twin,
        fixture_record().replace("PD-2026-0007", "PD-2026-0008"),
        "A twin from before the gate",
    )
    repo.write(twin, repo.read(twin).replace("Threshold", "The threshold"))
    repo.commit("Edit the twin", when="2026-03-07T09:00:00Z")
    code, output = check(repo)
    assert code == 1
    assert f"{twin}:2: id: the id PD-2026-0008 is also used by {OTHERS[0]}" in output


def test_a_sign_off_change_still_reads_the_records_own_history(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sign-offs made earlier count: a record needing sign-off has its history read."""
    from datetime import date

    from disputes.edit.roundtrip import resolve

    repo.write(RECORD, escalate(repo.read(RECORD), date(2026, 3, 12)))
    repo.commit("Escalate", when="2026-03-12T09:00:00Z")
    repo.write(RECORD, resolve(repo.read(RECORD), date(2026, 3, 20), 4, "decision-changed"))
    repo.commit("Resolve", when="2026-03-20T09:00:00Z")
    repo.commit(
        sign_off_message(repo, ANN, "challenger-manager"), who=ANN, when="2026-03-21T09:00:00Z"
    )
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")  # Ann's sign-off is on main now
    repo.git("checkout", "-q", "-b", "second")
    repo.commit(
        sign_off_message(repo, BO, "challenged-manager"), who=BO, when="2026-03-22T09:00:00Z"
    )
    calls = spy_processes(monkeypatch)
    code, output = check(repo)
    assert code == 0, output  # Ann's earlier sign-off, on main, counts with Bo's
    assert "warning" in output  # no allowed_signers: sign-offs are only claims
    assert any(a[-1] == RECORD for a in calls if "log" in a)  # the record's own history

"""One record's trail from a path-limited walk: the same trail as the whole-register walk.

Real git repositories with renames, empty sign-off commits, amendments, a deleted and
re-added path, a side branch merged back, and a new record made as a copy of another.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import spy_processes
from gitrepo import ANN, BO, RECORD, GitRepo, fixture_record, resolved_register, sign_off_message

from disputes.cli import main
from disputes.history import read_history
from disputes.history.audit import audit_trail
from disputes.history.trail import read_record_history

pytestmark = pytest.mark.usefixtures("isolated_git")

OTHER = "records/2026/PD-2026-0008.md"
MOVED = "records/2025/PD-2026-0009.md"
COPY = "records/2026/PD-2026-0010.md"
AGAIN = "records/2026/PD-2026-0011.md"


def other_record(record_id: str) -> str:
    """The fixture record with another id."""
    return fixture_record().replace("PD-2026-0007", record_id)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A register whose records have every kind of history the trail must follow."""
    made = GitRepo(tmp_path / "register")
    resolved_register(made)
    made.commit(
        sign_off_message(made, ANN, "challenger-manager"), who=ANN, when="2026-03-21T09:00:00Z"
    )  # empty: the record is unchanged
    made.write(OTHER, other_record("PD-2026-0008"))
    made.write("records/2026/PD-2026-0009.md", other_record("PD-2026-0009"))
    made.write(AGAIN, other_record("PD-2026-0011"))
    made.commit("Open 0008, 0009 and 0011", when="2026-03-22T09:00:00Z")
    (made.path / MOVED).parent.mkdir()
    made.git("mv", "records/2026/PD-2026-0009.md", MOVED)
    made.commit("Move PD-2026-0009 to the year it was opened", when="2026-03-23T09:00:00Z")
    made.commit("Amend\n\nAmends: PD-2026-0007 the date was wrong", when="2026-03-24T09:00:00Z")
    made.commit("Mentions PD-2026-0008 in passing only", when="2026-03-24T10:00:00Z")
    made.git("rm", "-q", AGAIN)
    made.commit("Remove 0011", when="2026-03-25T09:00:00Z")
    made.write(AGAIN, other_record("PD-2026-0011").replace("Threshold", "A new threshold"))
    made.commit("Add 0011 again", when="2026-03-26T09:00:00Z")
    made.git("checkout", "-q", "-b", "side", "HEAD~3")
    made.write(OTHER, other_record("PD-2026-0008").replace("child in need", "child at risk"))
    made.commit("Side branch edits 0008", when="2026-03-27T09:00:00Z")
    made.git("checkout", "-q", "main")
    made.write(MOVED, made.read(MOVED).replace("child in need", "children in need"))
    made.commit("Edit 0009 on main", when="2026-03-27T10:00:00Z")
    made.git("merge", "-q", "--no-ff", "-m", "Merge side", "side", when="2026-03-28T09:00:00Z")
    return made


def test_each_record_has_the_trail_the_whole_register_walk_gives(repo: GitRepo) -> None:
    whole = read_history(repo.path, remember=False)
    files = [RECORD, OTHER, MOVED, AGAIN]
    for file in files:
        one = read_record_history(repo.path, file, remember=False)
        assert audit_trail(file, one) == audit_trail(file, whole), file
    trail = audit_trail(MOVED, read_record_history(repo.path, MOVED))
    assert "file renamed from records/2026/PD-2026-0009.md" in trail[-2].changes
    subjects = [e.subject for e in audit_trail(RECORD, read_record_history(repo.path, RECORD))]
    assert subjects[-2:] == ["Sign-off PD-2026-0007 as challenger-manager", "Amend"]
    assert [e.subject for e in audit_trail(AGAIN, read_record_history(repo.path, AGAIN))] == [
        "Add 0011 again"
    ]


def test_a_record_made_as_a_copy_does_not_take_the_others_past(repo: GitRepo) -> None:
    """`git log --follow` takes a new, similar file for a copy of another: we must not."""
    repo.write(COPY, other_record("PD-2026-0010"))
    repo.commit("Open PD-2026-0010 (started from a copy of 0008)", when="2026-03-29T09:00:00Z")
    follow = repo.git("log", "--follow", "--format=%s", "--", COPY).splitlines()
    assert len(follow) > 1  # the trap: --follow gives the new record 0008's commits
    trail = audit_trail(COPY, read_record_history(repo.path, COPY))
    assert [e.subject for e in trail] == ["Open PD-2026-0010 (started from a copy of 0008)"]
    assert trail == audit_trail(COPY, read_history(repo.path))


def test_audit_walks_the_history_once_along_the_records_path(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One `git log` for one record's audit, its diff limited to the record's path: no
    whole-register diff, no second walk for the commits naming it, no `--grep` walk and
    no `rev-list` walk to order them (issue 25)."""
    calls = spy_processes(monkeypatch)
    result = CliRunner().invoke(main, ["audit", "PD-2026-0007", "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    assert "Sign-off: PD-2026-0007 challenger-manager" in result.output
    assert not [a for a in calls if "rev-list" in a]
    walks = [a for a in calls if "log" in a and "--no-walk=unsorted" not in a]
    assert len(walks) == 1, walks
    assert walks[0][-2:] == ["--", RECORD], walks
    assert any("%(trailers:" in a for a in walks[0])
    assert not any(a.startswith("--grep=") for a in walks[0])


def test_a_record_without_history_has_an_empty_trail(repo: GitRepo) -> None:
    repo.write("records/2026/PD-2026-0012.md", other_record("PD-2026-0012"))  # not committed
    assert (
        audit_trail(
            "records/2026/PD-2026-0012.md",
            read_record_history(repo.path, "records/2026/PD-2026-0012.md"),
        )
        == []
    )


def test_a_repository_without_commits(tmp_path: Path) -> None:
    fresh = GitRepo(tmp_path / "fresh")
    assert read_record_history(fresh.path, RECORD).commits == []


def test_signatures_are_checked_for_the_records_own_commits(repo: GitRepo) -> None:
    bo = repo.key("bo")
    repo.allow((BO[1], bo))
    repo.commit(
        sign_off_message(repo, BO, "challenged-manager"),
        who=BO,
        key=bo,
        when="2026-03-30T09:00:00Z",
    )
    entry = audit_trail(RECORD, read_record_history(repo.path, RECORD, remember=False))[-1]
    assert (entry.signature, entry.signer) == ("good", BO[1])

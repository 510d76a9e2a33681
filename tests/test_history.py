"""History, audit trail and sign-off on real git repositories with real SSH keys."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import (
    ANN,
    BO,
    CLERK,
    RECORD,
    GitRepo,
    as_identity,
    fixture_record,
    resolved_register,
)

from disputes.cli import main
from disputes.history import GitError, read_history
from disputes.history.attest import version_of_text
from disputes.history.audit import AuditEntry, audit_trail, audit_trails

AS_OF = "2026-04-01"


pytestmark = pytest.mark.usefixtures("isolated_git")


def spy_on_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """From now on, the argument list of every process started (they still run)."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append(args)
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    resolved_register(made)
    return made


def run(repo: GitRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path)])
    return result.exit_code, result.output


def sign(
    repo: GitRepo,
    mp: pytest.MonkeyPatch,
    who: tuple[str, str],
    role: str,
    when: str,
    key: Path | None,
) -> tuple[int, str]:
    as_identity(mp, who, when, key)
    return run(repo, "sign", "PD-2026-0007", "--role", role)


def test_audit_trail_in_plain_words_oldest_first(repo: GitRepo) -> None:
    entries = audit_trail(RECORD, read_history(repo.path))
    assert [(e.subject, e.changes) for e in entries] == [
        ("Open PD-2026-0007", ("record created: status open",)),
        (
            "PD-2026-0007: escalate to stage 4",
            ("stage 3 ended added: 2026-03-12", "stage 4 added, started 2026-03-12"),
        ),
        (
            "PD-2026-0007: resolved at stage 4",
            (
                "status open → resolved",
                "resolution added: stage 4 on 2026-03-20",
                "sign-off by challenger manager added",
                "sign-off by challenged manager added",
            ),
        ),
    ]
    assert entries[0].author == "Reg Clerk <clerk@lscp.example>"
    assert entries[0].date == "2026-03-06T09:00:00Z".replace("Z", "+00:00")
    assert {e.signature for e in entries} == {"unsigned"}


def test_rename_is_followed_and_trailers_shown(repo: GitRepo) -> None:
    repo.git("mv", RECORD, "records/2026/moved.md")
    repo.commit("Move it\n\nAmends: PD-2026-0007 filed under the wrong name")
    repo.git("mv", "records/2026/moved.md", RECORD)
    repo.commit("Move it back\n\nAmends: PD-2026-0007 restore the name")
    entries = audit_trail(RECORD, read_history(repo.path))
    assert len(entries) == 5
    assert entries[3].changes == ("file renamed from records/2026/PD-2026-0007.md",)
    assert entries[4].trailers == (("Amends", "PD-2026-0007 restore the name"),)


def test_signatures_good_unknown_key_and_unsigned(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann_key, bo_key = repo.key("ann"), repo.key("bo")
    repo.allow((ANN[1], ann_key))
    repo.commit("Allow Ann's key")
    assert (
        sign(repo, monkeypatch, ANN, "challenger-manager", "2026-03-21T10:00:00Z", ann_key)[0] == 0
    )
    assert sign(repo, monkeypatch, BO, "challenged-manager", "2026-03-22T10:00:00Z", bo_key)[0] == 0
    code, out = run(repo, "audit", "PD-2026-0007", "--format", "json")
    commits = json.loads(out)["commits"]
    assert code == 0
    assert [(c["signature"], c["signer"]) for c in commits[-2:]] == [
        ("good", ANN[1]),
        ("unknown-key", ""),
    ]
    assert commits[-2]["trailers"] == [
        {"key": "Sign-off", "value": "PD-2026-0007 challenger-manager"},
        {"key": "Signed-version", "value": version_of_text(repo.read(RECORD))},
        {"key": "Signed-off-by", "value": "Ann Lee <ann.lee@police.example>"},
    ]
    assert commits[0]["signature"] == "unsigned"


def test_sign_refuses_someone_else(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    head = repo.git("rev-parse", "HEAD")
    code, out = sign(repo, monkeypatch, CLERK, "challenger-manager", "2026-03-21T10:00:00Z", None)
    assert code == 1
    assert "git would record the commit's author as Reg Clerk <clerk@lscp.example>" in out
    assert "Ann Lee <ann.lee@police.example>" in out
    assert repo.git("rev-parse", "HEAD") == head


def test_sign_require_signature_without_a_key(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z")
    code, out = run(
        repo, "sign", "PD-2026-0007", "--role", "challenger-manager", "--require-signature"
    )
    assert code == 1
    assert "git is not set up to sign commits" in out


def test_audit_text(repo: GitRepo) -> None:
    code, out = run(repo, "audit", "PD-2026-0007")
    assert code == 0
    assert out.startswith("PD-2026-0007 (records/2026/PD-2026-0007.md): 3 commits, oldest first")
    assert "  - stage 4 added, started 2026-03-12\n" in out


def test_shallow_clone_is_refused_with_the_fix(repo: GitRepo, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], check=True
    )
    with pytest.raises(GitError, match="fetch-depth: 0"):
        read_history(shallow)
    result = CliRunner().invoke(main, ["audit", "PD-2026-0007", "--root", str(shallow)])
    assert result.exit_code == 2
    assert "GIT_DEPTH: 0" in result.output and "git fetch --unshallow" in result.output


def test_tampered_commit_has_a_bad_signature(repo: GitRepo) -> None:
    ann = repo.key("ann")
    repo.allow((ANN[1], ann))
    repo.commit(
        "Sign-off PD-2026-0007\n\nSign-off: PD-2026-0007 challenger-manager\n"
        f"Signed-off-by: {ANN[0]} <{ANN[1]}>",
        who=ANN,
        key=ann,
    )
    raw = repo.git("cat-file", "commit", "HEAD").replace("Sign-off PD", "Sign-off, PD", 1)
    forged = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo.path,
        input=raw,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    repo.git("update-ref", "HEAD", forged)
    assert audit_trail(RECORD, read_history(repo.path))[-1].signature == "bad"


def test_one_git_log_and_one_cat_file_for_every_record(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(8, 20):
        repo.write(RECORD.replace("0007", f"{number:04d}"), fixture_record())
        repo.commit(f"Add record {number}")
    calls = spy_on_processes(monkeypatch)
    history = read_history(repo.path)
    trails = audit_trails(history)
    assert len(trails) == 13 and all(trails.values())
    assert sum("log" in a and "--no-walk=unsorted" not in a for a in calls) == 1
    assert len(calls) == 4  # is it shallow and has it commits, the log, signatures, the blobs


def test_signature_checks_are_remembered_per_allowed_signers(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    bo = repo.key("bo")
    repo.commit(
        f"Sign-off\n\nSign-off: PD-2026-0007 challenged-manager\nSigned-off-by: {BO[0]} <{BO[1]}>",
        who=BO,
        key=bo,
    )
    assert audit_trail(RECORD, read_history(repo.path))[-1].signature == "unknown-key"
    calls = spy_on_processes(monkeypatch)
    assert audit_trail(RECORD, read_history(repo.path))[-1].signature == "unknown-key"
    assert not [a for a in calls if "--no-walk=unsorted" in a]
    repo.allow((BO[1], bo))  # a new list is checked afresh
    entry = audit_trail(RECORD, read_history(repo.path))[-1]
    assert (entry.signature, entry.signer) == ("good", BO[1])


def test_bulk_reading_gives_the_same_trails(repo: GitRepo) -> None:
    ann = repo.key("ann")
    repo.allow((ANN[1], ann))
    repo.commit(
        "Sign-off\n\nSign-off: PD-2026-0007 challenger-manager\n"
        f"Signed-off-by: {ANN[0]} <{ANN[1]}>",
        who=ANN,
        key=ann,
    )
    lazy = audit_trails(read_history(repo.path, remember=False))
    bulk = audit_trails(read_history(repo.path, bulk=True))
    assert bulk == lazy
    assert bulk[RECORD][-1].signature == "good"


def test_audit_text_counts_one_commit_in_the_singular() -> None:
    from disputes.cli.audit import audit_text

    assert audit_text("PD-2026-0007", RECORD, []).startswith(f"PD-2026-0007 ({RECORD}): 0 commits,")
    entry = AuditEntry(
        "a" * 40,
        "2026-03-02T10:00:00+00:00",
        "Reg Clerk",
        "Reg Clerk",
        "Open it",
        (),
        "unsigned",
        "",
        ("record created: status open",),
    )
    assert audit_text("PD-2026-0007", RECORD, [entry]).startswith(
        f"PD-2026-0007 ({RECORD}): 1 commit, oldest first"
    )

"""`disputes check --base`: the CI gate, on real git repositories with real SSH keys."""

from __future__ import annotations

import json
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
    escalate,
    fixture_record,
    open_on_main,
    sign_off_message,
)

from disputes.cli import main

AS_OF = "2026-04-01"


pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A register whose main has one open record; the change happens on branch `pr`."""
    return open_on_main(tmp_path / "register")


def check(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--format", "json", "--root", str(repo.path), *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def messages(issues: list[dict[str, str]]) -> list[str]:
    return [i["message"] for i in issues if i["severity"] == "error"]


def resolve_and_sign(repo: GitRepo, ann: Path | None, bo: Path | None) -> None:
    """Resolve at stage 4 on the branch, then each manager's own sign-off commit."""
    resolved_register_on_branch(repo)
    for who, role, key in ((ANN, "challenger-manager", ann), (BO, "challenged-manager", bo)):
        repo.commit(
            sign_off_message(repo, who, role), who=who, key=key, when="2026-03-21T09:00:00Z"
        )


def resolved_register_on_branch(repo: GitRepo) -> None:
    from datetime import date

    from disputes.edit.roundtrip import resolve

    repo.write(
        RECORD, resolve(escalate(repo.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4)
    )
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")


def test_good_signed_sign_offs_pass(repo: GitRepo) -> None:
    resolve_and_sign(repo, repo.key("ann"), repo.key("bo"))
    assert check(repo, "--require-signatures") == (0, [])


def test_missing_sign_off_names_the_command(repo: GitRepo) -> None:
    resolved_register_on_branch(repo)
    code, issues = check(repo)
    assert code == 1
    assert [i["path"] for i in issues] == [
        "sign_off.challenger_manager",
        "sign_off.challenged_manager",
    ]
    assert issues[0]["message"] == (
        "no sign-off by the challenger manager (ann.lee@police.example) for PD-2026-0007 as it "
        "now stands. They run: disputes sign PD-2026-0007 --role challenger-manager"
    )


def test_unsigned_sign_offs_fail_when_the_base_lists_signers(repo: GitRepo) -> None:
    # Changed on purpose (issue 10, item 4): signatures are required by default whenever
    # the base branch has schema/allowed_signers, not only with --require-signatures.
    resolve_and_sign(repo, None, None)
    code, issues = check(repo)
    assert code == 1 and len(messages(issues)) == 2
    assert "signature: unsigned" in messages(issues)[0]


def test_key_not_on_the_base_list_fails(repo: GitRepo) -> None:
    stranger = repo.key("stranger")
    resolve_and_sign(repo, repo.key("ann"), stranger)
    code, issues = check(repo, "--require-signatures")
    assert code == 1
    assert [i["path"] for i in issues] == ["sign_off.challenged_manager"]


def test_pull_request_cannot_add_its_own_key(repo: GitRepo) -> None:
    stranger = repo.key("stranger")
    repo.allow((ANN[1], repo.key("ann")), (BO[1], stranger))
    repo.commit("Replace Bo's key")
    resolve_and_sign(repo, repo.key("ann"), stranger)
    code, issues = check(repo, "--require-signatures")
    # Issue 10 item 2: changing allowed_signers beside records is now refused on its own too.
    assert [(i["file"], i["path"]) for i in issues] == [
        (RECORD, "sign_off.challenged_manager"),
        ("schema/allowed_signers", ""),
    ]


def test_forged_signed_off_by_fails(repo: GitRepo) -> None:
    resolved_register_on_branch(repo)
    for who, role in ((ANN, "challenger-manager"), (BO, "challenged-manager")):
        repo.commit(sign_off_message(repo, who, role), who=CLERK, key=repo.key("clerk"))
    code, issues = check(repo)
    assert code == 1 and len(messages(issues)) == 2


def test_someone_elses_good_signature_is_not_the_managers(repo: GitRepo) -> None:
    resolved_register_on_branch(repo)
    ann = repo.key("ann")  # Ann signs both, one as if she were Bo
    for who, role in ((ANN, "challenger-manager"), (BO, "challenged-manager")):
        repo.commit(
            sign_off_message(repo, who, role), who=who, key=ann, when="2026-03-21T09:00:00Z"
        )  # after the resolution it signs
    code, issues = check(repo, "--require-signatures")
    assert [i["path"] for i in issues] == ["sign_off.challenged_manager"]


def test_rewritten_resolved_record_needs_an_amendment(repo: GitRepo) -> None:
    resolve_and_sign(repo, repo.key("ann"), repo.key("bo"))
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pr")
    repo.git("checkout", "-q", "-b", "pr2")
    repo.write(RECORD, repo.read(RECORD).replace("title: Threshold", "title: The threshold"))
    repo.commit("Tidy the title")
    code, issues = check(repo)
    assert code == 1
    assert "Amends: PD-2026-0007 <why it is amended>" in messages(issues)[0]
    # Changed on purpose (issue 22, item 3): a later commit with the trailer does not explain
    # the rewrite before it, which stays in the history: the change is made again, amended.
    assert "another commit cannot undo this" in messages(issues)[0]
    repo.commit("Record why\n\nAmends: PD-2026-0007 the title was unclear")
    assert check(repo)[0] == 1
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "pr3")
    repo.write(RECORD, repo.read(RECORD).replace("title: Threshold", "title: The threshold"))
    repo.commit("Tidy the title\n\nAmends: PD-2026-0007 the title was unclear")
    # Changed on purpose (issue 10, item 3): the amendment changed what was signed, so
    # both managers must sign the new version; their old sign-offs no longer count.
    code, issues = check(repo)
    assert code == 1 and len(messages(issues)) == 2
    assert "signed an earlier version of PD-2026-0007" in messages(issues)[0]
    for who, role, key in ((ANN, "challenger-manager", "ann"), (BO, "challenged-manager", "bo")):
        repo.commit(sign_off_message(repo, who, role), who=who, key=repo.key(key))
    assert check(repo) == (0, [])


def test_deleted_record_fails(repo: GitRepo) -> None:
    repo.git("rm", "-q", RECORD)
    repo.commit("Remove it")
    code, issues = check(repo)
    assert code == 1
    assert "records are never deleted" in messages(issues)[0]


def test_id_taken_by_a_parallel_change(repo: GitRepo) -> None:
    other = RECORD.replace("0007", "0008")
    repo.write(other, fixture_record().replace("PD-2026-0007", "PD-2026-0008"))
    repo.commit("Open PD-2026-0008 on the branch")
    repo.git("checkout", "-q", "main")
    repo.write(
        other,
        fixture_record()
        .replace("PD-2026-0007", "PD-2026-0008")
        .replace("Threshold", "Another threshold"),
    )
    repo.commit("Open PD-2026-0008 on main first")
    repo.git("checkout", "-q", "pr")
    code, issues = check(repo)
    assert code == 1
    assert "already used on main" in messages(issues)[0]


def test_github_format(repo: GitRepo) -> None:
    repo.git("rm", "-q", RECORD)
    repo.commit("Remove it")
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--format", "github", "--root", str(repo.path)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"::error file={RECORD},line=1,title=record::")


def test_unknown_base_is_a_usage_error(repo: GitRepo) -> None:
    result = CliRunner().invoke(main, ["check", "--base", "nope", "--root", str(repo.path)])
    assert result.exit_code == 2
    assert "does not know the revision 'nope'" in result.output


def test_signed_via_the_sign_command_passes(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    resolved_register_on_branch(repo)
    for who, role, key in ((ANN, "challenger-manager", "ann"), (BO, "challenged-manager", "bo")):
        as_identity(monkeypatch, who, "2026-03-21T10:00:00Z", repo.key(key))
        result = CliRunner().invoke(
            main,
            [
                "sign",
                "PD-2026-0007",
                "--role",
                role,
                "--require-signature",
                "--root",
                str(repo.path),
            ],
        )
        assert result.exit_code == 0, result.output
        assert f"(signature: good by {who[1]})." in result.output
    assert check(repo, "--require-signatures") == (0, [])


def test_register_below_the_top_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = GitRepo(tmp_path / "repo")
    (made.path / "schema").rename(made.path / "reg-schema")
    made.write("reg/" + RECORD, fixture_record())
    (made.path / "reg-schema").rename(made.path / "reg" / "schema")
    made.write("elsewhere.txt", "not part of the register\n")
    made.commit("Open PD-2026-0007 in a register below the top")
    made.git("checkout", "-q", "-b", "pr")
    reg = made.path / "reg"
    from datetime import date

    from disputes.edit.roundtrip import resolve

    text = (reg / RECORD).read_text()
    (reg / RECORD).write_text(resolve(escalate(text, date(2026, 3, 12)), date(2026, 3, 20), 4))
    made.commit("Resolve")
    for who, role in ((ANN, "challenger-manager"), (BO, "challenged-manager")):
        as_identity(monkeypatch, who, "2026-03-21T10:00:00Z")
        result = CliRunner().invoke(
            main, ["sign", "PD-2026-0007", "--role", role, "--root", str(reg)]
        )
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", "--base", "main", "--root", str(reg)])
    assert result.exit_code == 0
    assert "there is no schema/allowed_signers on main" in result.output  # only a warning
    result = CliRunner().invoke(main, ["audit", "PD-2026-0007", "--root", str(reg)])
    assert "  - stage 4 added, started 2026-03-12\n" in result.output
    assert result.output.count("signature: unsigned") == 4
    made.write("elsewhere.txt", "changed\n")
    made.git("add", "elsewhere.txt")
    result = CliRunner().invoke(
        main, ["sign", "PD-2026-0007", "--role", "challenged-manager", "--root", str(reg)]
    )
    assert result.exit_code == 1
    assert "other changes are staged ((outside the register) elsewhere.txt)" in result.output

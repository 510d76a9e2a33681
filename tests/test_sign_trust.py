"""Issue 10, items 3 and 4: a sign-off attests one exact version, by two different people.

Each test performs the attack on a real git repository with real SSH keys and shows it
refused, with the honest path beside it passing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
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
from disputes.edit.roundtrip import resolve
from disputes.history import read_history
from disputes.history.audit import audit_trail
from disputes.site.pages.signing import sign_off_verification

AS_OF = "2026-04-01"
ROLES = (("challenger-manager", ANN, "ann"), ("challenged-manager", BO, "bo"))

pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: one open record and both managers' keys listed; the change is on branch `pr`."""
    return open_on_main(tmp_path / "register")


def cli(repo: GitRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path)])
    return result.exit_code, result.output


def check(repo: GitRepo, *extra: str) -> tuple[int, list[str]]:
    code, out = cli(repo, "check", "--base", "main", "--format", "json", *extra)
    assert code in (0, 1), out
    return code, [i["message"] for i in json.loads(out) if i["severity"] == "error"]


def resolve_on_branch(repo: GitRepo, change: Callable[[str], str] = str) -> None:
    """Escalate to stage 4, `change` the text (a forgery, say), resolve at stage 4."""
    escalated = change(escalate(repo.read(RECORD), date(2026, 3, 12)))
    repo.write(RECORD, resolve(escalated, date(2026, 3, 20), 4))
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")


def sign_by_hand(
    repo: GitRepo,
    who: tuple[str, str],
    role: str,
    key: str | None,
    author: tuple[str, str] | None = None,
) -> None:
    """A sign-off commit for `who`, made (and signed with `key`) by `author` (default: who)."""
    repo.commit(
        sign_off_message(repo, who, role),
        who=author or who,
        key=repo.key(key) if key else None,
        when="2026-03-21T09:00:00Z",
    )


def sign_honestly(repo: GitRepo) -> None:
    for role, who, key in ROLES:
        sign_by_hand(repo, who, role, key)


def test_one_person_as_both_managers_is_refused(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_on_branch(repo, lambda text: text.replace(BO[1], ANN[1]))
    for role, _, _ in ROLES:  # Ann signs once for each role, with her own good key
        sign_by_hand(repo, ANN, role, "ann")
    code, errors = check(repo)
    assert code == 1
    assert any("two different people" in e for e in errors)
    as_identity(monkeypatch, ANN, "2026-03-22T10:00:00Z", repo.key("ann"))
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenged-manager")
    assert code == 1 and "two different people" in out


def test_honest_two_managers_pass(repo: GitRepo) -> None:
    resolve_on_branch(repo)
    sign_honestly(repo)
    assert check(repo) == (0, [])


def test_sign_off_made_while_open_does_not_count(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_identity(monkeypatch, ANN, "2026-03-10T10:00:00Z", repo.key("ann"))
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "only a resolved record is signed off" in out
    sign_honestly(repo)  # by hand, at the open version
    resolve_on_branch(repo)
    code, errors = check(repo)
    assert code == 1 and len(errors) == 2
    assert all("signed an earlier version of PD-2026-0007" in e for e in errors)
    sign_honestly(repo)
    assert check(repo) == (0, [])


def test_changing_the_agreed_outcome_needs_both_to_sign_again(repo: GitRepo) -> None:
    resolve_on_branch(repo)
    sign_honestly(repo)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pr")
    repo.git("checkout", "-q", "-b", "amend")
    repo.write(RECORD, repo.read(RECORD).replace("Social care opens", "Social care declines"))
    repo.commit("Correct the outcome\n\nAmends: PD-2026-0007 the outcome was mistyped")
    code, errors = check(repo)
    assert code == 1 and len(errors) == 2
    assert "the record has changed since" in errors[0]
    assert "disputes sign PD-2026-0007 --role challenger-manager" in errors[0]
    sign_honestly(repo)
    assert check(repo) == (0, [])


def test_an_email_set_in_git_config_is_not_a_signature(repo: GitRepo) -> None:
    resolve_on_branch(repo)
    for role, who, _ in ROLES:  # the clerk poses as each manager: unsigned, then own key
        sign_by_hand(repo, who, role, None)
        sign_by_hand(repo, who, role, "clerk")
    code, errors = check(repo)  # no --require-signatures: the base lists signers
    assert code == 1 and len(errors) == 2
    assert "signature: unknown-key" in errors[0]


def test_someone_elses_key_is_named_on_audit_and_record_page(repo: GitRepo) -> None:
    resolve_on_branch(repo)
    sign_by_hand(repo, ANN, "challenger-manager", "ann")
    sign_by_hand(repo, BO, "challenged-manager", "ann")  # Ann's key, Bo's name
    code, errors = check(repo)
    assert code == 1 and errors == [
        "the challenged manager's sign-off of PD-2026-0007 was signed with the key of "
        f"{ANN[1]}, not {BO[1]}'s. They run: disputes sign PD-2026-0007 --role challenged-manager"
    ]
    _, out = cli(repo, "audit", "PD-2026-0007")
    assert f"signature: good by {ANN[1]} (the key's owner in schema/allowed_signers)" in out
    entries = audit_trail(RECORD, read_history(repo.path))
    current = json.loads(cli(repo, "audit", "PD-2026-0007", "--format", "json")[1])["version"]
    words = sign_off_verification(entries[-1], BO[1], current, show_emails=False)
    assert f"by the key of {ANN[1]}, NOT this manager's" in words
    honest = sign_off_verification(entries[-2], ANN[1], current, show_emails=True)
    assert f"signature good by the manager's own key ({ANN[1]})" in honest
    assert "the record as it now stands" in honest


def test_one_key_for_both_managers_is_refused(repo: GitRepo) -> None:
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("ann")))
    repo.git("checkout", "-q", "main")
    repo.commit("List Bo with Ann's key by mistake")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    resolve_on_branch(repo)
    sign_by_hand(repo, ANN, "challenger-manager", "ann")
    sign_by_hand(repo, BO, "challenged-manager", "ann")
    code, errors = check(repo)
    assert code == 1 and len(errors) == 1
    assert "same key" in errors[0] or f"key of {ANN[1]}" in errors[0]


def test_managers_email_must_be_in_their_agencys_domain(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.git("checkout", "-q", "main")
    agencies = repo.read("schema/agencies.yml") + (
        "email_domains:\n  Kent Police: [police.example]\n"
        '  "Children\'s Social Care": [csc.example]\n'
    )
    repo.write("schema/agencies.yml", agencies)
    repo.commit("List the agencies' email domains")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    outsider = ("Bo Khan", "bo.khan@police.example")  # a police address as social care
    repo.allow((ANN[1], repo.key("ann")), (outsider[1], repo.key("bo")))
    resolve_on_branch(repo, lambda text: text.replace(BO[1], outsider[1]))
    sign_by_hand(repo, ANN, "challenger-manager", "ann")
    sign_by_hand(repo, outsider, "challenged-manager", "bo")
    code, errors = check(repo)
    assert code == 1
    assert any(
        "bo.khan@police.example is not an email address of Children's Social Care" in e
        for e in errors
    )
    as_identity(monkeypatch, outsider, "2026-03-22T10:00:00Z", repo.key("bo"))
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenged-manager")
    assert code == 1 and "(schema/agencies.yml lists @csc.example)" in out


def test_sign_uses_the_identity_git_will_put_on_the_commit(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_on_branch(repo)
    head = repo.git("rev-parse", "HEAD")
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z", repo.key("ann"))
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", CLERK[1])
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and f"commit's committer as Ann Lee <{CLERK[1]}>" in out
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", ANN[1])
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", CLERK[1])  # git config still says Ann
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and f"commit's author as Ann Lee <{CLERK[1]}>" in out
    assert repo.git("rev-parse", "HEAD") == head
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", ANN[1])
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 0 and f"(signature: good by {ANN[1]})" in out


def test_sign_refuses_a_second_sign_off_of_the_same_version(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_on_branch(repo)
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z", repo.key("ann"))
    assert cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")[0] == 0
    head = repo.git("rev-parse", "HEAD")
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "you already signed version" in out
    assert repo.git("rev-parse", "HEAD") == head


def test_sign_refuses_unwritten_outcome_uncommitted_change_and_no_key(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_on_branch(
        repo,
        lambda text: text.replace(
            "Social care opens a child in need assessment; police share the incident log.",
            "Pending.",
        ),
    )
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z", repo.key("ann"))
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "has no agreed outcome" in out
    repo.write(RECORD, repo.read(RECORD).replace("Pending.", "Agreed: assess."))
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "has changes that are not committed" in out
    repo.commit("Write the outcome")
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z")  # no signing key
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "only a sign-off signed with your key counts" in out
    as_identity(monkeypatch, ANN, "2026-03-21T10:00:00Z", repo.key("ann"))
    assert cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")[0] == 0


def test_without_allowed_signers_sign_offs_are_claims_and_strict_fails(tmp_path: Path) -> None:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record())
    made.commit("Open PD-2026-0007")
    made.git("checkout", "-q", "-b", "pr")
    resolve_on_branch(made)
    for role, who, _ in ROLES:
        sign_by_hand(made, who, role, None)
    code, out = cli(made, "check", "--base", "main")
    assert code == 0 and "warning: the sign-offs of PD-2026-0007 are not checked" in out
    code, out = cli(made, "check", "--base", "main", "--strict")
    assert code == 1 and "no schema/allowed_signers on main" in out

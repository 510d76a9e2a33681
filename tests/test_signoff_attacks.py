"""Issue 19, the sign-off attacks: each performed on a real git repository with real SSH keys
(and a real GPG key), shown refused, with the honest path beside it passing.

`check` (the pull-request gate), `verify` (main), `audit` and `show` must agree on each
manager's sign-off: what one calls signed, the others call signed.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import (
    ANN,
    BO,
    RECORD,
    SCHEMA,
    GitRepo,
    as_identity,
    escalate,
    fixture_record,
    open_on_main,
    sign_off_message,
)

from disputes.cli import main
from disputes.edit.roundtrip import resolve
from disputes.history.signers import key_window_problem, parse_signers
from disputes.history.signoffs import needs_sign_off

pytestmark = pytest.mark.usefixtures("isolated_git")
ROLES = (("challenger-manager", ANN, "ann"), ("challenged-manager", BO, "bo"))
SIGNED = "2026-03-21T09:00:00Z"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: one open record at stage 3 and both managers' keys listed; the change is on `pr`."""
    return open_on_main(tmp_path / "register")


def cli(repo: GitRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def check(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    code, out = cli(repo, "check", "--base", "main", "--format", "json", *extra)
    return code, [i for i in json.loads(out) if i["severity"] == "error"]


def verify(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    code, out = cli(repo, "verify", "--format", "json", *extra)
    return code, [i for i in json.loads(out) if i["severity"] == "error"]


def paths(issues: list[dict[str, str]]) -> list[str]:
    return sorted(f"{i['file']}:{i['path']}" for i in issues)


def both_refused(issues: list[dict[str, str]]) -> bool:
    found = {i["path"] for i in issues}
    return {"sign_off.challenger_manager", "sign_off.challenged_manager"} <= found


def resolve_at_4(repo: GitRepo) -> None:
    repo.write(
        RECORD, resolve(escalate(repo.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4)
    )
    repo.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")


def sign_both(repo: GitRepo, when: str = SIGNED) -> None:
    for role, who, key in ROLES:
        repo.commit(sign_off_message(repo, who, role), who=who, key=repo.key(key), when=when)


def sign_again(repo: GitRepo, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Both managers sign the record as it stands, with `disputes sign` and their own keys."""
    for option, who, key in ROLES:
        as_identity(monkeypatch, who, when, repo.key(key))
        code, out = cli(repo, "sign", "PD-2026-0007", "--role", option)
        assert code == 0 and "signature: good" in out, out


def merge(repo: GitRepo, branch: str = "pr") -> None:
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", branch, "-m", f"Merge {branch}", when="2026-03-22T09:00:00Z")


def signed_states(repo: GitRepo) -> list[bool]:
    """Whether `show`, `audit` (text and JSON) call each manager's sign-off good."""
    _, shown = cli(repo, "show", "PD-2026-0007", "--as-of", "2026-04-01")
    _, audited = cli(repo, "audit", "PD-2026-0007", "--format", "json")
    judged = json.loads(audited)["sign_offs"]
    lines = shown.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Sign-off"))
    rows = lines[heading + 2 : heading + 4]  # the challenging agency's manager, the challenged's
    states = ["signed off in git on" in row and "not yet signed" not in row for row in rows]
    roles = ("challenger_manager", "challenged_manager")
    assert states == [judged[role].startswith("signed off in git") for role in roles], (
        shown,
        judged,
    )
    return states


# 1. resolution.stage: 3.0


@pytest.mark.parametrize("stage", [3.0, "3", True, None, [3], 4.5])
def test_a_stage_not_written_as_a_whole_number_needs_sign_off(stage: object) -> None:
    assert needs_sign_off({"status": "resolved", "resolution": {"stage": stage}})


@pytest.mark.parametrize(("stage", "needed"), [(1, False), (2, False), (3, True), (5, True)])
def test_whole_number_stages_keep_their_rule(stage: int, needed: bool) -> None:
    assert needs_sign_off({"status": "resolved", "resolution": {"stage": stage}}) is needed
    assert not needs_sign_off({"status": "open", "resolution": {"stage": stage}})


def test_stage_3_point_0_does_not_switch_the_sign_off_checks_off(repo: GitRepo) -> None:
    """3.0 is no whole number: the record fails the schema (records/schemacheck.py) in the
    gate, in verify and in show, so no manager is shown as signed."""
    text = resolve(repo.read(RECORD), date(2026, 3, 20), 3)
    repo.write(RECORD, text.replace("resolution:\n  stage: 3\n", "resolution:\n  stage: 3.0\n"))
    repo.commit("PD-2026-0007: resolved at stage 3", when="2026-03-20T09:00:00Z")
    whole = "should be a whole number, not '3.0'"
    code, issues = check(repo, "--strict")
    assert code == 1
    assert any(i["path"] == "resolution.stage" and whole in i["message"] for i in issues), issues
    merge(repo)
    code, issues = verify(repo)  # verify's own reading of main names the 3.0 too
    assert code == 1
    assert any(i["path"] == "resolution.stage" and "3.0" in i["message"] for i in issues)
    code, shown = cli(repo, "show", "PD-2026-0007", "--as-of", "2026-04-01")
    assert code == 1 and f"resolution.stage: {whole}" in shown and "signed" not in shown


def test_stage_3_signed_by_both_passes_everywhere(repo: GitRepo) -> None:
    repo.write(RECORD, resolve(repo.read(RECORD), date(2026, 3, 20), 3))
    repo.commit("PD-2026-0007: resolved at stage 3", when="2026-03-20T09:00:00Z")
    sign_both(repo)
    assert check(repo, "--strict") == (0, [])
    merge(repo)
    assert verify(repo, "--strict") == (0, [])
    assert signed_states(repo) == [True, True]


# 2. Keys outside their validity window


def window(repo: GitRepo, options: str) -> None:
    """Both keys listed with `options` on main, committed before the change."""
    repo.git("checkout", "-q", "main")
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("bo")), options=options)
    repo.commit("Keys with a validity window", when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main", when="2026-03-06T10:00:00Z")


def test_an_expired_key_does_not_sign(repo: GitRepo) -> None:
    window(repo, 'valid-before="20260315"')
    resolve_at_4(repo)
    sign_both(repo)  # 21 March: both keys expired on the 15th
    code, issues = check(repo)
    assert code == 1 and both_refused(issues)
    assert (
        "was signed with a key that was not valid then: the key expired at 2026-03-15"
        in issues[0]["message"]
    )


@pytest.mark.parametrize(
    ("options", "when", "words"),
    [
        # dated while the keys were valid, before the resolution (20 March) it signs
        ('valid-before="20260315"', "2026-03-14T09:00:00Z", "before the change it signs"),
        # not yet valid: dated after valid-after, where git (judging at that date) calls it good
        ('valid-after="20990101"', "2099-01-02T09:00:00Z", "in the future"),
    ],
    ids=["expired-key-dated-back", "future-key-dated-forward"],
)
def test_a_key_outside_its_window_does_not_sign_with_its_date_moved(
    repo: GitRepo, options: str, when: str, words: str
) -> None:
    window(repo, options)
    resolve_at_4(repo)
    sign_both(repo, when=when)
    code, issues = check(repo)
    assert code == 1 and both_refused(issues)
    assert words in issues[0]["message"]


def test_a_key_inside_its_window_signs(repo: GitRepo) -> None:
    window(repo, 'valid-after="20260101",valid-before="20270101"')
    resolve_at_4(repo)
    sign_both(repo)
    assert check(repo) == (0, [])


def test_the_window_is_read_from_allowed_signers_itself(repo: GitRepo) -> None:
    """Our own reading of the window, whatever time git gives ssh-keygen (older git none)."""
    key = Path(str(repo.key("ann")) + ".pub").read_text().split()
    text = f'# keys\n{ANN[1]} valid-before="20260315",namespaces="git" {key[0]} {key[1]} c\n'
    printed = subprocess.run(
        ["ssh-keygen", "-lf", str(repo.key("ann")) + ".pub"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[1]
    signers = parse_signers(text)
    assert signers[0].fingerprint == printed and signers[0].line == 2
    late = key_window_problem(signers, ANN[1], printed, "2026-03-21T09:00:00+00:00")
    assert late and "expired at 2026-03-15 00:00 UTC" in late and "line 2" in late
    assert key_window_problem(signers, ANN[1], printed, "2026-03-14T23:59:00+00:00") is None
    assert key_window_problem(signers, BO[1], printed, "2026-03-21T09:00:00+00:00") is None


# 3. No email domains for a signing manager's agency


def test_an_agency_without_email_domains_is_a_configuration_problem(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "main")
    repo.write("schema/agencies.yml", (SCHEMA / "agencies.yml").read_text(encoding="utf-8"))
    repo.commit("Agencies without domains", when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main", when="2026-03-06T10:00:00Z")
    resolve_at_4(repo)
    sign_both(repo)
    code, issues = check(repo)
    assert code == 1 and both_refused(issues)
    config = [i for i in issues if i["file"] == "schema/agencies.yml"]
    assert [i["path"] for i in config] == ["email_domains", "email_domains"]
    assert any(
        "Kent Police has no email domains in schema/agencies.yml" in i["message"]
        and '`"Kent Police": [police.example]`' in i["message"]
        for i in config
    )
    merge(repo)
    code, issues = verify(repo)
    assert code == 1 and {i["file"] for i in issues} == {"schema/agencies.yml", RECORD}
    assert signed_states(repo) == [False, False]


def test_without_signatures_no_domains_are_needed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "register")  # no allowed_signers: sign-offs are only claims
    repo.write(RECORD, fixture_record())
    repo.commit("Open", when="2026-03-06T09:00:00Z")
    resolve_at_4(repo)
    sign_both(repo)
    code, issues = verify(repo)
    assert code == 0 and issues == []


# 4. Look-alike letters in emails


HOMOGLYPH = "\u0430nn.lee@police.example"  # Cyrillic а


def test_a_homoglyph_email_is_refused_in_records_and_as_a_principal(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "main")
    repo.allow((HOMOGLYPH, repo.key("ann")), (BO[1], repo.key("bo")))
    repo.commit("A look-alike principal", when="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main", when="2026-03-06T10:00:00Z")
    resolve_at_4(repo)
    repo.write(RECORD, repo.read(RECORD).replace(ANN[1], HOMOGLYPH))
    repo.commit("Ann's email", when="2026-03-20T10:00:00Z")
    fake = ("Ann Lee", HOMOGLYPH)
    repo.commit(
        sign_off_message(repo, fake, "challenger-manager"),
        who=fake,
        key=repo.key("ann"),
        when=SIGNED,
    )
    repo.commit(
        sign_off_message(repo, BO, "challenged-manager"), who=BO, key=repo.key("bo"), when=SIGNED
    )
    code, issues = check(repo)
    assert code == 1
    assert any(
        "plain ASCII" in i["message"] and i["path"] == "stages[3].challenger_manager.email"
        for i in issues
    )
    code, out = cli(repo, "validate", "--as-of", "2026-04-01")
    assert code == 1 and "stages[3].challenger_manager.email: a work email" in out
    merge(repo)
    code, issues = verify(repo)
    assert code == 1, issues
    assert any(
        i["path"] == "sign_off.challenger_manager" and "U+0430" in i["message"] for i in issues
    ), issues
    assert any(i["file"] == "schema/allowed_signers" for i in issues)


def test_a_homoglyph_principal_is_refused_when_a_change_adds_it(repo: GitRepo) -> None:
    repo.allow((HOMOGLYPH, repo.key("ann")), (BO[1], repo.key("bo")))
    repo.commit("Ann's key", when="2026-03-07T10:00:00Z")
    code, issues = check(repo)
    principal = next(i for i in issues if i["file"] == "schema/allowed_signers")
    assert code == 1 and principal["line"] == 1
    assert "U+0430 CYRILLIC SMALL LETTER A" in principal["message"]
    repo.allow((ANN[1], repo.key("ann2")), (BO[1], repo.key("bo")))  # honest: a new key
    repo.commit("Ann's new key", when="2026-03-07T11:00:00Z")
    code, issues = check(repo)
    assert not [i for i in issues if i["file"] == "schema/allowed_signers"]


# 5. An old signed version restored


def test_a_restored_old_version_needs_new_sign_offs(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_at_4(repo)
    sign_both(repo)  # version 1, signed
    merge(repo)
    first = repo.read(RECORD)
    repo.git("checkout", "-q", "-b", "pr2")
    repo.write(RECORD, first.replace("Police consider", "The police consider"))
    repo.commit("Amend\n\nAmends: PD-2026-0007 wording", when="2026-03-23T09:00:00Z")
    sign_both(repo, when="2026-03-24T09:00:00Z")  # version 2, signed
    merge(repo, "pr2")
    repo.git("checkout", "-q", "-b", "pr3")
    repo.write(RECORD, first)  # version 1 again, exactly
    repo.commit(
        "Restore\n\nAmends: PD-2026-0007 back to the first wording", when="2026-03-25T09:00:00Z"
    )
    code, issues = check(repo)
    assert code == 1 and both_refused(issues)
    assert "a version that comes back needs new sign-offs" in issues[0]["message"]
    merge(repo, "pr3")
    code, issues = verify(repo)
    assert code == 1 and both_refused(issues)
    assert signed_states(repo) == [False, False]
    repo.git("checkout", "-q", "-b", "pr4")
    sign_again(repo, monkeypatch, "2026-03-26T09:00:00Z")  # the honest path
    assert check(repo) == (0, [])
    merge(repo, "pr4")
    assert verify(repo) == (0, [])
    assert signed_states(repo) == [True, True]


def test_a_version_brought_back_by_a_merge_alone_needs_new_sign_offs(repo: GitRepo) -> None:
    resolve_at_4(repo)
    sign_both(repo)  # version 1, signed
    merge(repo)
    signed_main = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "pr2")
    repo.write(RECORD, repo.read(RECORD).replace("Police consider", "The police consider"))
    repo.commit("Amend\n\nAmends: PD-2026-0007 wording", when="2026-03-23T09:00:00Z")
    sign_both(repo, when="2026-03-24T09:00:00Z")  # version 2, signed
    merge(repo, "pr2")
    # A branch from before version 2 takes main in with `-s ours`: version 1 again, and no
    # commit of its own changes the record.
    repo.git("checkout", "-q", "-b", "pr3", signed_main)
    repo.git(
        "merge",
        "-q",
        "-s",
        "ours",
        "main",
        "-m",
        "Merge main\n\nAmends: PD-2026-0007 keep the first wording",
        when="2026-03-25T09:00:00Z",
    )
    code, issues = check(repo)
    assert code == 1 and both_refused(issues)
    merge(repo, "pr3")
    code, issues = verify(repo)
    assert code == 1 and both_refused(issues)
    assert signed_states(repo) == [False, False]


# 6. main rewritten by a force push


def test_verify_notices_a_rewritten_main(repo: GitRepo) -> None:
    resolve_at_4(repo)
    sign_both(repo)
    merge(repo)
    verified = repo.git("rev-parse", "HEAD").strip()
    assert verify(repo, "--since", verified) == (0, [])
    repo.commit("Later work", when="2026-03-23T09:00:00Z")  # honest: main moved on
    assert verify(repo, "--since", verified) == (0, [])
    assert verify(repo, "--since", "") == (0, [])  # the first run: nothing to compare with
    repo.git("reset", "-q", "--hard", "HEAD~2")  # the force push
    repo.commit("Rewritten", when="2026-03-23T09:00:00Z")
    code, issues = verify(repo, "--since", verified)
    assert code == 1
    assert issues[0]["message"].startswith(
        f"main was rewritten: {verified} is no longer in its history"
    )
    code, issues = verify(repo, "--since", "0" * 40)  # gone from the clone altogether
    assert code == 1 and "is no longer in its history" in issues[0]["message"]
    result = CliRunner().invoke(main, ["verify", "--root", str(repo.path), "--since", "main~1"])
    assert result.exit_code == 2 and "'main~1' is not a commit id" in result.output


def test_the_verify_workflow_remembers_the_last_verified_main() -> None:
    workflow = SCHEMA.parent / ".github/workflows/verify.yml"
    if not workflow.is_file():
        pytest.skip("no .github/workflows/verify.yml in this checkout")
    text = workflow.read_text(encoding="utf-8")
    assert "--since" in text and "actions/cache" in text


# 7. GPG signatures


@pytest.fixture
def gnupg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A GPG keyring holding a key whose user id is Ann's email (ultimately trusted)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--quiet",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-gen-key",
            ANN[1],
            "ed25519",
            "sign",
            "never",
        ],
        check=True,
        capture_output=True,
    )
    yield home
    subprocess.run(
        ["gpgconf", "--kill", "gpg-agent"],
        env={**os.environ, "GNUPGHOME": str(home)},
        check=False,
        capture_output=True,
    )


def test_a_gpg_signature_does_not_count(repo: GitRepo, gnupg: Path) -> None:
    resolve_at_4(repo)
    repo.git(
        "-c",
        f"user.signingkey={ANN[1]}",
        "commit",
        "-q",
        "-S",
        "--allow-empty",
        "-m",
        sign_off_message(repo, ANN, "challenger-manager"),
        who=ANN,
        when=SIGNED,
    )
    repo.commit(
        sign_off_message(repo, BO, "challenged-manager"), who=BO, key=repo.key("bo"), when=SIGNED
    )
    assert repo.git("log", "-1", "--format=%G?", "HEAD~1").strip() == "G"
    code, issues = check(repo)
    assert code == 1 and [i["path"] for i in issues] == ["sign_off.challenger_manager"]
    assert "signed with GPG or X.509" in issues[0]["message"]
    assert "gpg.format ssh" in issues[0]["message"]
    _, out = cli(repo, "audit", "PD-2026-0007")
    assert "signature: not-ssh" in out


def test_sign_refuses_what_the_checks_would_not_count(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_at_4(repo)
    as_identity(monkeypatch, ANN, SIGNED)  # no SSH key: git is set to sign with GPG below
    for key, value in (
        ("commit.gpgsign", "true"),
        ("gpg.format", "openpgp"),
        ("user.signingkey", ANN[1]),
    ):
        repo.git("config", key, value)
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "git would sign with GPG" in out
    as_identity(monkeypatch, ANN, SIGNED, repo.key("ann"))  # SSH now
    repo.write("schema/agencies.yml", (SCHEMA / "agencies.yml").read_text(encoding="utf-8"))
    repo.commit("Agencies without domains", when="2026-03-20T10:00:00Z")
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 1 and "Kent Police has no email domains in schema/agencies.yml" in out
    repo.git("checkout", "-q", "HEAD~1", "--", "schema/agencies.yml")
    repo.commit("Domains back", when="2026-03-20T11:00:00Z")
    code, out = cli(repo, "sign", "PD-2026-0007", "--role", "challenger-manager")
    assert code == 0 and "(signature: good by ann.lee@police.example)" in out


# Issue 23: the sign_off block is shown beside the signatures, so changing it needs new ones


@pytest.mark.parametrize(
    "change",
    [
        ("date: 2026-03-20", "date: 2026-03-21"),  # the block's date, changed
        ("designation:", "designation: Director of"),  # a manager's designation, grander
    ],
)
def test_a_change_to_the_sign_off_block_needs_new_sign_offs(
    repo: GitRepo, change: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolve_at_4(repo)
    sign_both(repo)
    merge(repo)
    assert verify(repo) == (0, []) and signed_states(repo) == [True, True]
    repo.git("checkout", "-q", "-b", "pr2")
    text = repo.read(RECORD)
    assert change[0] in text.split("sign_off:", 1)[1], text
    head, block = text.split("sign_off:", 1)
    repo.write(RECORD, head + "sign_off:" + block.replace(*change, 1))
    repo.commit("Amend\n\nAmends: PD-2026-0007 sign-off details", when="2026-03-23T09:00:00Z")
    code, issues = check(repo)
    assert code == 1 and both_refused(issues), issues
    merge(repo, "pr2")
    code, issues = verify(repo)
    assert code == 1 and both_refused(issues), issues
    assert signed_states(repo) == [False, False]
    repo.git("checkout", "-q", "-b", "pr3")
    sign_again(repo, monkeypatch, "2026-03-24T09:00:00Z")  # the block as it now reads
    assert check(repo) == (0, [])
    merge(repo, "pr3")
    assert verify(repo) == (0, [])
    assert signed_states(repo) == [True, True]

"""Issue 22 item 2: a sign-off made through the hosting site counts when the host vouches
for who asked, and only then.

A real repository in tmp_path stands in for the register on the hosting site: a stand-in
host key (ssh-keygen, and a real OpenPGP key in a keyring of the test's own) signs the
commits the request workflow makes, as the site signs what its API re-creates; the managers'
own keys sign beside them. Each attack is performed and refused with a plain message; the
honest paths beside them pass `check` and `verify`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import ANN, BO, RECORD, GitRepo, as_identity, fixture_record, sign_off_message
from test_signoff_attacks import merge, resolve_at_4

from disputes.cli import main
from disputes.edit.signoff import SignError
from disputes.history.attest import short, version_of_text
from disputes.route.signoff import sign_off_request

pytestmark = pytest.mark.usefixtures("isolated_git")

BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
HOST = ("GitHub", "noreply@github.com")
EVE = ("Eve Ward", "eve.ward@police.example")  # a real colleague with an account of her own
SIGNED = "2026-03-21T09:00:00Z"
ACCOUNTS = (
    "# Each manager's account on the hosting site, beside their work email.\n"
    "host:\n"
    f"  request_author: {BOT[0]} <{BOT[1]}>\n"
    f"  request_committer: {HOST[0]} <{HOST[1]}>\n"
    "accounts:\n"
    f"  {ANN[1]}: ann-lee\n"
    f"  {BO[1]}: bo-khan\n"
    f"  {EVE[1]}: eve-ward\n"
)
ANN_ROLE = "challenger-manager"
BO_ROLE = "challenged-manager"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3; the managers' keys, the host's key and the
    accounts listed; the change is on `pr`, where the record is resolved at stage 4."""
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("bo")))
    repo.write("schema/accounts.yml", ACCOUNTS)
    repo.write("schema/host_signers", f"{HOST[1]} {pub(repo.key('host'))}\n")
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    repo.git("checkout", "-q", "-b", "pr")
    resolve_at_4(repo)
    return repo


def pub(key: Path) -> str:
    return Path(f"{key}.pub").read_text(encoding="utf-8").strip()


def cli(repo: GitRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def errors(repo: GitRepo, command: str, *extra: str) -> tuple[int, list[dict[str, str]]]:
    code, out = cli(repo, command, *extra, "--format", "json")
    return code, [i for i in json.loads(out) if i["severity"] == "error"]


def check(repo: GitRepo) -> tuple[int, list[dict[str, str]]]:
    return errors(repo, "check", "--base", "main")


def version(repo: GitRepo) -> str:
    found = version_of_text(repo.git("show", f"HEAD:{RECORD}"))
    assert found is not None
    return found


def request(
    repo: GitRepo,
    monkeypatch: pytest.MonkeyPatch,
    role: str,
    account: str,
    number: int,
    read: str | None = None,
) -> None:
    """The request workflow's step: the sign-off commit made as the workflow's bot."""
    as_identity(monkeypatch, BOT, SIGNED)
    sign_off_request(
        repo.path, "PD-2026-0007", role, read or short(version(repo)), account=account,
        request=number,
    )  # fmt: skip
    for name in ("NAME", "EMAIL", "DATE"):  # git run by the test again acts as it says
        for part in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{part}_{name}")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "0")


def host_signs(
    repo: GitRepo,
    key: Path | None,
    *,
    author: tuple[str, str] = BOT,
    committer: tuple[str, str] = HOST,
    gpg: str | None = None,
) -> str:
    """The hosting site re-creates the latest commit through its API: the same tree, parent
    and message, committed as the site and signed with `key` (SSH) or `gpg` (an OpenPGP
    key's user id); the new commit's hash."""
    sign = (
        ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "-c", "commit.gpgsign=true"]
        if key
        else ["-c", f"user.signingkey={gpg}", "-c", "commit.gpgsign=true"]
        if gpg
        else ["-c", "commit.gpgsign=false"]
    )
    repo.git(
        *sign, "commit", "-q", "--amend", "--no-edit", "--reset-author", "--allow-empty", who=author, when=SIGNED,
        extra_env={"GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1]},
    )  # fmt: skip
    return repo.git("rev-parse", "HEAD").strip()


def forged(repo: GitRepo, who: tuple[str, str], role: str, trailers: str) -> None:
    """A commit made by hand for `who`, unsigned, whose message names the hosting site: as
    the request workflow's author and the site's committer, as the site would record it."""
    repo.git(
        "commit", "-q", "--allow-empty", "-m", sign_off_message(repo, who, role) + "\n" + trailers,
        who=BOT, when=SIGNED,
        extra_env={"GIT_COMMITTER_NAME": HOST[0], "GIT_COMMITTER_EMAIL": HOST[1]},
    )  # fmt: skip


def terminal(repo: GitRepo, who: tuple[str, str], role: str, key: str, when: str = SIGNED) -> None:
    """The manager's own sign-off, signed with their own key, as `disputes sign` makes it."""
    repo.commit(sign_off_message(repo, who, role), who=who, key=repo.key(key), when=when)


def refused(repo: GitRepo) -> str:
    """`check`'s one refusal, of the challenger manager's sign-off, once the challenged
    manager has signed with their own key."""
    terminal(repo, BO, BO_ROLE, "bo")
    code, issues = check(repo)
    assert code == 1
    return only(issues, ANN_ROLE)


def only(issues: list[dict[str, str]], role: str) -> str:
    """The one refusal, for `role`'s sign-off."""
    assert [i["path"] for i in issues] == [f"sign_off.{role.replace('-', '_')}"], issues
    return issues[0]["message"]


# The honest paths


def test_a_record_signed_once_each_way_passes_check_and_verify(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    made = host_signs(repo, repo.key("host"))
    terminal(repo, BO, BO_ROLE, "bo")
    message = repo.git("log", "-1", "--format=%B", made)
    assert "Host-Account: ann-lee\nHost-Request: 41" in message
    assert f"Signed-off-by: {ANN[0]} <{ANN[1]}>" in message
    assert check(repo) == (0, [])
    merge(repo)
    assert errors(repo, "verify") == (0, [])
    _, shown = cli(repo, "show", "PD-2026-0007", "--as-of", "2026-04-01")
    assert "through the hosting site as account ann-lee, request #41" in shown
    assert "with the manager's own key" in shown
    _, audited = cli(repo, "audit", "PD-2026-0007")
    assert "signed off in git on 2026-03-21 through the hosting site as account ann-lee, " in (
        audited
    )
    assert "made through the hosting site as account ann-lee, request #41, signed by" in audited
    judged = json.loads(cli(repo, "audit", "PD-2026-0007", "--format", "json")[1])["sign_offs"]
    assert "with the manager's own key" in judged["challenged_manager"]


def test_both_managers_through_the_site_count_though_one_key_signed_both(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("host"))
    request(repo, monkeypatch, BO_ROLE, "bo-khan", 42)
    host_signs(repo, repo.key("host"))
    assert check(repo) == (0, [])


def test_the_step_makes_the_command_lines_commit_unsigned_with_the_hosts_trailers(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    assert repo.git("log", "-1", "--format=%G?|%an|%s").strip() == (
        f"N|{BOT[0]}|Sign-off PD-2026-0007 as challenger manager"
    )
    trailers = repo.git("log", "-1", "--format=%(trailers:only,unfold)").strip().splitlines()
    assert trailers == [
        "Sign-off: PD-2026-0007 challenger-manager",
        f"Signed-version: {version(repo)}",
        f"Signed-off-by: {ANN[0]} <{ANN[1]}>",
        "Host-Account: ann-lee",
        "Host-Request: 41",
    ]
    assert "no good signature from a host key" in refused(repo)  # the site has not signed it yet


# The step refuses what would not count


def test_the_step_refuses_a_second_request_for_the_same_version(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    with pytest.raises(SignError, match="you already signed version"):
        request(repo, monkeypatch, ANN_ROLE, "ann-lee", 42)


def test_the_step_refuses_a_second_account_posing_as_the_manager(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = repo.git("rev-parse", "HEAD")
    with pytest.raises(SignError, match="the account listed for ann.lee@police.example in "
                       "schema/accounts.yml is ann-lee: only the manager can sign"):  # fmt: skip
        request(repo, monkeypatch, ANN_ROLE, "eve-ward", 43)
    assert repo.git("rev-parse", "HEAD") == before


def test_the_step_refuses_a_version_the_manager_did_not_read(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SignError, match="has changed since you read it: you confirmed version "
                       "0123456789ab"):  # fmt: skip
        request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41, read="0123456789ab")
    with pytest.raises(SignError, match="the 12 letters and digits shown on its page"):
        request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41, read="abc")


# The attacks: each made as a commit, each refused by check (and by verify on main)


def test_a_second_account_posing_as_the_manager_is_refused(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eve's account asks; the host signs what its workflow made for her request."""
    forged(repo, ANN, ANN_ROLE, "Host-Account: eve-ward\nHost-Request: 43")
    host_signs(repo, repo.key("host"))
    terminal(repo, BO, BO_ROLE, "bo")
    code, issues = check(repo)
    assert code == 1
    message = only(issues, ANN_ROLE)
    assert "says it was made through the hosting site as account eve-ward, request #43" in message
    assert (
        "the account listed for ann.lee@police.example in schema/accounts.yml on main is "
        "ann-lee: only the manager's own account can sign for them"
    ) in message
    merge(repo)
    code, issues = errors(repo, "verify")
    assert code == 1 and "is ann-lee" in only(issues, ANN_ROLE)


def test_an_account_trailer_typed_into_an_unsigned_commit_is_refused(repo: GitRepo) -> None:
    forged(repo, ANN, ANN_ROLE, "Host-Account: ann-lee\nHost-Request: 41")
    message = refused(repo)
    assert "no good signature from a host key listed in schema/host_signers" in (message)
    assert "(signature: unsigned)" in message


def test_a_request_naming_two_accounts_is_refused(repo: GitRepo) -> None:
    forged(repo, ANN, ANN_ROLE, "Host-Account: eve-ward\nHost-Account: ann-lee\nHost-Request: 41")
    host_signs(repo, repo.key("host"))
    assert "not exactly one Host-Account and one Host-Request" in refused(repo)


def test_a_web_edit_the_site_signed_is_not_a_request(repo: GitRepo) -> None:
    """Eve edits on the site, typing Ann's trailers: the site signs it, as Eve's edit."""
    forged(repo, ANN, ANN_ROLE, "Host-Account: ann-lee\nHost-Request: 41")
    host_signs(repo, repo.key("host"), author=EVE)
    message = refused(repo)
    assert f"its author is {EVE[0]} <{EVE[1]}>, not the request workflow's" in message
    assert "never an edit on the site" in message


def test_a_commit_as_the_workflow_but_not_committed_by_the_site_is_refused(
    repo: GitRepo,
) -> None:
    forged(repo, ANN, ANN_ROLE, "Host-Account: ann-lee\nHost-Request: 41")
    host_signs(repo, repo.key("host"), committer=BOT)
    assert "its committer is" in refused(repo)


@pytest.mark.parametrize("key", ["eve", "old-host"])
def test_a_commit_signed_by_a_key_not_listed_for_the_host_is_refused(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """Eve's own key, or a key the host no longer uses (never listed), signs the request."""
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key(key))
    message = refused(repo)
    assert "no good signature from a host key listed in schema/host_signers" in message
    assert "(signature: unknown-key (key SHA256:" in message


def test_a_managers_own_key_does_not_stand_in_for_the_host(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("ann"))  # listed in allowed_signers, not as the host's
    assert "no good signature from a host key" in refused(repo)


def test_a_change_that_lists_another_account_beside_the_sign_off_is_refused(
    repo: GitRepo,
) -> None:
    """The change maps Ann's email to Eve's account, then Eve's request signs as Ann."""
    repo.write("schema/accounts.yml", ACCOUNTS.replace("ann-lee", "eve-one"))
    repo.commit("Correct an account", who=EVE, when=SIGNED)
    forged(repo, ANN, ANN_ROLE, "Host-Account: eve-one\nHost-Request: 44")
    host_signs(repo, repo.key("host"))
    terminal(repo, BO, BO_ROLE, "bo")
    code, issues = check(repo)
    found = {i["file"]: i["message"] for i in issues}
    assert "split it in two" in found["schema/accounts.yml"]
    assert (
        "account listed for ann.lee@police.example in schema/accounts.yml on main is ann-lee"
    ) in found[RECORD]


def test_a_change_that_lists_its_own_host_key_beside_the_sign_off_is_refused(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("schema/host_signers", f"{HOST[1]} {pub(repo.key('eve'))}\n")
    repo.commit("Rotate the host key", who=EVE, when=SIGNED)
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("eve"))
    terminal(repo, BO, BO_ROLE, "bo")
    code, issues = check(repo)
    found = {i["file"]: i["message"] for i in issues}
    assert "split it in two" in found["schema/host_signers"]
    assert "no good signature from a host key listed in schema/host_signers" in found[RECORD]


def test_a_host_sign_off_of_an_earlier_version_is_refused(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("host"))
    repo.write(RECORD, repo.read(RECORD).replace("## Agreed outcomes and actions\n",
                                                 "## Agreed outcomes and actions\n\nMore.\n"))  # fmt: skip
    repo.commit("PD-2026-0007: agreed outcome", when="2026-03-22T09:00:00Z")
    terminal(repo, BO, BO_ROLE, "bo", when="2026-03-23T09:00:00Z")
    message = only(check(repo)[1], ANN_ROLE)
    assert "signed an earlier version" in message


def test_without_a_listed_host_key_no_host_sign_off_counts(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.git("checkout", "-q", "main")
    repo.git("rm", "-q", "schema/host_signers")
    repo.commit("No host key", when="2026-03-07T09:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("rebase", "-q", "main")
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("host"))
    message = refused(repo)
    assert "list no host key on main" in message


# OpenPGP: GitHub signs with its web-flow key, an OpenPGP key


@pytest.fixture
def host_gpg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The host's OpenPGP key (ed25519, no passphrase), in a keyring under tmp_path that
    git signs with; its public key exported in the form the site publishes it."""
    home = tmp_path / "gpg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(
        ["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", "",
         "--quick-gen-key", f"{HOST[0]} (web-flow commit signing) <{HOST[1]}>", "ed25519",
         "sign", "never"],
        check=True, capture_output=True,
    )  # fmt: skip
    exported = subprocess.run(
        ["gpg", "--armor", "--export", HOST[1]], check=True, capture_output=True, text=True
    ).stdout
    yield exported
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env={**os.environ, "GNUPGHOME": str(home)},
                   check=False, capture_output=True)  # fmt: skip


def test_a_sign_off_signed_with_the_hosts_openpgp_key_counts(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, host_gpg: str
) -> None:
    repo.git("checkout", "-q", "main")
    repo.write("schema/host_keys.asc", host_gpg)
    repo.commit("The host's OpenPGP key", when="2026-03-07T09:00:00Z")
    repo.git("checkout", "-q", "pr")
    repo.git("rebase", "-q", "main")
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, None, gpg=HOST[1])
    terminal(repo, BO, BO_ROLE, "bo")
    assert check(repo) == (0, [])
    merge(repo)
    assert errors(repo, "verify") == (0, [])


def test_an_openpgp_key_in_the_computers_keyring_is_not_the_registers_list(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, host_gpg: str
) -> None:
    """The key is trusted in the keyring of whoever runs the check, never listed."""
    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, None, gpg=HOST[1])
    assert repo.git("log", "-1", "--format=%G?").strip() == "G"  # the computer trusts it
    assert "no good signature from a host key" in refused(repo)


# The lists themselves: a change to them alone is judged as data


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        (
            "schema/accounts.yml",
            ACCOUNTS.replace("bo-khan", "ann-lee"),
            "one account is one person",
        ),
        ("schema/accounts.yml", ACCOUNTS.replace("request_author:", "author:"), "'host:' names"),
        ("schema/host_signers", "noreply@github.com ssh-ed25519 not-a-key\n", "line 1: the key"),
        ("schema/host_keys.asc", "ssh-ed25519 AAAA\n", "not an OpenPGP public key"),
    ],
)
def test_a_change_to_the_lists_alone_is_checked_as_data(
    repo: GitRepo, path: str, text: str, words: str
) -> None:
    repo.git("checkout", "-q", "-b", "lists", "main")
    repo.write(path, text)
    repo.commit("Lists", when=SIGNED)
    assert words in "".join(i["message"] for i in errors(repo, "verify")[1])
    code, out = cli(repo, "check", "--base", "main", "--format", "json")
    found = json.loads(out)
    assert code == 1 and [(i["file"], i["severity"]) for i in found] == [(path, "error")]
    assert words in found[0]["message"]
    repo.write(path, {"schema/accounts.yml": ACCOUNTS + "  new.one@csc.example: new-one\n"}.get(
        path, f"{HOST[1]} {pub(repo.key('host2'))}\n"
        if path.endswith("signers") else ""))  # fmt: skip
    repo.commit("Lists corrected", when=SIGNED)
    assert cli(repo, "check", "--base", "main", "--format", "json") == (0, "[]\n")


def test_the_record_page_says_which_kind_each_sign_off_is(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from disputes.history.audit import audit_trail
    from disputes.history.hostsign import load_host_trust
    from disputes.history.log import read_history
    from disputes.site.pages.signing import sign_off_verification

    request(repo, monkeypatch, ANN_ROLE, "ann-lee", 41)
    host_signs(repo, repo.key("host"))
    forged(repo, BO, BO_ROLE, "Host-Account: eve-ward\nHost-Request: 43")
    host_signs(repo, repo.key("host"))
    history = read_history(repo.path)
    try:
        entries = audit_trail(RECORD, history, host=load_host_trust(repo.path))
    finally:
        history.close()
    ann, bo = entries[-2:]
    current = version(repo)
    assert sign_off_verification(ann, ANN[1], current, False) == (
        f"Signed in git: commit {ann.hash[:10]}, made through the hosting site as account "
        "ann-lee, request #41, signed by the hosting site's key; attests version "
        f"{short(current)}, the record as it now stands"
    )
    words = sign_off_verification(bo, BO[1], current, False)
    assert words.startswith(
        f"Signed in git: commit {bo.hash[:10]}, says it was made through the hosting site as "
        "account eve-ward, request #43, but does not count (see `disputes audit`)"
    )
    assert "@" not in words
    assert "the account listed for bo.khan@csc.example" in bo.host and not bo.host_counts


def test_the_record_page_shows_the_version_the_form_asks_for(repo: GitRepo) -> None:
    from disputes.records.frontmatter import parse_record_text
    from disputes.records.load import build_record
    from disputes.site.pages.sections import sign_off_section

    text = repo.read(RECORD)
    parsed = parse_record_text(text)
    record = build_record(parsed.data, RECORD, parsed.body)
    page = sign_off_section(record, [], (version(repo), {}), False)
    assert f"This version of the record: <code>{short(version(repo))}</code>" in page
    assert "This version" not in sign_off_section(record, [], (None, {}), False)

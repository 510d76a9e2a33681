"""Sign-offs made through the hosting site: the host vouches for who asked.

A manager without a terminal signs from a form on the hosting site: the request workflow
makes the sign-off commit `disputes sign` would make, with `Host-Account: <login>` and
`Host-Request: <issue number>` (from the event the site sends, which the site vouches for),
and the site signs it with its own key. Such a commit counts only when

- it is signed by a host key the register lists (SSH keys in `schema/host_signers`, in
  allowed-signers format; OpenPGP keys, such as GitHub's web-flow key, in
  `schema/host_keys.asc`), checked against those files alone, never a computer's keyring;
- it was made by the request workflow: authored (and committed) as `host:` in
  `schema/accounts.yml` says, so an ordinary web edit, which the site signs too, or a
  commit that only names an account in its message, does not count;
- its `Host-Account` is the account `schema/accounts.yml` lists for the manager's email
  (on the base branch for `check`, at the revision `verify` reads);

and, like every sign-off, it attests the record's version and comes after the change it
signs (`signoffs`, `placement`).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from disputes.history.git import run_git
from disputes.history.log import Commit
from disputes.history.sigcache import SIGNATURE_STATUS, Signature
from disputes.history.signers import parse_signers
from disputes.records.accounts import ACCOUNTS_FILE, Accounts, accounts_from_text
from disputes.records.config import ConfigError

HOST_SIGNERS = "schema/host_signers"
HOST_KEYS = "schema/host_keys.asc"
HOST_FILES = (ACCOUNTS_FILE, HOST_SIGNERS, HOST_KEYS)
HOST_ACCOUNT = "Host-Account"
HOST_REQUEST = "Host-Request"
# %GF: an OpenPGP key's fingerprint (%GK gives only its id); an SSH key's is in %GK
HOST_FORMAT = "%H%x1f%G?%x1f%GS%x1f%GK%x1f%GF"
# The check's own keyring holds only the listed keys, so each is trusted; it never starts an
# agent or fetches a key from the network.
GPG_CONF = "no-autostart\nno-auto-key-retrieve\ntrust-model always\n"


def through_host(commit: Commit) -> bool:
    """Whether a commit says it was made through the hosting site (either trailer)."""
    return bool(commit.trailer_values(HOST_ACCOUNT) or commit.trailer_values(HOST_REQUEST))


def host_request(commit: Commit) -> tuple[str, str] | None:
    """The commit's one account and one request number, or None if it has not exactly one
    of each (or the request is not a number)."""
    return request_of(commit.trailers)


def request_of(trailers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """`host_request` of a commit's trailers."""
    accounts = [v for k, v in trailers if k.casefold() == HOST_ACCOUNT.casefold()]
    requests = [v for k, v in trailers if k.casefold() == HOST_REQUEST.casefold()]
    if len(accounts) != 1 or len(requests) != 1 or not accounts[0]:
        return None
    number = requests[0].removeprefix("#")
    return (accounts[0], number) if number.isdigit() else None


def host_words(commit: Commit) -> str:
    """ "through the hosting site as account X, request #N", as every command says it."""
    return request_words(commit.trailers)


def request_words(trailers: tuple[tuple[str, str], ...]) -> str:
    """`host_words` of a commit's trailers."""
    claim = request_of(trailers)
    if claim is None:
        return "through the hosting site (its account and request cannot be read)"
    return f"through the hosting site as account {claim[0]}, request #{claim[1]}"


@dataclass
class HostTrust:
    """What the register trusts of its hosting site: the keys it signs with, who its
    request workflow commits as, and each manager's account (read when first needed)."""

    accounts_text: str = ""
    ssh: str = ""  # schema/host_signers
    openpgp: str = ""  # schema/host_keys.asc
    where: str = "this register"
    _accounts: Accounts | None = None
    _checked: dict[str, Signature] = field(default_factory=dict)

    @property
    def keys_listed(self) -> bool:
        return bool(self.ssh.strip() or self.openpgp.strip())

    @property
    def accounts(self) -> Accounts:
        """schema/accounts.yml as data (ConfigError naming the file if it cannot be read)."""
        if self._accounts is None:
            self._accounts = accounts_from_text(
                self.accounts_text, f"{ACCOUNTS_FILE} on {self.where}"
            )
        return self._accounts

    def verify(self, root: Path, commits: Iterable[Commit]) -> None:
        """Check these commits' signatures against the host keys, in one git process."""
        todo = list(dict.fromkeys(c.hash for c in commits if c.hash not in self._checked))
        if todo and self.keys_listed:
            self._checked.update(verify_host_commits(root, todo, self.ssh, self.openpgp))

    def signature(self, root: Path, commit: Commit) -> Signature:
        """The commit's signature as checked against the host keys alone."""
        self.verify(root, [commit])
        return self._checked.get(commit.hash, Signature("unknown-key"))


def host_trust_from_texts(texts: Mapping[str, str | None], where: str) -> HostTrust:
    """The host's trust from its files' texts (as git holds them on `where`)."""
    return HostTrust(
        texts.get(ACCOUNTS_FILE) or "",
        texts.get(HOST_SIGNERS) or "",
        texts.get(HOST_KEYS) or "",
        where,
    )


def load_host_trust(root: Path, where: str = "this register") -> HostTrust:
    """The host's trust from the register's own files."""
    texts: dict[str, str | None] = {}
    for name in HOST_FILES:
        path = root / name
        try:
            texts[name] = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{name} cannot be read ({exc})") from None
    return host_trust_from_texts(texts, where)


def host_file_problem(path: str, text: str | None) -> str | None:
    """What is wrong with one of the host's files as a change leaves it (None: nothing), so
    a configuration change that lists accounts or keys is judged as data."""
    if text is None:
        return None
    if path == ACCOUNTS_FILE:
        try:
            accounts_from_text(text, path)
        except ConfigError as error:
            return str(error).removeprefix(path + ": ")
    elif path == HOST_SIGNERS:
        for signer in parse_signers(text):
            if not signer.fingerprint:
                return (
                    f"line {signer.line}: the key cannot be read; write `principal key-type key`, "
                    "as in schema/allowed_signers (for example `noreply@github.com ssh-ed25519 "
                    "AAAA...`)"
                )
    elif path == HOST_KEYS and text.strip() and "-----BEGIN PGP PUBLIC KEY BLOCK-----" not in text:
        return (
            "this is not an OpenPGP public key in ASCII armour; put the hosting site's key here "
            "exactly as it publishes it (for GitHub, https://github.com/web-flow.gpg)"
        )
    return None


def verify_host_commits(
    root: Path, hashes: list[str], ssh: str, openpgp: str
) -> dict[str, Signature]:
    """Each commit's signature checked against the host keys only: the SSH keys as an
    allowed-signers file, the OpenPGP keys in a keyring of their own made for this check."""
    with tempfile.TemporaryDirectory(prefix="disputes-host-") as folder:
        signers = Path(folder) / "host_signers"
        signers.write_text(ssh, encoding="utf-8")
        home = Path(folder) / "gnupg"
        home.mkdir(mode=0o700)
        (home / "gpg.conf").write_text(GPG_CONF, encoding="utf-8")
        if openpgp.strip():
            _import_keys(home, openpgp)
        output = run_git(
            root,
            "-c", f"gpg.ssh.allowedSignersFile={signers}",
            "-c", "gpg.program=gpg",
            "-c", "gpg.openpgp.program=gpg",
            "-c", "gpg.minTrustLevel=undefined",
            "log", "--no-walk=unsorted", "--stdin", f"--format={HOST_FORMAT}",
            input_text="\n".join(hashes) + "\n",
            extra_env={"GNUPGHOME": str(home)},
        )  # fmt: skip
    found = {}
    for line in output.splitlines():
        sha, code, signer, key, fingerprint = (line.split("\x1f") + [""] * 4)[:5]
        status = SIGNATURE_STATUS.get(code, "unknown-key")
        found[sha] = Signature(
            status, signer, key if key.startswith("SHA256:") else fingerprint or key
        )
    return found


def _import_keys(home: Path, openpgp: str) -> None:
    """Put the listed OpenPGP keys into the check's own keyring (ConfigError if gpg cannot)."""
    try:
        done = subprocess.run(
            ["gpg", "--batch", "--quiet", "--no-autostart", "--import"],
            input=openpgp.encode("utf-8"),
            env={**os.environ, "GNUPGHOME": str(home)},
            capture_output=True,
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        raise ConfigError(
            f"{HOST_KEYS} lists OpenPGP host keys, and GnuPG (gpg) is not installed here, so "
            "no sign-off made through the hosting site can be checked; install GnuPG"
        ) from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{HOST_KEYS}: gpg took over a minute to read the keys") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            "no reason given"
        ]
        raise ConfigError(
            f"{HOST_KEYS}: gpg cannot read these keys ({why[0]}); put the hosting site's "
            "public key there exactly as it publishes it (for GitHub, "
            "https://github.com/web-flow.gpg)"
        )


def host_refusal(trust: HostTrust | None, root: Path, commit: Commit, email: str) -> str | None:
    """Why a sign-off commit made through the hosting site does not count for the manager
    with `email` (None when it does). Placement and version are judged as for any sign-off."""
    sha = commit.hash[:10]
    claim = host_request(commit)
    if claim is None:
        return (
            f"(commit {sha}) names the hosting site but not exactly one {HOST_ACCOUNT} and one "
            f"{HOST_REQUEST} number, as the request workflow writes them: it does not count"
        )
    said = f"(commit {sha}) says it was made {host_words(commit)}"
    if trust is None or not trust.keys_listed:
        return (
            f"{said}, but {HOST_SIGNERS} and {HOST_KEYS} list no host key on "
            f"{trust.where if trust else 'the base branch'}, so the hosting site's signature "
            "cannot be checked and it does not count. The administrator lists the site's key "
            "(see the administrator's guide), or the manager signs with `disputes sign`"
        )
    accounts = trust.accounts
    return (
        _signature_problem(said, trust, root, commit)
        or _identity_problem(said, commit, accounts, trust.where)
        or _account_problem(said, claim[0], email, accounts, trust.where)
    )


def _identity_problem(said: str, commit: Commit, accounts: Accounts, where: str) -> str | None:
    """Not made by the request workflow: a web edit, or any commit that only names an account."""
    if not accounts.request_author:
        return (
            f"{said}, but {ACCOUNTS_FILE} on {where} does not say who the request workflow's "
            "commits are made by (`host: request_author:`), so it does not count"
        )
    wanted = (
        ("author", commit.author_name, commit.author_email, accounts.request_author),
        ("committer", commit.committer_name, commit.committer_email, accounts.request_committer),
    )
    for part, name, got, expected in wanted:
        if expected and got.casefold() != expected:
            return (
                f"{said}, but its {part} is {name} <{got}>, not the request workflow's "
                f"({expected}, `host: request_{part}` in {ACCOUNTS_FILE}): only a commit the "
                "request workflow made counts, never an edit on the site or a commit that "
                "names an account in its message. The manager signs with the 'Sign off' form"
            )
    return None


def _signature_problem(said: str, trust: HostTrust, root: Path, commit: Commit) -> str | None:
    """No good signature from a listed host key, at the commit's date."""
    signature = trust.signature(root, commit)
    if signature.status != "good":
        by = f" (key {signature.key})" if signature.key else ""
        return (
            f"{said}, but it has no good signature from a host key listed in {HOST_SIGNERS} "
            f"or {HOST_KEYS} on {trust.where} (signature: {signature.status}{by}): only a "
            "commit the hosting site signed with its own key counts"
        )
    lines = [s for s in parse_signers(trust.ssh) if s.fingerprint == signature.key]
    try:
        when = datetime.fromisoformat(commit.committer_date)
    except ValueError:
        return f"{said}, but its date '{commit.committer_date}' cannot be read"
    problems = [s.window_problem(when) for s in lines]
    if lines and all(problems):
        return f"{said}, but {problems[0]} ({HOST_SIGNERS} line {lines[0].line})"
    return None


def _account_problem(
    said: str, account: str, email: str, accounts: Accounts, where: str
) -> str | None:
    """The account that asked is not the one listed for the manager."""
    listed = accounts.account_for(email)
    if listed is not None and listed.casefold() == account.casefold():
        return None
    if listed is None:
        return (
            f"{said}, and {ACCOUNTS_FILE} on {where} lists no account for {email}: the "
            "administrator adds the manager's account beside their email, then they sign again"
        )
    return (
        f"{said}, but the account listed for {email} in {ACCOUNTS_FILE} on {where} is "
        f"{listed}: only the manager's own account can sign for them. {listed} signs with the "
        "'Sign off' form"
    )


def host_entry_words(trust: HostTrust | None, root: Path, commit: Commit) -> tuple[str, bool]:
    """A sign-off's host claim in words for its audit entry ("" if it makes none), and whether
    it holds: the host's signature, the request workflow's identity, and the account listed
    for the email its Signed-off-by names (`signoffs` checks that email is the manager's)."""
    if not through_host(commit) or not commit.trailer_values("Sign-off"):
        return "", False  # another step asked for on the site is an ordinary commit
    words = host_words(commit)
    if trust is None or not trust.keys_listed:
        return f"says it was made {words}; no host key is listed to check it", False
    claim = host_request(commit)
    signed_off = [v.rpartition("<")[2].rstrip(">") for v in commit.trailer_values("Signed-off-by")]
    try:
        accounts = trust.accounts
        problem = (
            _signature_problem(words, trust, root, commit)
            or _identity_problem(words, commit, accounts, trust.where)
            or next(
                (
                    p
                    for email in signed_off[:1]
                    if claim
                    and (p := _account_problem(words, claim[0], email, accounts, trust.where))
                ),
                None,
            )
        )
    except ConfigError as error:
        return f"says it was made {words}; {error}", False
    if problem:
        return f"says it was made {problem}", False
    return f"made {words}, signed by the hosting site's key", True

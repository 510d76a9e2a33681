"""The hosting-site route's list of people (`schema/accounts.yml`): each manager's account
on the hosting site beside their work email.

The browser route (issue forms read by a workflow) runs a step for the account that asked
for it; a sign-off made that way counts only when that account is the one listed here for
the manager's email, and people are told what waits for them by mentioning the account.
The file is the partnership's; a change to it is judged by the pull-request gate like any
other configuration. An account is the hosting site's login name (letters, digits and
single hyphens); emails are plain ASCII work emails, matched without regard to case.

`host:` names who the hosting site records as having made the commits of the request
workflow (`request_author`, and `request_committer` when the site signs them as itself):
a sign-off made through the site counts only as such a commit, signed by a host key
(`history/hostsign.py`), so an ordinary web edit, which the site signs too, never does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from disputes.records.config import ConfigError
from disputes.records.domains import email_problem
from disputes.records.yamlsafe import load_config_yaml

ACCOUNTS_FILE = "schema/accounts.yml"
ACCOUNT = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
EXAMPLE = "accounts:\n  dana.example@police.example: dana-example"
HOST_EXAMPLE = (
    "host:\n  request_author: github-actions[bot] "
    "<41898282+github-actions[bot]@users.noreply.github.com>\n"
    "  request_committer: GitHub <noreply@github.com>"
)
IDENTITY = re.compile(r"^(?:[^<>]*<)?([^<>\s@]+@[^<>\s@]+)>?$")


@dataclass(frozen=True)
class Accounts:
    """Work email (casefolded) to hosting-site account, and back."""

    by_email: dict[str, str] = field(default_factory=dict)
    request_author: str = ""  # the email the request workflow's commits are authored as
    request_committer: str = ""  # and committed as ("": any committer)

    def account_for(self, email: str) -> str | None:
        """The account listed for `email`, or None."""
        return self.by_email.get(email.strip().casefold())

    def email_for(self, account: str) -> str | None:
        """The email listed for `account` (accounts compare without regard to case)."""
        wanted = account.strip().casefold()
        for email, listed in self.by_email.items():
            if listed.casefold() == wanted:
                return email
        return None


def accounts_from_text(text: str, where: str = ACCOUNTS_FILE) -> Accounts:
    """The accounts listed in the text of an accounts.yml (a file or a git blob);
    ConfigError naming `where` and the entry when it cannot be read."""
    try:
        data = load_config_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: cannot be read ({exc})") from None
    found = data.get("accounts") if isinstance(data, dict) else None
    author, committer = _host(data.get("host") if isinstance(data, dict) else None, where)
    if found is None:
        return Accounts({}, author, committer)
    if not isinstance(found, dict):
        raise ConfigError(
            f"{where}: 'accounts:' must map each manager's work email to their account, "
            f"for example:\n{EXAMPLE}"
        )
    by_email: dict[str, str] = {}
    seen: dict[str, str] = {}
    for email, account in found.items():
        if not isinstance(email, str) or not isinstance(account, str):
            raise ConfigError(f"{where}: 'accounts:' entry {email!r}: write `email: account`")
        problem = email_problem(email.strip())
        if problem:
            raise ConfigError(f"{where}: 'accounts:' entry {email!r}: {problem}")
        if not ACCOUNT.match(account.strip()):
            raise ConfigError(
                f"{where}: 'accounts:' entry {email!r}: {account!r} is not an account name "
                "(letters, digits and single hyphens, as the hosting site shows it)"
            )
        key, login = email.strip().casefold(), account.strip()
        if key in by_email:
            raise ConfigError(f"{where}: {email!r} is listed twice; keep one entry")
        if login.casefold() in seen:
            raise ConfigError(
                f"{where}: the account {login!r} is listed for both {seen[login.casefold()]!r} "
                f"and {email!r}; one account is one person"
            )
        by_email[key] = login
        seen[login.casefold()] = email
    return Accounts(by_email, author, committer)


def _host(found: object, where: str) -> tuple[str, str]:
    """The request workflow's author and committer emails from `host:` ("" when not given)."""
    if found is None:
        return "", ""
    if not isinstance(found, dict) or set(found) - {"request_author", "request_committer"}:
        raise ConfigError(
            f"{where}: 'host:' names who the request workflow's commits are made by, with "
            f"`request_author:` and `request_committer:`, for example:\n{HOST_EXAMPLE}"
        )
    emails = []
    for key in ("request_author", "request_committer"):
        value = found.get(key)
        match = IDENTITY.match(value.strip()) if isinstance(value, str) else None
        if value is not None and (match is None or email_problem(match.group(1))):
            raise ConfigError(
                f"{where}: 'host: {key}' {value!r} is not an identity git records, "
                "`Name <email>` or an email, for example:\n" + HOST_EXAMPLE
            )
        emails.append(match.group(1).casefold() if match else "")
    return emails[0], emails[1]


def load_accounts(root: Path) -> Accounts:
    """The register's accounts (none when the file is absent)."""
    path = root / ACCOUNTS_FILE
    if not path.is_file():
        return Accounts()
    try:
        return accounts_from_text(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{ACCOUNTS_FILE}: cannot be read ({exc.strerror})") from None

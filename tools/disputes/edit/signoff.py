"""A manager's sign-off of the stage 3+ form: a commit carrying `Signed-off-by:`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disputes.edit.roundtrip import find_record, record_data
from disputes.history import (
    Commit,
    Signature,
    commit_record,
    git_config,
    signing_configured,
    staged_paths,
)
from disputes.records.config import relative
from disputes.records.stagemodel import signing_managers

ROLES = {"challenger-manager": "challenger_manager", "challenged-manager": "challenged_manager"}
ROLE_WORDS = {
    "challenger-manager": "challenger manager",
    "challenged-manager": "challenged manager",
}
SIGNING_HELP = (
    "set up commit signing first, for example with an SSH key: "
    "`git config gpg.format ssh`, `git config user.signingkey ~/.ssh/id_ed25519.pub` and "
    "ask the register's maintainers to add your key to schema/allowed_signers"
)


class SignError(Exception):
    """The sign-off cannot be made (the message says why and what to do)."""


def signing_manager(data: dict[str, Any], record_id: str, role: str) -> dict[str, Any]:
    """The manager who signs for this role: named at the stage it was resolved at.

    `records.stagemodel.signing_managers` is the one rule (the stage resolved at, else the
    highest stage naming managers), shared with validation and the CI gate.
    """
    manager = dict(signing_managers(data).get(ROLES[role]) or {})
    if not manager.get("email"):
        raise SignError(
            f"{record_id} names no {ROLE_WORDS[role]} with an email at any stage, so nobody can "
            f"sign off as that role; name both managers of the stage it was resolved at: "
            f"disputes amend {record_id} --reason 'managers' --stage N "
            f"--{role}-name ... --{role}-email ..."
        )
    return manager


stage3_manager = signing_manager  # the former name, for callers not yet renamed


def check_signer(manager: dict[str, Any], role: str, name: str, email: str) -> None:
    """Refuse unless the git identity is the manager named in the record."""
    if not email:
        raise SignError(
            'git does not know who you are: run `git config user.name "Your Name"` and '
            "`git config user.email you@agency.example` with your work email"
        )
    if email.casefold() != str(manager["email"]).casefold():
        raise SignError(
            f"your git identity is {name} <{email}>, but the {ROLE_WORDS[role]} who signs "
            f"is {manager.get('name')} <{manager['email']}>. Only they can sign off as "
            f"{ROLE_WORDS[role]}: run this on their own computer, or correct the email in the "
            "record if it is wrong"
        )


def sign_off_message(
    record_id: str, role: str, manager: dict[str, Any], name: str, email: str
) -> str:
    """The commit message: record and role in the subject, the trailers at the end."""
    return (
        f"Sign-off {record_id} as {ROLE_WORDS[role]}\n\n"
        f"{manager.get('name')} ({manager.get('designation')}, {manager.get('agency')}) "
        f"signs off the form for {record_id} as the {ROLE_WORDS[role]}.\n\n"
        f"Sign-off: {record_id} {role}\n"
        f"Signed-off-by: {name} <{email}>\n"
    )


def sign_record(
    root: Path, record_id: str, role: str, *, require_signature: bool
) -> tuple[Commit, Signature]:
    """Check the signer against the record, then make the sign-off commit."""
    path = find_record(root, record_id)
    file = relative(path, root)
    manager = signing_manager(record_data(path.read_text(encoding="utf-8-sig")), record_id, role)
    name, email = git_config(root, "user.name"), git_config(root, "user.email")
    check_signer(manager, role, name, email)
    sign = signing_configured(root)
    if require_signature and not sign:
        raise SignError(f"--require-signature: git is not set up to sign commits; {SIGNING_HELP}")
    others = [p for p in staged_paths(root) if p != file]
    if others:
        raise SignError(
            f"other changes are staged ({', '.join(others)}); a sign-off commit carries only the "
            "record. Commit or unstage them (`git restore --staged FILE`) first"
        )
    return commit_record(
        root, file, sign_off_message(record_id, role, manager, name, email), sign=sign
    )

"""The 'Sign off' form's step: a manager signs a record off from a browser.

The request workflow calls `sign_off_request` with the form's answers and the account the
hosting site says sent the request (the event's `sender.login`) and its number. It makes the
commit `disputes sign` makes, by the same function (`edit.signoff.commit_sign_off`), but
unsigned and with `Host-Account:` and `Host-Request:`; the workflow then has the site
re-create that commit through its API, which the site signs with its own key. Such a commit
counts when `history.hostsign`'s rules hold: the site's key, the request workflow's
identity, and the account schema/accounts.yml lists for the manager.

The manager confirms the version of the record they read (the 12 characters the record's
page shows): if the record changed since, nothing is signed.
"""

from __future__ import annotations

import re
from pathlib import Path

from disputes.edit.lock import register_lock
from disputes.edit.signoff import (
    ROLES,
    HostRequest,
    SignError,
    Signing,
    commit_sign_off,
    prepare_sign_off,
)
from disputes.history import Commit
from disputes.history.attest import PREFIX, short
from disputes.history.workdir import Identity
from disputes.records.accounts import ACCOUNTS_FILE, load_accounts
from disputes.route.questions import CHOICE, CONFIRM, Question, Step, record_id

SHORTEST = 12  # hex digits of the version, as the record's page shows it
_HEX = re.compile(r"^[0-9a-f]+$")

SIGN_OFF = Step(
    "sign",
    "Sign off a record",
    "Sign off a resolved record as one of its two managers, from your own account.",
    (
        record_id("sign off"),
        Question(
            "role", "You sign as", CHOICE,
            "challenger-manager: the manager of the agency that raised the dispute. "
            "challenged-manager: the manager of the agency whose decision was challenged.",
            required=True, choices=tuple(ROLES),
        ),
        Question(
            "version", "The version of the record you read",
            help="The 12 letters and digits under 'Sign-off' on the record's page; the link "
            "there fills it in. If the record changes after you read it, nothing is signed.",
            required=True,
        ),
        Question(
            "confirm", "Your sign-off", CONFIRM,
            "I have read the record as it stands, and I sign it off as the manager it names "
            "for this role.",
            required=True,
        ),
    ),
    intro="Only the manager the record names for the role can sign, from the account the "
    "register lists beside their work email. The hosting site signs the sign-off for you, "
    "and the business unit merges it; the record's page then shows it as made through the "
    "hosting site as your account.",
)  # fmt: skip


def sign_off_request(
    root: Path, record_id: str, role: str, version: str, *, account: str, request: int
) -> Commit:
    """Make the unsigned sign-off commit of `record_id` as `role` ('challenger-manager' or
    'challenged-manager') for the manager whose listed account is `account`, at the version
    they confirmed (`version`: at least its first 12 hex digits); SignError saying why not."""
    wanted = role.strip().replace("_", "-").casefold()
    if wanted not in ROLES:
        raise SignError(
            f"the role {role!r} is not one a manager signs as: choose challenger-manager "
            "(the challenging agency's manager) or challenged-manager"
        )
    with register_lock(root):
        signing = prepare_sign_off(root, record_id, wanted)
        email = str(signing.manager["email"])
        _account_is_the_managers(root, signing, email, account)
        _version_read(signing, version)
        who = Identity(str(signing.manager.get("name") or email), email)
        commit, _ = commit_sign_off(
            root, signing, who, sign=False, host=HostRequest(account, request)
        )
    return commit


def _account_is_the_managers(root: Path, signing: Signing, email: str, account: str) -> None:
    """Only the account listed for the manager's email may sign as them."""
    listed = load_accounts(root).account_for(email)
    words = f"the {signing.role.replace('-', ' ')} of {signing.record_id}"
    if listed is None:
        raise SignError(
            f"{ACCOUNTS_FILE} lists no account for {email}, {words}, so nobody can sign for "
            "them from the hosting site. Ask the business unit to add their account beside "
            "their email; or they sign with `disputes sign` and their own key"
        )
    if listed.casefold() != account.strip().casefold():
        raise SignError(
            f"the account {account} asked to sign off {signing.record_id} as {words}, but "
            f"the account listed for {email} in {ACCOUNTS_FILE} is {listed}: only the "
            "manager can sign for themselves, from their own account. Nothing was signed"
        )


def _version_read(signing: Signing, answer: str) -> None:
    """The manager signs the version they read: refused if the record changed since."""
    current = signing.version
    given = answer.strip().casefold().removeprefix(PREFIX)
    if len(given) < SHORTEST or not _HEX.match(given):
        raise SignError(
            f"the version of {signing.record_id} you read is the {SHORTEST} letters and digits "
            f"shown on its page under 'Sign-off' (now {short(current)}); copy it into the form"
        )
    if not current.removeprefix(PREFIX).startswith(given):
        raise SignError(
            f"{signing.record_id} has changed since you read it: you confirmed version "
            f"{given[:SHORTEST]}, and it is now version {short(current)}. Read the record "
            "again on its page, then send the form again with the version shown there. "
            "Nothing was signed"
        )

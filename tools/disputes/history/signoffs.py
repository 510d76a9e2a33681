"""Both managers signed this version: the sign-off rules `check` and `verify` share.

A sign-off counts when it is a commit made by the manager the record names, carrying
`Sign-off: <id> <role>`, their `Signed-off-by:` and `Signed-version:` equal to the
record's version as it now stands; when signatures are required (the register has
schema/allowed_signers), it must also carry a good signature whose key the
allowed-signers file gives to that manager's email, an SSH key (never GPG or X.509: the
computer's keyring is not the register's list) valid at the commit's date, with each
manager's agency's email domains listed. The managers are two people (two plain-ASCII
emails, two keys, each in their agency's domain). A sign-off counts only after the change
it signs (`placement`): a restored old version needs new sign-offs; paper ones, `paper`.
A sign-off made through the hosting site (`Host-Account:`, `Host-Request:`) is signed by
the site instead, and counts by the rules of `hostsign`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from disputes.history.attest import LEGACY, attested_version, short, sign_off_block, version_of
from disputes.history.hostsign import host_refusal, through_host
from disputes.history.log import Commit, History, Signature
from disputes.history.paper import is_paper, paper_problems
from disputes.history.placement import Rules, placement_problem, producing_commit
from disputes.history.sigcache import NOT_SSH
from disputes.history.signers import key_window_problem
from disputes.records.config import AGENCIES_FILE
from disputes.records.domains import domain_problem, email_problem, unlisted_domains
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue, Severity
from disputes.records.stagemodel import signing_managers

ROLE_WORDS = {
    "challenger_manager": "challenger manager",
    "challenged_manager": "challenged manager",
}


def managers(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The two managers who sign the record, by role ({} for a role nobody is named for).

    The rule is `records.stagemodel.signing_managers`: the managers named at the stage
    the dispute was resolved at, else at the highest stage that names managers.
    """
    found = signing_managers(data)
    return {role: dict(found.get(role) or {}) for role in ROLE_WORDS}


def resolved_stage(data: dict[str, Any]) -> Any:
    """`resolution.stage` as written (None when the record has no resolution)."""
    resolution = data.get("resolution")
    return resolution.get("stage") if isinstance(resolution, dict) else None


def clean_stage(stage: Any) -> bool:
    """Whether a stage is a whole number as the schema writes it: 3, not 3.0, "3" or true."""
    return type(stage) is int


def needs_sign_off(data: dict[str, Any]) -> bool:
    """Whether the record must be signed off: resolved at stage 3 or later.

    Only a whole number below 3 lets a resolved record off. A stage the rule cannot read
    as one (3.0, "3", true, none at all) needs sign-off, so it never switches the checks off.
    """
    stage = resolved_stage(data)
    return data.get("status") == "resolved" and not (clean_stage(stage) and stage < 3)


@dataclass(frozen=True)
class SignOff:
    """A commit claiming to sign off a record as one role."""

    commit: Commit
    role: str  # challenger_manager | challenged_manager
    version: str | None  # None: made before sign-offs named a version

    @property
    def through_host(self) -> bool:
        """Made through the hosting site: its account trailers, its signature (`hostsign`)."""
        return through_host(self.commit)

    def by(self, email: str) -> bool:
        """Made by `email` (as author; through the host, by the request workflow for them)
        with their own Signed-off-by."""
        mine = f"<{email.casefold()}>"
        return (
            self.through_host or self.commit.author_email.casefold() == email.casefold()
        ) and any(mine in v.casefold() for v in self.commit.trailer_values("Signed-off-by"))


def sign_offs(record_id: str, commits: list[Commit]) -> list[SignOff]:
    """Every commit's `Sign-off: <record_id> <role>` claims, oldest first."""
    found = []
    for commit in commits:
        for value in commit.trailer_values("Sign-off"):
            parts = value.split()
            role = parts[1].replace("-", "_") if len(parts) > 1 else ""
            if parts and parts[0] == record_id and role in ROLE_WORDS:
                found.append(SignOff(commit, role, attested_version(commit.trailers)))
    return found


@dataclass
class _Record:
    """One record's sign-off facts while it is checked."""

    file: str
    parsed: Parsed
    history: History
    rules: Rules
    version: str = ""
    blob: str | None = None  # the record's blob as committed, when the caller knows it
    issues: list[Issue] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.parsed.data.get("id", self.file))

    def add(self, role: str, message: str, severity: Severity = "error") -> None:
        key = ("sign_off", role) if role else ("sign_off",)
        path = f"sign_off.{role}" if role else "sign_off"
        self.issues.append(Issue(self.file, self.parsed.line_of(key), path, message, severity))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def signature(self, claim: SignOff) -> Signature:
        return self.history.signature(claim.commit)

    @cached_property
    def made(self) -> Commit | None:
        """The commit that made the record's current version (see `placement`)."""
        return producing_commit(
            self.history, self.file, self.version, self.blob, sign_off_block(self.parsed)
        )


def sign_off_problems(
    file: str, parsed: Parsed, history: History, rules: Rules, blob: str | None = None
) -> list[Issue]:
    """Every reason the record is not signed off by both its managers at its current version
    (`blob`: the record's blob as committed, if known)."""
    return judge(file, parsed, history, rules, blob)[0]


Chosen = dict[str, SignOff | None]


def judge(
    file: str, parsed: Parsed, history: History, rules: Rules, blob: str | None = None
) -> tuple[list[Issue], Chosen]:
    """The record's sign-off problems, and each role's sign-off that counts (None: none)."""
    if not needs_sign_off(parsed.data):
        return [], {}
    if is_paper(parsed.data):  # a paper or unrecorded sign-off: see history/paper.py
        return paper_problems(file, parsed, history, rules.signatures, rules.notes), {}
    record = _Record(file, parsed, history, rules, version_of(parsed), blob)
    people = managers(parsed.data)
    if not _people_ok(record, people):
        return _unclean_stage(record), dict.fromkeys(ROLE_WORDS)
    claims = sign_offs(record.id, history.commits_for(file))
    if rules.signatures:
        history.verify(c.commit for c in claims if not c.through_host)
    if rules.host is not None:
        rules.host.verify(history.root, (c.commit for c in claims if c.through_host))
    chosen = {role: _accepted(record, role, people[role], claims) for role in ROLE_WORDS}
    keys = {  # the host signs for every manager: its sign-offs are told apart by account
        role: record.signature(c).key
        for role, c in chosen.items()
        if c is not None and rules.signatures and not c.through_host
    }
    if len(keys) == 2 and len(set(keys.values())) == 1:
        record.add(
            "challenged_manager",
            (
                f"both sign-offs of {record.id} were signed with the same key ({keys['challenger_manager']}); "
                "each manager signs with their own key. Ask the administrator to check "
                "schema/allowed_signers, then the challenged manager signs again with their own key"
            ),
        )
    if (
        not rules.signatures
        and all(chosen.values())
        and not all(c.through_host for c in chosen.values() if c)
    ):
        record.add(
            "",
            (
                f"the sign-offs of {record.id} are not checked cryptographically: there is no "
                f"schema/allowed_signers on {rules.where}, so a Signed-off-by line is only a claim "
                "anyone could type. The administrator adds each manager's public key to "
                "schema/allowed_signers (see the administrator's guide)"
            ),
            "warning",
        )
    return _unclean_stage(record), chosen


def _unclean_stage(record: _Record) -> list[Issue]:
    """The record's issues, and its resolution stage if it is not a whole number."""
    stage = resolved_stage(record.parsed.data)
    if clean_stage(stage):
        return record.issues
    return [
        *record.issues,
        Issue(
            record.file,
            record.parsed.line_of(("resolution", "stage")),
            "resolution.stage",
            (
                f"resolution.stage is {json.dumps(stage, default=str)}: a stage is a whole number "
                'such as 3 (not 3.0, "3" or true). Until it is written as one, the record counts '
                "as resolved at stage 3 or later and needs both managers' sign-off"
            ),
        ),
    ]


def _people_ok(record: _Record, people: dict[str, dict[str, Any]]) -> bool:
    """Both managers named with an email, two different people, each in their agency's domain."""
    emails = {role: str(p.get("email") or "") for role, p in people.items()}
    for role, email in emails.items():
        if not email:
            # An error, not a warning: else a record resolved at stage 4 or 5 without
            # managers passed the gate unsigned (issue 12).
            record.add(
                role,
                (
                    f"no {ROLE_WORDS[role]} with an email is named at the stage it was resolved at "
                    "(nor at any stage before it), so nobody has signed it off; name both managers "
                    f"with `disputes amend {record.id} --stage N --reason ...`, then they sign"
                ),
            )
        elif problem := email_problem(email) or domain_problem(
            email, str(people[role].get("agency") or ""), record.rules.domains
        ):
            record.add(role, f"the {ROLE_WORDS[role]}: {problem}")
        else:
            _domains_listed(record, role, str(people[role].get("agency") or ""), email)
    a, b = emails.values()
    if a and a.casefold() == b.casefold():
        record.add(
            "challenged_manager",
            (
                f"both managers of {record.id} have the email {a}; the two sign-offs must come from "
                "two different people, one from each agency: correct the managers' emails"
            ),
        )
    return all(emails.values()) and not record.errors


def _domains_listed(record: _Record, role: str, agency: str, email: str) -> None:
    """Once signatures are checked, the manager's agency must list its email domains: else
    anyone whose key is listed could sign for it. A problem of schema/agencies.yml."""
    if not record.rules.signatures or record.rules.domains.get(agency):
        return
    record.issues.append(unlisted_domains(agency, email, record.rules.where))
    record.add(
        role,
        (
            f"the {ROLE_WORDS[role]} ({email}) cannot sign for {agency} until {AGENCIES_FILE} lists "
            "its email domains (see the problem reported for that file)"
        ),
    )


def _accepted(
    record: _Record, role: str, person: dict[str, Any], claims: list[SignOff]
) -> SignOff | None:
    """The manager's latest sign-off that counts, or None after saying what is wrong."""
    email = str(person["email"])
    mine = [c for c in claims if c.role == role and c.by(email)]
    refused = {
        c.commit.hash: _refusal(record, c, email) for c in mine if c.version == record.version
    }
    good = [c for c in mine if c.commit.hash in refused and refused[c.commit.hash] is None]
    if good:
        return good[-1]
    record.add(role, _why_not(record, role, email, mine, claims, refused), _severity(record, mine))
    return None


def _refusal(record: _Record, claim: SignOff, email: str) -> str | None:
    """Why a sign-off of the current version does not count (None when it does)."""
    if claim.through_host:
        problem = host_refusal(record.rules.host, record.history.root, claim.commit, email)
        if problem:
            return problem
    elif record.rules.signatures:
        signature = record.signature(claim)
        # before the status: git calls a key outside its window unknown, which says less
        if problem := key_window_problem(
            record.rules.signers, email, signature.key, claim.commit.committer_date
        ):
            return (
                f"(commit {claim.commit.hash[:10]}) was signed with a key that was not "
                f"valid then: {problem}. Ask the administrator for a current key's line "
                "in schema/allowed_signers"
            )
        if signature.status != "good" or signature.signer.casefold() != email.casefold():
            return _signature_words(record, claim, email)
    return placement_problem(record.history, claim.commit, record.made, record.rules.today)


def _severity(record: _Record, mine: list[SignOff]) -> Severity:
    """Legacy sign-offs on main are a warning for verify; everything else is an error."""
    legacy_only = bool(mine) and all(c.version is None for c in mine)
    return "warning" if legacy_only and record.rules.legacy_ok else "error"


def _why_not(
    record: _Record,
    role: str,
    email: str,
    mine: list[SignOff],
    claims: list[SignOff],
    refused: dict[str, str | None],
) -> str:
    """What is wrong with the manager's sign-offs, and what to do."""
    words = ROLE_WORDS[role]
    again = f"They run: disputes sign {record.id} --role {role.replace('_', '-')}"
    current = [c for c in mine if c.version == record.version]
    if current:
        return f"the {words}'s sign-off of {record.id} {refused[current[-1].commit.hash]}. {again}"
    attested = [c for c in mine if c.version is not None]
    if attested:
        last = attested[-1].commit
        return (
            f"the {words} ({email}) signed an earlier version of {record.id} (commit "
            f"{last.hash[:10]}, version {short(attested[-1].version)}); the record has changed "
            f"since (now version {short(record.version)}), so both managers must sign it again. {again}"
        )
    if mine:
        return (
            f"the {words}'s sign-off of {record.id} (commit {mine[-1].commit.hash[:10]}) is "
            f"{LEGACY}: it was made before sign-offs named the version they sign, so it cannot "
            f"show what was signed. {again}"
        )
    return _missing(record, role, email, claims) + f" {again}"


def _signature_words(record: _Record, claim: SignOff, email: str) -> str:
    """Why a sign-off at the right version has no acceptable signature."""
    signature = record.signature(claim)
    commit = claim.commit
    if signature.status == NOT_SSH:
        return (
            f"(commit {commit.hash[:10]}) was signed with GPG or X.509 (key {signature.key}), "
            "which git checks against this computer's keyring, not the register's list: "
            "only an SSH key listed in schema/allowed_signers counts. Set git to sign with "
            "SSH (`git config gpg.format ssh`, `git config user.signingkey "
            "~/.ssh/id_ed25519.pub`), ask the administrator to list the key, and sign again"
        )
    if signature.status == "good":
        what = f"was signed with the key of {signature.signer or 'someone else'}, not {email}'s"
    else:
        what = f"has no good signature from their key in schema/allowed_signers on {record.rules.where} (signature: {signature.status})"
    if (
        commit.committer_email.casefold() != commit.author_email.casefold()
        and signature.status == "unsigned"
    ):
        what += (
            f"; commit {commit.hash[:10]} was re-made by {commit.committer_name} "
            f"<{commit.committer_email}>, as a rebase merge does, which drops signatures"
        )
    return what


def _missing(record: _Record, role: str, email: str, claims: list[SignOff]) -> str:
    """No sign-off by the manager: name any commit that claims one on their behalf."""
    words = ROLE_WORDS[role]
    text = f"no sign-off by the {words} ({email}) for {record.id} as it now stands"
    line = f"Sign-off: {record.id} {role.replace('_', '-')}"
    others = [c.commit for c in claims if c.role == role] + [
        c
        for c in record.history.commits_for(record.file)
        if any(text.strip() == line for text in c.body.splitlines())
    ]
    if others:
        other = max(others, key=lambda c: c.committer_date)
        text += (
            f"; commit {other.hash[:10]} ('{other.subject}') claims it but was made by "
            f"{other.author_name} <{other.author_email}>, not by the manager: a sign-off counts "
            "only as the manager's own commit. A squash merge replaces those commits like "
            "this; merge pull requests with 'Create a merge commit'"
        )
    return text + "."

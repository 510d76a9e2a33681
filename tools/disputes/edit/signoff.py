"""A manager's sign-off of one exact version of a resolved record: a commit of their own.

The commit carries `Sign-off: <id> <role>`, `Signed-version: <digest>` (the version
it attests, see history/attest.py) and `Signed-off-by:`. The identity is the one git
will put on the commit (`git var`), so GIT_AUTHOR_*/GIT_COMMITTER_* settings count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disputes.edit.lock import register_lock
from disputes.errors import DisputesError
from disputes.history import (
    ALLOWED_SIGNERS,
    Commit,
    Signature,
    commit_record,
    file_at,
    git_config,
    signing_configured,
    staged_paths,
)
from disputes.history.attest import (
    VERSION_TRAILER,
    agreed_outcome,
    is_written,
    short,
    version_of,
)
from disputes.history.hostsign import HOST_ACCOUNT, HOST_REQUEST
from disputes.history.placement import descends, producing_commit
from disputes.history.signoffs import managers, needs_sign_off, sign_offs
from disputes.history.trail import read_record_history
from disputes.history.workdir import Identity, has_uncommitted_change, next_identity
from disputes.records.config import relative
from disputes.records.domains import (
    Domains,
    domain_problem,
    email_problem,
    load_email_domains,
    unlisted_domains,
)
from disputes.records.find import find_record
from disputes.records.frontmatter import FileProblem, Parsed, parse_record_text

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


class SignError(DisputesError):
    """The sign-off cannot be made (the message says why and what to do)."""


def manager_for(
    data: dict[str, Any], record_id: str, role: str, domains: Domains
) -> dict[str, Any]:
    """The manager who signs as this role; refused unless the two are distinct, valid people."""
    people = managers(data)
    manager = people[ROLES[role]]
    if not manager.get("email"):
        raise SignError(
            f"{record_id} names no {ROLE_WORDS[role]} with an email at the stage it was resolved "
            "at (nor at any stage before it), so nobody can sign off as that role; name both "
            f"managers of that stage: disputes amend {record_id} --reason 'managers named' "
            "--stage N --challenger-manager-name ... (and the other manager's options)"
        )
    other = str(next(p for r, p in people.items() if r != ROLES[role]).get("email") or "")
    if other.casefold() == str(manager["email"]).casefold():
        raise SignError(
            f"both managers of {record_id} have the email {other}; the two sign-offs must come "
            "from two different people: correct the managers' emails first"
        )
    email, agency = str(manager["email"]), str(manager.get("agency") or "")
    problem = email_problem(email) or domain_problem(email, agency, domains)
    if problem:
        raise SignError(f"the {ROLE_WORDS[role]} of {record_id}: {problem}")
    return manager


def check_signer(
    manager: dict[str, Any], role: str, author: Identity | None, committer: Identity | None
) -> Identity:
    """Refuse unless git will record the commit as made by the manager named in the record."""
    if author is None or committer is None or not author.email:
        raise SignError(
            'git does not know who you are: run `git config user.name "Your Name"` and '
            "`git config user.email you@agency.example` with your work email"
        )
    wanted = str(manager["email"]).casefold()
    for part, who in (("author", author), ("committer", committer)):
        if who.email.casefold() != wanted:
            raise SignError(
                f"git would record the commit's {part} as {who.name} <{who.email}>, but the "
                f"{ROLE_WORDS[role]} who signs is {manager.get('name')} "
                f"<{manager['email']}>. Only they can sign off as {ROLE_WORDS[role]}: run this "
                "on their own computer (check `git config user.email` and any GIT_AUTHOR_EMAIL "
                "or GIT_COMMITTER_EMAIL setting), or correct the email in the record if it is wrong"
            )
    return author


def sign_off_message(
    record_id: str,
    role: str,
    manager: dict[str, Any],
    who: Identity,
    version: str,
    host: HostRequest | None = None,
) -> str:
    """The commit message: record and role in the subject, the trailers at the end (with
    the account and request a sign-off through the hosting site was made for)."""
    through = f"{HOST_ACCOUNT}: {host.account}\n{HOST_REQUEST}: {host.request}\n" if host else ""
    return (
        f"Sign-off {record_id} as {ROLE_WORDS[role]}\n\n"
        f"{manager.get('name')} ({manager.get('designation')}, {manager.get('agency')}) "
        f"signs off the form for {record_id} as the {ROLE_WORDS[role]}, at version "
        f"{short(version)}.\n\n"
        f"Sign-off: {record_id} {role}\n"
        f"{VERSION_TRAILER}: {version}\n"
        f"Signed-off-by: {who.name} <{who.email}>\n"
        f"{through}"
    )


def committed_record(root: Path, file: str) -> Parsed:
    """The record as committed at HEAD, refused if the file has uncommitted changes."""
    committed = file_at(root, "HEAD", file)
    if committed is None:
        raise SignError(f"{file} is not committed yet: commit it first, then sign")
    if has_uncommitted_change(root, file):
        raise SignError(
            f"{file} has changes that are not committed; a sign-off signs the record as "
            f"committed. Commit the changes (or undo them with `git checkout -- {file}`), "
            "then sign"
        )
    try:
        return parse_record_text(committed)
    except FileProblem as problem:
        raise SignError(f"{file}:{problem.line}: {problem.message}") from None


def signable(parsed: Parsed, record_id: str) -> None:
    """Refuse a record that is not resolved at stage 3+ with its agreed outcome written."""
    data = parsed.data
    if data.get("status") != "resolved":
        raise SignError(
            f"{record_id} is {data.get('status')}: only a resolved record is signed off. "
            f"Resolve it first (disputes resolve {record_id} ...) and commit that"
        )
    if not needs_sign_off(data):
        raise SignError(f"{record_id} was resolved before stage 3, so it needs no sign-off")
    if not is_written(agreed_outcome(parsed.body)):
        raise SignError(
            f"{record_id} has no agreed outcome: write it under '## Agreed outcomes and "
            "actions' and commit it, then sign; a sign-off attests what was agreed"
        )


def already_signed(
    root: Path, file: str, record_id: str, role: str, email: str, version: str, signing: bool
) -> None:
    """Refuse a second sign-off of the same version as the same role by the same manager."""
    history = read_record_history(root, file)  # this record's commits only
    try:
        made = producing_commit(history, file, version)
        # a sign-off made before the version came back (a restored text) no longer counts
        same = [
            c
            for c in sign_offs(record_id, history.commits_for(file))
            if c.role == ROLES[role]
            and c.version == version
            and c.by(email)
            and (made is None or descends(history, c.commit, made))
        ]
        good = [c for c in same if history.signature(c.commit).status == "good"]
    finally:
        history.close()
    # An unsigned sign-off may be made again once signing is set up; nothing else may.
    if good or (same and not signing):
        raise SignError(
            f"you already signed version {short(version)} of {record_id} as "
            f"{ROLE_WORDS[role]} (commit {(good or same)[-1].commit.hash[:10]}); nothing to do. "
            "If the record changes, you will be asked to sign again"
        )


def refuse_unlisted(root: Path, agency: str, email: str, domains: Domains) -> None:
    """Where keys are listed, refuse what the checks would not count: a GPG or X.509
    signature, or an agency without its email domains."""
    if git_config(root, "gpg.format") != "ssh":
        raise SignError(
            "git would sign with GPG (gpg.format is not ssh), and only an SSH key listed in "
            f"schema/allowed_signers counts; {SIGNING_HELP}"
        )
    if not domains.get(agency):
        raise SignError(unlisted_domains(agency, email, "this register").message)


def sign_record(
    root: Path, record_id: str, role: str, *, require_signature: bool
) -> tuple[Commit, Signature, str]:
    """Check the signer against the committed record, then make the sign-off commit, under
    the register's lock: no edit of the record between reading it and committing."""
    with register_lock(root):
        return _sign_record(root, record_id, role, require_signature=require_signature)


@dataclass(frozen=True)
class HostRequest:
    """A sign-off asked for through the hosting site: the account that asked (as the site
    sent it) and the request's number."""

    account: str
    request: int


@dataclass(frozen=True)
class Signing:
    """What a sign-off is made of: the record as committed and the manager who signs."""

    record_id: str
    role: str
    file: str
    parsed: Parsed
    manager: dict[str, Any]
    domains: Domains

    @property
    def version(self) -> str:
        return version_of(self.parsed)


def prepare_sign_off(root: Path, record_id: str, role: str) -> Signing:
    """The committed record, refused unless it can be signed off, and its manager for `role`."""
    path = find_record(root, record_id)
    file = relative(path, root)
    parsed = committed_record(root, file)
    signable(parsed, record_id)
    domains = load_email_domains(root)
    return Signing(
        record_id, role, file, parsed, manager_for(parsed.data, record_id, role, domains), domains
    )


def commit_sign_off(
    root: Path, signing: Signing, who: Identity, *, sign: bool, host: HostRequest | None = None
) -> tuple[Commit, Signature]:
    """The sign-off commit of `signing.version` (both routes make it here): the record alone,
    never twice for one version."""
    others = [p for p in staged_paths(root) if p != signing.file]
    if others:
        raise SignError(
            f"other changes are staged ({', '.join(others)}); a sign-off commit carries only the "
            "record. Commit or unstage them (`git restore --staged FILE`) first"
        )
    version = signing.version
    already_signed(root, signing.file, signing.record_id, signing.role, who.email, version, sign)
    message = sign_off_message(signing.record_id, signing.role, signing.manager, who, version, host)
    return commit_record(root, signing.file, message, sign=sign)


def _sign_record(
    root: Path, record_id: str, role: str, *, require_signature: bool
) -> tuple[Commit, Signature, str]:
    """Check the signer against the committed record, then make the sign-off commit."""
    signing = prepare_sign_off(root, record_id, role)
    manager = signing.manager
    who = check_signer(
        manager, role, next_identity(root, "AUTHOR"), next_identity(root, "COMMITTER")
    )
    sign = signing_configured(root)
    if require_signature and not sign:
        raise SignError(f"--require-signature: git is not set up to sign commits; {SIGNING_HELP}")
    if (root / ALLOWED_SIGNERS).is_file() and not sign:
        raise SignError(
            "this register lists the managers' keys in schema/allowed_signers, so only a "
            f"sign-off signed with your key counts, and git is not set up to sign; {SIGNING_HELP}"
        )
    if (root / ALLOWED_SIGNERS).is_file():
        refuse_unlisted(
            root, str(manager.get("agency") or ""), str(manager["email"]), signing.domains
        )
    commit, signature = commit_sign_off(root, signing, who, sign=sign)
    return commit, signature, signing.version

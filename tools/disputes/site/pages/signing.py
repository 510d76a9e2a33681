"""What git says about each sign-off on a record page: the commit, whose key signed it, and
which version of the record it attests (see history.signoffs)."""

from __future__ import annotations

from disputes.history.attest import attested_version, sign_off_words, version_of
from disputes.history.audit import LAYOUT, RENAMED, AuditEntry
from disputes.history.hostsign import request_words
from disputes.history.signoffs import managers
from disputes.records.frontmatter import FileProblem, parse_record_text, read_text
from disputes.site.data import SiteData

SigningFacts = tuple[str | None, dict[str, str]]


def signing_facts(data: SiteData, record_file: str) -> SigningFacts:
    """The record's current version and its signing managers' emails, from its file (as the
    build read it already, else read now)."""
    parsed = data.parsed.get(record_file)
    if parsed is None:
        try:
            parsed = parse_record_text(read_text(data.root / record_file))
        except FileProblem:
            return None, {}
    people = managers(parsed.data)
    return version_of(parsed), {r: str(p.get("email") or "") for r, p in people.items()}


def sign_off_verification(
    entry: AuditEntry | None, email: str, current: str | None, show_emails: bool
) -> str:
    """What git says about a manager's sign-off: commit, whose key signed it, which version."""
    if entry is None:
        return "No sign-off commit in git yet"
    if entry.host:  # made through the hosting site: its words name no email
        made = entry.host if entry.host_counts else host_words_of(entry)
        return f"Signed in git: commit {entry.hash[:10]}, {made}; {sign_off_words(entry.trailers, current)}"
    text = f"Signed in git: commit {entry.hash[:10]}, signature {entry.signature}"
    if entry.signer and entry.signer.casefold() == email.casefold():
        text += " by the manager's own key" + (f" ({entry.signer})" if show_emails else "")
    elif entry.signer:
        text += f" by the key of {entry.signer}, NOT this manager's"
    return f"{text}; {sign_off_words(entry.trailers, current)}"


def host_words_of(entry: AuditEntry) -> str:
    """A host claim that does not count, without the reason (`disputes audit` gives it; its
    words may name people's emails)."""
    return f"says it was made {request_words(entry.trailers)}, but does not count (see `disputes audit`)"


def signed_on(entry: AuditEntry | None, current: str | None, later: list[AuditEntry]) -> str | None:
    """The day git says the manager signed the record as it now stands: the sign-off
    commit's date (None: not yet signed, only an earlier version was, or a `later` commit
    changed what the record or its `sign_off:` block says, as `verify` judges it)."""
    if entry is None or any(_says_something(e) for e in later):
        return None
    version = attested_version(entry.trailers)
    if version is not None and version != current:
        return None
    return entry.date[:10]


def _says_something(entry: AuditEntry) -> bool:
    """Whether a commit changed what the record says (not only its layout or file name)."""
    return any(word != LAYOUT and not word.startswith(RENAMED) for word in entry.changes)

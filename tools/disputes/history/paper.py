"""Paper sign-offs: an imported record's signatures, attested by its signed import commit.

A record brought in by `disputes import` from a filled paper form says
`sign_off: {..., on_paper: true}` (names and dates from the form); one from a log with
no signatures says `sign_off: not recorded`. Neither is a missing signature, and
neither is taken on the record's word: it counts only when the commit that added the
record is an import commit naming it (`Imported: <id> <version>`) with a good signature
from a key in schema/allowed_signers, and the record is still the version imported.
Then `verify` and `check` say "signed on paper, imported by X in commit Y".
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from disputes.history.attest import PREFIX, short
from disputes.history.log import Commit, History
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue, Severity
from disputes.records.unrecorded import is_unrecorded

IMPORTED_TRAILER = "Imported"
IMPORTED_BY = "Imported-by"


def imported_version(parsed: Parsed) -> str:
    """The digest an import commit names: the whole record, its paper sign-off included
    (a sign-off's own version leaves `sign_off:` out, see history/attest.py)."""
    body = parsed.body.replace("\r\n", "\n").replace("\r", "\n")
    canonical = json.dumps(
        {"front_matter": parsed.data, "body": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def is_paper(data: dict[str, Any]) -> bool:
    """Whether the record claims a paper sign-off, or none recorded (then judged here)."""
    sign_off = data.get("sign_off")
    return is_unrecorded(sign_off) or (
        isinstance(sign_off, dict) and sign_off.get("on_paper") is True
    )


def import_commit(file: str, record_id: str, history: History) -> tuple[Commit | None, str]:
    """The commit that added the record, and the version it names (None, '' if it names none)."""
    added = next(
        (
            c
            for c in history.commits_for(file)
            if any(ch.path == file and ch.status == "A" for ch in c.changes)
        ),
        None,
    )
    if added is None:
        return None, ""
    for value in added.trailer_values(IMPORTED_TRAILER):
        parts = value.split()
        if len(parts) == 2 and parts[0] == record_id:
            return added, parts[1]
    return added, ""


def paper_problems(
    file: str, parsed: Parsed, history: History, signatures: bool, notes: list[str]
) -> list[Issue]:
    """Why an imported record's sign-off is not attested; else a note saying who attests it."""
    data = parsed.data
    record_id = str(data.get("id", file))

    def issue(message: str, severity: Severity = "error") -> list[Issue]:
        return [Issue(file, parsed.line_of(("sign_off",)), "sign_off", message, severity)]

    commit, version = import_commit(file, record_id, history)
    if commit is None or not version:
        what = (
            (
                f"commit {commit.hash[:10]} ('{commit.subject}', {commit.author_name}), which "
                "added it, is not an import commit naming it"
            )
            if commit
            else "no commit added it"
        )
        return issue(
            f"{record_id} says it was imported with a paper or unrecorded sign-off, but {what}. "
            "Only `disputes import`, run and signed by the administrator, may add such a record; "
            f"otherwise both managers sign with `disputes sign {record_id}`"
        )
    if version != imported_version(parsed):
        return issue(
            f"{record_id} has changed since it was imported in commit {commit.hash[:10]} "
            f"(version {short(version)}, now {short(imported_version(parsed))}); the paper sign-off "
            "covers the version imported only. Undo the change, or record it as an amendment "
            "and have both managers sign the record as it now stands"
        )
    signer = f"{commit.author_name} <{commit.author_email}>"
    if signatures:
        history.verify([commit])
        signature = history.signature(commit)
        if signature.status != "good":
            return issue(
                f"{record_id} was imported in commit {commit.hash[:10]} by {signer}, but that "
                "commit has no good signature from a key in schema/allowed_signers "
                f"(signature: {signature.status}); an import attests paper sign-offs only when "
                "the administrator signs it. Import again with signing set up"
            )
        signer = f"{commit.author_name} <{signature.signer or commit.author_email}>"
    notes.append(
        f"{file}: {record_id} {_words(data)}, imported by {signer} in commit {commit.hash[:10]}"
    )
    if not signatures:
        return issue(
            f"the import commit {commit.hash[:10]} of {record_id} is not checked "
            "cryptographically: there is no schema/allowed_signers, so anyone could have made "
            "it. The administrator adds the keys to schema/allowed_signers",
            "warning",
        )
    return []


def _words(data: dict[str, Any]) -> str:
    """'signed on paper by A (date) and B (date)', or 'sign-off not recorded in the source'."""
    sign_off = data.get("sign_off")
    if is_unrecorded(sign_off) or not isinstance(sign_off, dict):
        return "sign-off not recorded in the source"
    people = [
        f"{p.get('name')} ({p.get('date')})" for role, p in sign_off.items() if isinstance(p, dict)
    ]
    return "signed on paper by " + " and ".join(people)

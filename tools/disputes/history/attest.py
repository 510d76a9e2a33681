"""The version a sign-off attests: a digest of the record without its `sign_off` block.

A manager signs one exact version of a record. The digest covers the front matter as
data (so re-quoting a value or converting line endings is the same version) and the
body text, but not the `sign_off:` block, which `resolve` writes before anyone signs. Any
change to what was agreed, even one made by a recorded amendment, is a new version
that both managers must sign again; so is a change to the `sign_off:` block after the
sign-offs (see `placement`).
"""

from __future__ import annotations

import hashlib
import json
import re

from disputes.records.frontmatter import FileProblem, Parsed, parse_record_text

VERSION_TRAILER = "Signed-version"
PREFIX = "sha256:"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
LEGACY = "legacy, version not attested"


def version_of(parsed: Parsed) -> str:
    """The version digest of a record read by the register's own loader."""
    front = {k: v for k, v in parsed.data.items() if k != "sign_off"}
    body = parsed.body.replace("\r\n", "\n").replace("\r", "\n")
    canonical = json.dumps(
        {"front_matter": front, "body": body},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,  # the safe loader gives only JSON-like values; this is a backstop
    )
    return PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sign_off_block(parsed: Parsed) -> str:
    """The record's `sign_off:` block as data (names, designations, agencies, dates): not
    in the version a manager signs, but a change to it after the sign-offs needs new ones
    (see `placement.producing_commit`), as a change to the record does."""
    return json.dumps(parsed.data.get("sign_off"), sort_keys=True, ensure_ascii=False, default=str)


def state_of_text(text: str) -> tuple[str | None, str | None]:
    """A record text's version and `sign_off_block` ((None, None) if it is not a record)."""
    try:
        parsed = parse_record_text(text)
    except FileProblem:
        return None, None
    return version_of(parsed), sign_off_block(parsed)


def version_of_text(text: str) -> str | None:
    """The version digest of a record's text (None if the text is not a readable record)."""
    try:
        return version_of(parse_record_text(text))
    except FileProblem:
        return None


def attested_version(trailers: tuple[tuple[str, str], ...]) -> str | None:
    """The version a commit's `Signed-version:` trailer names (None: a legacy sign-off)."""
    for key, value in trailers:
        if key.lower() == VERSION_TRAILER.lower() and _DIGEST.match(value.strip()):
            return value.strip()
    return None


def short(version: str | None) -> str:
    """A version as people read it: the first 12 hex digits."""
    return version[len(PREFIX) : len(PREFIX) + 12] if version else "none"


def agreed_outcome(body: str) -> str:
    """The text under `## Agreed outcomes and actions` (comments and blanks left out)."""
    match = re.search(
        r"^##[ \t]+Agreed outcomes and actions[ \t]*$(.*?)(?=^##[ \t]|\Z)", body, re.M | re.S
    )
    text = re.sub(r"<!--.*?-->", "", match.group(1), flags=re.S) if match else ""
    return text.strip()


def is_written(outcome: str) -> bool:
    """Whether an agreed outcome says something (not empty, not a placeholder)."""
    return outcome.strip(" .").casefold() not in {"", "pending", "tbc", "to follow", "none"}


def sign_off_words(trailers: tuple[tuple[str, str], ...], current: str | None) -> str:
    """What a commit's sign-off attests, in words ('' if the commit is not a sign-off)."""
    if not any(key.lower() == "sign-off" for key, _ in trailers):
        return ""
    version = attested_version(trailers)
    if version is None:
        return LEGACY
    if version == current:
        return f"attests version {short(version)}, the record as it now stands"
    return f"attests version {short(version)}, an earlier version of the record"

"""Agencies' email domains (`email_domains:` in schema/agencies.yml): a manager's email
must be in their own agency's domain, so one person cannot sign as both sides. Once the
register checks signatures (schema/allowed_signers lists keys), every agency a signing
manager belongs to must have its domains listed (`signoffs` says so). A work email is
plain ASCII (the schema's pattern; `email_problem` for sign-offs and allowed_signers): a
look-alike letter would make a second identity that reads the same as someone else's.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from disputes.records.config import AGENCIES_FILE, ConfigError, agency_lists
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue
from disputes.records.yamlsafe import KeyPath, format_path

Domains = dict[str, tuple[str, ...]]


def parse_email_domains(text: str) -> Domains:
    """The `email_domains:` mapping of agencies.yml text (agency name to its domains)."""
    found = agency_lists(
        text, "email_domains", AGENCIES_FILE, "domains", "Kent Police: [kent.police.uk]"
    )
    return {k: tuple(d.strip().lstrip("@").casefold() for d in v) for k, v in found.items()}


def load_email_domains(root: Path) -> Domains:
    """The register's agencies' email domains (empty if none are listed)."""
    path = root / AGENCIES_FILE
    if not path.is_file():
        return {}
    try:
        return parse_email_domains(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{AGENCIES_FILE}: cannot be read ({exc.strerror})") from None


def domain_problem(email: str, agency: str, domains: Domains) -> str | None:
    """Why `email` cannot be a manager of `agency` (None when it can or nothing is listed)."""
    allowed = domains.get(agency)
    if not allowed:
        return None
    host = email.rpartition("@")[2].casefold()
    if any(host == d or host.endswith("." + d) for d in allowed):
        return None
    return (
        f"{email} is not an email address of {agency} (schema/agencies.yml lists "
        f"{', '.join('@' + d for d in allowed)}); a manager signs with their own agency's "
        "work email: correct the email in the record"
    )


def email_problem(email: str) -> str | None:
    """Why `email` cannot be a work email here: a character outside plain printable ASCII."""
    odd = list(dict.fromkeys(ch for ch in email if not 32 < ord(ch) < 127))
    if not odd:
        return None
    named = ", ".join(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in odd)
    return (
        f"{email!r} contains {named}, which is not a plain letter: a letter that only looks "
        "like a Latin one (such as a Cyrillic 'а' for 'a') makes a second address that reads "
        "the same as someone else's, so work emails here are plain ASCII (a-z, 0-9, . _ - @). "
        "Type the address again on an English keyboard layout"
    )


def unlisted_domains(agency: str, email: str, where: str) -> Issue:
    """The agency of a manager who signs has no email domains although signatures are
    checked: anyone whose key is listed could sign for it."""
    return Issue(
        AGENCIES_FILE,
        1,
        "email_domains",
        (
            f"{agency} has no email domains in {AGENCIES_FILE} (on {where}), and the register "
            "checks signed sign-offs: without them anyone whose key is in schema/allowed_signers "
            "could sign for it. The administrator adds under `email_domains:` the part after @ "
            f"of its work emails, for example `{json.dumps(agency)}: [{email.rpartition('@')[2]}]`"
        ),
    )


def domain_issues(file: str, parsed: Parsed, domains: Domains) -> list[Issue]:
    """Every manager named at any stage whose email is outside their agency's domains."""
    if not domains:
        return []
    issues = []
    for index, stage in enumerate(parsed.data.get("stages") or []):
        if not isinstance(stage, dict):
            continue
        for role in ("challenger_manager", "challenged_manager"):
            person = stage.get(role)
            if not isinstance(person, dict) or not person.get("email"):
                continue
            problem = domain_problem(str(person["email"]), str(person.get("agency") or ""), domains)
            if problem:
                path: KeyPath = ("stages", index, role, "email")
                issues.append(Issue(file, parsed.line_of(path), format_path(path), problem))
    return issues

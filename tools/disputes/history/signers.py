"""schema/allowed_signers as data: each line's principals, options and key.

git checks a signature with `ssh-keygen -Y verify -Overify-time=<committer date>`, so a
key's `valid-after`/`valid-before` window is judged at the date the commit itself
claims. These rules do not rely on that alone (older git passes no time at all): a
sign-off counts only if its key's window, read here from the register's own file, holds
the commit's committer date, and `signoffs` refuses a sign-off dated in the future or
before the change it signs, so a date moved back or forward does not bring an expired or
not-yet-valid key back to life.

Principals are work emails and must be plain ASCII: a look-alike letter (a Cyrillic `а`
for a Latin `a`) would make a second identity that reads the same as a manager's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase

from disputes.history.git import ALLOWED_SIGNERS
from disputes.records.domains import email_problem
from disputes.records.model import Issue

_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*")+')
_OPTION = re.compile(r'([A-Za-z-]+)(?:=("[^"]*"|[^,]*))?(?:,|$)')
_TIME = re.compile(r"^(\d{8})(\d{4})?(\d{2})?(Z?)$")
KEY_TYPE = re.compile(r"^(ssh-|ecdsa-|sk-)")


@dataclass(frozen=True)
class Signer:
    """One line of the allowed-signers file."""

    line: int
    principals: tuple[str, ...]
    options: dict[str, str]
    fingerprint: str  # SHA256:... as git's %GK gives it ("" if the key cannot be read)

    def names(self, email: str) -> bool:
        """Whether the line gives its key to `email` (patterns as ssh-keygen reads them)."""
        wanted = email.casefold()
        return any(fnmatchcase(wanted, p.casefold()) for p in self.principals)

    def window_problem(self, when: datetime) -> str | None:
        """Why the key was not valid at `when` (None when it was)."""
        after, before = (_when(self.options.get(k, "")) for k in ("valid-after", "valid-before"))
        if after is not None and when < after:
            return f"the key is valid only from {after:%Y-%m-%d %H:%M} UTC"
        if before is not None and when >= before:
            return f"the key expired at {before:%Y-%m-%d %H:%M} UTC"
        return None


def parse_signers(text: str) -> list[Signer]:
    """Every readable line (blank lines and # comments left out)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        tokens = _TOKEN.findall(line.strip())
        if not tokens or tokens[0].startswith("#"):
            continue
        options = (
            ""
            if len(tokens) > 1 and KEY_TYPE.match(tokens[1])
            else (tokens[1] if len(tokens) > 1 else "")
        )
        rest = tokens[2:] if options else tokens[1:]
        blob = rest[1] if len(rest) > 1 else ""
        found.append(
            Signer(
                number,
                tuple(tokens[0].strip('"').split(",")),
                _options(options),
                _fingerprint(blob),
            )
        )
    return found


def _options(text: str) -> dict[str, str]:
    """`cert-authority,valid-before="2026..."` as a mapping (flags map to "")."""
    return {
        m.group(1).casefold(): (m.group(2) or "").strip('"')
        for m in _OPTION.finditer(text)
        if m.group(0)
    }


def _fingerprint(blob: str) -> str:
    """A public key's fingerprint as ssh-keygen and git print it."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def _when(value: str) -> datetime | None:
    """An allowed-signers time, YYYYMMDD[HHMM[SS]][Z], read as UTC (None if absent or unreadable)."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    day, hm, sec = match.group(1), match.group(2) or "0000", match.group(3) or "00"
    try:
        return datetime.strptime(day + hm + sec, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def key_window_problem(
    signers: list[Signer], email: str, fingerprint: str, committed: str
) -> str | None:
    """Why the key that signed a commit was not `email`'s valid key at its committer date.

    None when a line giving this key to `email` was valid then, or when no line gives it
    (the signature check itself says so then)."""
    lines = [s for s in signers if s.fingerprint == fingerprint and s.names(email)]
    if not lines:
        return None
    try:
        when = datetime.fromisoformat(committed)
    except ValueError:
        return f"its date '{committed}' cannot be read"
    problems = [s.window_problem(when) for s in lines]
    if all(problems):
        return (
            f"{problems[0]} (schema/allowed_signers line {lines[0].line}), and the commit "
            f"is dated {when:%Y-%m-%d %H:%M %z}"
        )
    return None


def signer_issues(signers: list[Signer]) -> list[Issue]:
    """Principals that are not plain-ASCII work emails, as problems of the file."""
    issues = []
    for signer in signers:
        for principal in signer.principals:
            if problem := email_problem(principal):
                issues.append(
                    Issue(
                        ALLOWED_SIGNERS,
                        signer.line,
                        "",
                        (
                            f"the principal {principal!r}: {problem}. Correct the line, or remove it "
                            "if nobody in the partnership asked for it"
                        ),
                    )
                )
    return issues

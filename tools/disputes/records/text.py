"""Records are text: the characters they may not hold, and record text shown safely.

A NUL byte makes git and the hosting site show a record as "Binary file", hiding a
change from its reviewers; other control characters can rewrite a terminal; bidirectional
overrides and isolates (the "Trojan Source" characters) reorder text on screen, so a
reviewer reads something other than what is stored. Tab, line feed and carriage return are
the only control characters a record needs. The left-to-right and right-to-left marks are
refused too: invisible, and never needed in the register's English forms.
"""

from __future__ import annotations

import re
import unicodedata

TEXT_RULE = (
    "A record is plain text (UTF-8). Tab and line ends are the only control characters it "
    "may hold, and none of the invisible characters that change the order in which text is "
    "shown (bidirectional marks, embeddings, overrides and isolates), written as they are or "
    "as YAML escapes such as `\\u202e`: `disputes validate` and the pull-request check refuse "
    "them, naming the line and the field. A field that takes a whole number holds one: "
    "`3`, never `3.0`."
)

# C0 less tab, LF, CR; DEL and C1; the bidi marks, embeddings, overrides and isolates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Shown escaped on a terminal as well: what would end or rewrite the line there.
_SHOWN_ESCAPED = re.compile(UNSAFE.pattern[:-1] + "\r\u2028\u2029]")


def character_name(char: str) -> str:
    """A character as people can look it up: `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x08": "BACKSPACE",
    "\x85": "NEXT LINE",
}


def unsafe_message(char: str) -> str:
    """Why a record may not hold `char`, and what to do."""
    if char in _BIDI:
        return (
            f"the text holds an invisible character that changes the order in which text is "
            f"shown, {character_name(char)}, so a reviewer could read something other than "
            "what is stored; delete it or retype the text around it"
        )
    binary = (
        " (git would show the record as a binary file, hiding the change)"
        if (char == "\x00")
        else ""
    )
    return (
        f"the text contains an invisible control character, {character_name(char)}{binary}, "
        "often left by copying from a word processor; delete it or retype the text around it"
    )


def for_terminal(text: str) -> str:
    """Text with every control and bidi character shown as a visible escape such as
    `\\x1b` or `\\u202e`: record text printed on a terminal can neither rewrite the screen
    nor reorder a line. Tabs and line ends (LF, CRLF) are kept."""
    if not _SHOWN_ESCAPED.search(text):
        return text  # the usual case, at the cost of one search
    text = text.replace("\r\n", "\n")
    return _SHOWN_ESCAPED.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

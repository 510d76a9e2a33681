"""Whether an old version of a record is safe to parse: the bound every history read keeps.

The audit trail and the site parse many old versions quickly, field by field (see
`versions`). A version that nests deeper than a record can (libyaml's composer recurses
and crashes the process), carries anchors and aliases (an alias bomb expands without
end when shown), ends its front matter with '...' or is too big is not parsed at all:
it is reported, in the same words `validate` uses.
"""

from __future__ import annotations

import re

import yaml

from disputes.history.blobs import OVERSIZE
from disputes.records.frontmatter import DOTS_CLOSING, MAX_BYTES, too_big
from disputes.records.yamlsafe import YamlProblem, check_depth, might_nest_deeply

try:
    _Loader: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _Loader = yaml.BaseLoader

ALIASES = (
    "YAML anchors and aliases (& and *) are not allowed in a record; write each value out "
    "in full"
)
UNCHECKED = (
    "the front matter is not valid YAML, and it nests deeply or uses anchors (& and *) "
    "past the broken part, which a record cannot do"
)
# The newline before a closing line, then the line: a pattern starting with a character is
# found by a fast scan, where one starting with ^ is tried at every position (4,657 versions
# of 1,000 records: most of this module's time).
_CLOSING = re.compile(r"\n(---|\.\.\.)[ \t]*\r?$", re.M)


def _closing(text: str) -> re.Match[str] | None:
    """The line closing the front matter that opens `text` (BOM removed), or None."""
    return _CLOSING.search(text, 3)  # a line starting at 4 or later


def front_text(text: str) -> str:
    """The front matter's text (between the opening '---' and the next closing line)."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return ""
    closing = _closing(text)
    return text[4 : closing.start() + 1] if closing else text[4:]


def version_problem(text: str) -> str | None:
    """Why this version must not be parsed (None if it is safe to)."""
    if text.startswith(OVERSIZE):  # the blob reader skipped it (see history.blobs.take)
        return too_big(int(text[len(OVERSIZE):]))
    if len(text) > MAX_BYTES:
        return too_big(len(text.encode("utf-8", "replace")))
    if "\r" in text:  # CR-only line ends (validate reads them, as history.versions does)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = front_text(text)
    closing = _closing(text.lstrip("\ufeff"))
    if closing is not None and closing.group(1) == "...":
        return DOTS_CLOSING
    try:
        if might_nest_deeply(front):
            check_depth(front)
        if ("&" in front or "*" in front) and _has_alias(front):
            return ALIASES
    except YamlProblem as problem:
        return problem.message
    except yaml.YAMLError:
        # Broken as a whole before the scan reached the end, yet it looked deep or aliased:
        # the field-by-field parse (history.versions) would still read each later field,
        # unbounded, so it is not read at all.
        return UNCHECKED
    return None


def _has_alias(front: str) -> bool:
    """Whether the YAML uses an anchor or an alias (events only: nothing is built)."""
    for event in yaml.parse(front, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return True
    return False

"""Whether an old version of a record is safe to parse: the bound every history read keeps.

The audit trail and the site parse many old versions quickly, field by field (see
`versions`). A version that nests deeper than a record can (libyaml's composer recurses
and crashes the process), carries anchors and aliases (an alias bomb expands without
end when shown), is too big, or has front matter `validate` would not find (a '...'
closing line, a Unicode line separator: `records.frontmatter.split_front`) is not parsed
at all: it is reported, in the same words `validate` uses.
"""

from __future__ import annotations

import yaml

from disputes.history.blobs import OVERSIZE
from disputes.records.frontmatter import MAX_BYTES, FileProblem, split_front, too_big
from disputes.records.yamlsafe import YamlProblem, check_depth, might_nest_deeply

try:
    _Loader: type = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _Loader = yaml.BaseLoader

ALIASES = (
    "YAML anchors and aliases (& and *) are not allowed in a record; write each value out in full"
)
UNCHECKED = (
    "the front matter is not valid YAML, and it nests deeply or uses anchors (& and *) "
    "past the broken part, which a record cannot do"
)


def version_problem(text: str) -> str | None:
    """Why this version must not be parsed (None if it is safe to)."""
    if text.startswith(OVERSIZE):  # the blob reader skipped it (see history.blobs.take)
        return too_big(int(text[len(OVERSIZE) :]))
    if len(text) > MAX_BYTES:
        return too_big(len(text.encode("utf-8", "replace")))
    try:  # where the front matter ends, as validate reads it (records.frontmatter)
        front = split_front(text).yaml_text
    except FileProblem as problem:
        return problem.message
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

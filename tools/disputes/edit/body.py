"""Writing below the fields: a dated note under its stage, a section added if missing.

Only the lines a note adds are new; every other byte of the body stays as it was,
with the file's own line endings.
"""

from __future__ import annotations

import re

STAGE_RECORD = "Record of each stage"
OUTSTANDING = "Outstanding issues and how they will be pursued"
BEFORE = (
    "Agreed outcomes and actions",
    "Outstanding issues and how they will be pursued",
    "Additional notes",
)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _headings(lines: list[str], level: str) -> list[tuple[int, str]]:
    pattern = re.compile(rf"^{level}\s+(.+?)\s*#*\s*$")
    return [(i, m.group(1)) for i, line in enumerate(lines) if (m := pattern.match(line))]


def _section_end(lines: list[str], start: int, levels: tuple[str, ...]) -> int:
    """The line after a section: the next heading of the same or a higher level."""
    for index in range(start + 1, len(lines)):
        if any(re.match(rf"^{level}\s", lines[index]) for level in levels):
            return index
    return len(lines)


def _trim_blank(lines: list[str], start: int, end: int) -> int:
    """The index after the last non-blank line of lines[start:end]."""
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def ensure_section(body: str, heading: str, before: tuple[str, ...] = BEFORE) -> str:
    """The body with `## heading` present: added before the first of `before` it has."""
    nl = _newline(body)
    lines = body.split(nl)
    if any(name == heading for _, name in _headings(lines, "##")):
        return body
    anchors = [i for i, name in _headings(lines, "##") if name in before]
    at = anchors[0] if anchors else len(lines)
    lines[at:at] = [f"## {heading}", ""] if anchors else ["", f"## {heading}", ""]
    return nl.join(lines)


def add_note(body: str, subheading: str, line: str, heading: str = STAGE_RECORD) -> str:
    """Append `line` under `### subheading` of `## heading`, adding either if missing."""
    body = ensure_section(body, heading)
    nl = _newline(body)
    lines = body.split(nl)
    top = next(i for i, name in _headings(lines, "##") if name == heading)
    end = _section_end(lines, top, ("##", "#"))
    sub = next(
        (i for i, name in _headings(lines[:end], "###") if i > top and name == subheading), None
    )
    if sub is None:
        at = _trim_blank(lines, top, end)
        lines[at:at] = ["", f"### {subheading}", "", line]
    else:
        sub_end = _section_end(lines, sub, ("###", "##", "#"))
        at = _trim_blank(lines, sub, sub_end)
        lines[at:at] = ([""] if at == sub + 1 else []) + [line]
    return nl.join(lines)


def add_section_text(body: str, heading: str, words: str) -> str:
    """Append a paragraph to `## heading`, adding the section if it is missing."""
    body = ensure_section(body, heading, BEFORE[2:])
    nl = _newline(body)
    lines = body.split(nl)
    top = next(i for i, name in _headings(lines, "##") if name == heading)
    end = _section_end(lines, top, ("##", "#"))
    at = _trim_blank(lines, top, end)
    lines[at:end] = ["", *words.strip().splitlines(), ""]  # one blank line either side
    return nl.join(lines)

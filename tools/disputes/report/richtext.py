"""The record's own text (Markdown) as safe HTML, for the record page and the printed form.

Any raw HTML in a record is shown as text, links keep only safe schemes, and no image is
kept: an image from elsewhere would tell its server who read the record, and when (a
tracking pixel), and the site and the exported form must work offline.
"""

from __future__ import annotations

import re

import markdown
import nh3

_SAFE_SCHEMES = {"http", "https", "mailto"}
_SAFE_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "map", "area"}

_MARKDOWN = markdown.Markdown(extensions=["tables"])  # one instance: building one is slow
# A line Markdown reads as plain text: it starts with a letter or digit (not indented, not
# like a list item), ends with no space (no line break), and holds only letters, digits,
# spaces and punctuation that is no Markdown mark and no HTML. A heading is `#`s, one
# space and such a line (the form's agencies' views are headed so).
_PLAIN_LINE = re.compile(r"(?!\d+\.(?: |$))[^\W_](?:[^\W_]|[ ,.;:?'\"()/%])*(?<! )")
_HEADING = re.compile(r"(#{1,6}) (.+)")


def safe_body(body: str) -> str:
    """The record's Markdown as HTML with any raw HTML shown as text and only safe links."""
    plain = plain_html(body)
    return markdown_html(body) if plain is None else plain


def plain_html(body: str) -> str | None:
    """Prose with no Markdown in it but headings as HTML, as Markdown would make it; None
    for anything else. Most record text is plain prose, and running Markdown on it was
    the larger part of making record pages (tests/test_site_pages.py: the two agree)."""
    blocks: list[str] = []
    lines: list[str] = []
    for line in [*body.strip("\n").split("\n"), ""]:
        heading = _HEADING.fullmatch(line)
        text = heading[2] if heading else line
        if text and not _PLAIN_LINE.fullmatch(text):
            return None
        if line and not heading:
            lines.append(line)
            continue
        if lines:  # a blank line or a heading ends a paragraph
            blocks.append("<p>" + "\n".join(lines) + "</p>")
            lines = []
        if heading:
            blocks.append(f"<h{len(heading[1])}>{text}</h{len(heading[1])}>")
    return "\n".join(blocks)


def markdown_html(body: str) -> str:
    """The record's Markdown as HTML, through Markdown and the sanitiser (see safe_body)."""
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rendered = _MARKDOWN.reset().convert(escaped)
    return nh3.clean(
        rendered, tags=_SAFE_TAGS, url_schemes=_SAFE_SCHEMES, link_rel="noopener noreferrer"
    )

"""Small HTML helpers: every value from a record is escaped here, once."""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any


def esc(value: Any) -> str:
    """A value as HTML text (quotes escaped too, so it is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    attrs: str = "",
    row_attrs: Sequence[str] | None = None,
    cards: bool = False,
) -> str:
    """An HTML table; headers are escaped here, cells are given as HTML already. With
    `cards`, each row is a card on a phone, each cell labelled with its heading (CSS)."""
    rows = [list(row) for row in rows]
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    opening = [f'<td data-label="{esc(h)}">' for h in headers] if cards else ["<td>"] * len(headers)
    body = []
    for index, row in enumerate(rows):
        extra = f" {row_attrs[index]}" if row_attrs else ""
        cells = "".join(f"{start}{cell}</td>" for start, cell in zip(opening, row, strict=True))
        body.append(f"<tr{extra}>{cells}</tr>")
    # the columns of figures, right-aligned by register.css (the first names its row: a
    # stage, an agency, even when it is a number)
    figures = [str(i + 1) for i in range(1, len(headers)) if _figures(row[i] for row in rows)]
    attrs = f'{attrs} data-figures="{" ".join(figures)}"' if figures else attrs
    attrs = (
        f"{attrs} data-cards" if cards else attrs
    )  # no class: the theme styles only those without
    return (
        f"<table {attrs}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n"
    )


_FIGURE = re.compile(r"\d[\d,.]*%?|fewer than 5|withheld|not shown")
_TAG = re.compile(r"<[^>]*>")


def _figures(cells: Iterable[str]) -> bool:
    """Whether a column holds figures (counts, shares, days; or a count the public site
    hides): they are right-aligned, so that their digits line up."""
    found = [html.unescape(_TAG.sub("", c)).strip() for c in cells]
    found = [c for c in found if c]
    return bool(found) and all(_FIGURE.fullmatch(c) for c in found)


def link(href: str, text: Any) -> str:
    """A link with escaped text and address."""
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def without_email(ident: str) -> str:
    """'Name <email>' as 'Name': emails are shown only where the site is set to."""
    return ident.split(" <", 1)[0]


def heading(level: int, text: str) -> str:
    """An HTML heading with an id made from its text, for pages not built from Markdown."""
    anchor = "-".join(text.lower().split())
    return f'<h{level} id="{esc(anchor)}">{esc(text)}</h{level}>'


def markdown_text(text: str) -> str:
    """Plain text for a Markdown line: HTML escaped and Markdown's marks taken literally."""
    return re.sub(r"([\\`*_{}\[\]()#+.!-])", r"\\\1", esc(text))


def stub(title: str, *, searched: bool = True) -> str:
    """The Markdown of a page whose body is rendered elsewhere: its title only.

    The table of contents is hidden: it would be empty, and wide tables need the room.
    The theme puts a page's title into <title>, the header and the search index as HTML,
    unescaped, so the title given to it is escaped here. A page not `searched` is left out
    of the theme's search index (record pages: site/searchindex.py adds a short entry).
    """
    title = " ".join(title.split())  # one line: a heading cannot span a blank line
    meta = json.dumps(esc(title))
    search = "" if searched else "search: {exclude: true}\n"
    return f"---\ntitle: {meta}\nhide: [toc]\n{search}---\n\n# {markdown_text(title)}\n"


def page(title: str, *parts: str) -> str:
    """A generated page's Markdown: a title, then HTML or Markdown parts."""
    return f"# {title}\n\n" + "\n\n".join(p for p in parts if p) + "\n"


class HtmlStash:
    """HTML kept out of Markdown: a page's Markdown holds a placeholder paragraph for each
    part, and `restore` puts the parts into the page's HTML once Markdown has run.

    Python-Markdown reads raw HTML with its own HTML parser (md_in_html), in Python: on
    the report pages of every period (about 60 at 1,000 records) reading their tables was
    most of their build. Only pages whose parts were stashed are restored (the plugin
    keeps their paths), so a hand-written page cannot call up a part.
    """

    def __init__(self) -> None:
        self.parts: dict[str, str] = {}
        self._numbers = itertools.count()

    def __call__(self, html: str) -> str:
        """The placeholder of `html`: a paragraph of its own in the Markdown."""
        key = f"disputes-html-{next(self._numbers)}"
        self.parts[key] = html
        return f"\n\n{key}\n\n"

    def restore(self, html: str) -> str:
        """The page's HTML with each placeholder paragraph replaced by its part."""
        return _PLACEHOLDER.sub(lambda m: self.parts.pop(m[1], m[0]), html)


_PLACEHOLDER = re.compile(r"<p>(disputes-html-\d+)</p>")


def inline(html: str) -> str:
    """HTML left in the Markdown (where no HtmlStash is used)."""
    return html

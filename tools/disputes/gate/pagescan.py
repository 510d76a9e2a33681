"""The site's pages read as text: HTML or script a change adds to a page under the docs folder.

MkDocs copies a page's raw HTML (and Markdown's attribute lists) into both sites as written,
so a `<script>`, an `onclick=` or a `javascript:` link there runs in every reader's browser.
A Markdown page needs none of it. What the change adds (fragments not in the page before) is
named for an administrator's review; nothing is rendered to find it.
"""

from __future__ import annotations

import posixpath
import re

from disputes.records.model import Issue

# Elements that run, load or submit something even without attributes.
ACTIVE = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "math",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "track",
        "template",
        "portal",
        "noscript",
        "xmp",
        "plaintext",
        "listing",
    }
)
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico")  # served as they are, run nothing
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>", re.I)
_TAG = re.compile(r"</?([A-Za-z][\w:-]*)([^>]*)>?")
# An element whose content runs or is read as code: the whole element is one fragment, so
# new code inside a `<script>` tag the page already had is a new fragment too.
_BLOCK = re.compile(
    r"<(script|style|svg|math|template|noscript|iframe|object|textarea|xmp)\b"
    r"[^>]*>.*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
_DECLARATION = re.compile(r"<[!?](?!--)[^>]*>?")  # <!DOCTYPE, <![CDATA[, <?xml (not comments)
_SCHEME = re.compile(  # browsers skip tabs and line breaks inside a scheme
    r"(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t)\s*:"
    r"|d\s*a\s*t\s*a\s*:\s*[\w.+-]+/",
    re.I,
)
_REFERENCE = re.compile(r"&#(?:x[0-9a-f]+|\d+);?|&(?:colon|tab|newline);", re.I)
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)  # also where text lands inside a quoted attribute
_ATTRIBUTES = re.compile(  # Markdown's attribute lists: `{: onclick="..." }`
    r"\{[^}\n]{0,200}?\b(?:on\w+|href|src|srcdoc|style|action|formaction)\s*=[^}\n]{0,200}\}", re.I
)


def active_fragments(text: str) -> list[tuple[int, str]]:
    """(line, fragment) for each piece of the text that is HTML or script, in order."""
    text = _AUTOLINK.sub(lambda m: " " * len(m.group()), text)
    found = [
        (m.start(), m.group())
        for m in _TAG.finditer(text)
        if m.group(1).lower() in ACTIVE or m.group(2).strip(" \t\r\n/")
    ]
    for pattern in (_BLOCK, _DECLARATION, _SCHEME, _REFERENCE, _HANDLER, _ATTRIBUTES):
        found += [(m.start(), m.group()) for m in pattern.finditer(text)]
    return [(text.count("\n", 0, start) + 1, fragment) for start, fragment in sorted(found)]


def fragment_words(found: list[tuple[int, str]], shown: int = 3) -> str:
    """'line 3: `<script>`; line 9: `onclick=...`' for the first few, and how many more."""
    words = [f"line {line}: `{_short(fragment)}`" for line, fragment in found[:shown]]
    more = f" and {len(found) - shown} more" if len(found) > shown else ""
    return "; ".join(words) + more


def _short(fragment: str) -> str:
    flat = " ".join(fragment.split()).replace("`", "'")
    return flat if len(flat) <= 60 else flat[:57] + "..."


def in_folder(path: str, folders: set[str]) -> str | None:
    """The docs folder `path` is in (None: none of them)."""
    return next((f for f in sorted(folders) if f == "." or path.startswith(f + "/")), None)


def page_issues(path: str, folder: str, before: str | None, after: str | None) -> list[Issue]:
    """A page the change adds HTML or script to (fragments that were not in it before)."""
    if after is None:
        return []
    if not path.endswith(".md"):
        if posixpath.splitext(path)[1].lower() in IMAGES:
            return []
        return [
            Issue(
                path,
                1,
                "",
                (
                    f"a file under {folder}/ that is not a Markdown page is published as it is: a "
                    "script, style sheet, HTML or SVG file there runs in every reader's browser on "
                    f"both sites. {_ASK}"
                ),
                "review",
            )
        ]
    known = {fragment for _, fragment in active_fragments(before or "")}
    added = [(line, f) for line, f in active_fragments(after) if f not in known]
    if not added:
        return []
    return [
        Issue(
            path,
            added[0][0],
            "",
            (
                f"this page now holds HTML or script ({fragment_words(added)}); MkDocs publishes it on "
                f"both sites as written, where it runs in every reader's browser, and a Markdown page "
                f"needs none of it. {_ASK}"
            ),
            "review",
        )
    ]


_ASK = "Ask an administrator to review it before it is merged"

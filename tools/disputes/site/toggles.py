"""Names for the theme's hidden toggles, so screen readers and accessibility checks have one.

Material opens its search, drawer and table of contents through visually hidden
checkboxes whose only <label> holds an icon: they have no accessible name (axe: "label",
critical). The theme's templates are not ours to fork, so each page's HTML gets an
aria-label on those inputs after rendering.
"""

from __future__ import annotations

import re

NAMES = {
    "__drawer": "Show or hide the navigation",
    "__search": "Show or hide search",
    "__toc": "Show or hide the table of contents",
}
_TOGGLE = re.compile(r'<input (?P<attrs>[^>]*\bid="(?P<id>__drawer|__search|__toc)"[^>]*)>')


def name_toggles(html: str) -> str:
    """The page with an aria-label on each of the theme's unnamed toggles."""

    def named(match: re.Match[str]) -> str:
        attrs = match["attrs"]
        if "aria-label" in attrs:
            return match[0]
        return f'<input {attrs} aria-label="{NAMES[match["id"]]}">'

    return _TOGGLE.sub(named, html)

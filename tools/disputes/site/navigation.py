"""The site's navigation per profile: small and fixed, never one entry per record."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

REPORTS = [
    {"Stages": "reports/stages.md"},
    {"Timescales": "reports/timescales.md"},
    {"Agencies": "reports/agencies.md"},
    {"Categories and outcomes": "reports/categories.md"},
]
GUIDES = (
    ("For managers", "guides/manager.md"),
    ("The audit trail", "guides/audit-trail.md"),
    ("For administrators", "guides/administrator.md"),
    ("Python API", "guides/python-api.md"),
)
RECORD_FORMAT = "guides/record-format.md"  # generated from the schema and the rules


def navigation(docs_dir: Path, *, public: bool) -> list[Any]:
    """The nav for this profile; hand-written pages appear only if they exist."""

    def exists(path: str) -> bool:
        return (docs_dir / path).is_file()

    if public:
        nav: list[Any] = [{"Summary": "index.md"}, {"Reports": REPORTS}]
        nav += [{"About these figures": "about.md"}, {"Open data": "data.md"}]
        nav += [{"Every release": "releases.md"}]
        return nav + ([{"The policy": "policy.md"}] if exists("policy.md") else [])
    nav = [{"Dashboard": "index.md"}, {"Register": "register.md"}]
    nav += [{"New record": "new.md"}] if exists("new.md") else []
    internal = [{"Trends": "reports/trends.md"}, {"Learning": "reports/learning.md"}]
    nav.append({"Reports": [*REPORTS, *internal]})
    guides = [{title: path} for title, path in GUIDES if exists(path)]
    nav.append({"Guides": [*guides, {"Record format": RECORD_FORMAT}]})
    nav += [{"The policy": "policy.md"}] if exists("policy.md") else []
    return nav


def present(nav: list[Any], generated: Collection[str], docs_dir: Path) -> list[Any]:
    """The nav entries whose pages this build has (generated, or written in docs_dir): a
    public release of totals only has no report pages, and a register with no release yet
    only its "nothing published yet" page."""

    def has(entry: Any) -> bool:
        pages = entry if isinstance(entry, list) else [entry]
        return any(
            has(page)
            if isinstance(page, (dict, list))
            else (page in generated or (docs_dir / page).is_file())
            for item in pages
            for page in (item.values() if isinstance(item, dict) else [item])
        )

    return [entry for entry in nav if has(entry)]


# A report page of one period: reports/2026/stages.md, reports/2026-q3/stages.md.
_PERIOD_PAGE = re.compile(r"reports/\d{4}(?:-q[1-4])?/([a-z-]+\.md)")


def menu_entry(src_uri: str) -> str | None:
    """The menu entry that stands for a page outside the menu: a period's report page is
    shown under its report (each period is one choice away on it), a record under the
    register."""
    period_page = _PERIOD_PAGE.fullmatch(src_uri)
    if period_page:
        return f"reports/{period_page[1]}"
    return "register.md" if src_uri.startswith("records/") else None

"""Record pages in the theme's search: one short entry each, not the whole page.

The theme's search plugin parses every page it indexes with Python's HTML parser, and at
1,000 records that was about 40% of the build. A record page is found by its id, title or
child's case reference (what someone types to find one), so its page is left out of the
theme's index (`search: exclude` in its front matter) and this one entry is added instead,
after the theme has written the index. Internal profile only: the public site has no
record pages and this is never called for it.
"""

from __future__ import annotations

import json
from pathlib import Path

from disputes.records.model import Record
from disputes.site.markup import esc

INDEX = Path("search") / "search_index.json"  # where MkDocs' and Material's search write it


def record_entry(record: Record, title: str, location: str) -> dict[str, str]:
    """The search entry of one record page. The theme shows title and text as HTML, so
    both are escaped here, as the page title given to the theme is (site/markup.stub)."""
    return {
        "location": location,
        "title": esc(title),
        "text": esc(f"{record.id}. Case reference {record.child_reference}."),
    }


def add_entries(site_dir: Path, entries: list[dict[str, str]]) -> bool:
    """Append `entries` to the built search index; False when the site has none (search
    is not among the plugins), which is no error."""
    path = site_dir / INDEX
    if not entries or not path.is_file():
        return False
    index = json.loads(path.read_text("utf-8"))
    index["docs"] = [*index.get("docs", []), *entries]
    path.write_text(json.dumps(index, separators=(",", ":")), "utf-8")
    return True

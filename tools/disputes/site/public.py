"""The public build's last word: the leak check over the finished site, before it is published.

Files that are byte-identical to the theme's own are not dispute data (a date in a vendored
script's banner is not a dispute's date), so a finding in one of them is not a leak.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from pathlib import Path

from disputes.errors import DisputesError
from disputes.records.config import load_agencies
from disputes.site.data import SiteData
from disputes.site.leakcheck import Leak, find_leaks
from disputes.site.releases import released_agencies


class PublicLeak(DisputesError):
    """The public site would publish case-level details; the message lists them."""


def theme_copies(site_dir: Path, theme_dirs: Iterable[Path]) -> set[str]:
    """The site's files (relative paths) that are exact copies of a file of the theme."""
    copies = set()
    dirs = list(theme_dirs)
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir).as_posix()
        for theme in dirs:
            original = theme / rel
            if path.is_file() and original.is_file() and _same(path, original):
                copies.add(rel)
                break
    return copies


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def check_public_site(site_dir: Path, data: SiteData, theme_dirs: Iterable[Path]) -> None:
    """Raise PublicLeak if any file that is not the theme's own holds a case-level detail."""
    dirs = list(theme_dirs)
    theme = theme_copies(site_dir, dirs)
    agencies = [*load_agencies(data.root), *released_agencies(data.root)]
    found = find_leaks(
        site_dir, data.records, data.today, agencies=agencies, theme_dirs=dirs,
        left_out=left_out_texts(data),
    )  # fmt: skip
    leaks = [leak for leak in found if leak.file not in theme]
    if leaks:
        raise PublicLeak(leak_report(leaks))


def left_out_texts(data: SiteData) -> list[str]:
    """The text of every record file the figures left out (it failed a check, or was
    opened after the day the site is built for): still checked for, whatever its state."""
    counted = {record.file for record in data.records}
    texts = []
    for path in sorted((data.root / "records").rglob("*.md")):
        if path.relative_to(data.root).as_posix() not in counted:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def undated_sitemap(site_dir: Path) -> None:
    """Take the build's date out of the sitemap (`lastmod`, there when site_url is set): the
    day of a rebuild tells when the register changed."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = re.sub(r"[ \t]*<lastmod>[^<]*</lastmod>", "", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def leak_report(leaks: list[Leak]) -> str:
    """One message naming the first few leaks: file, what it is, the text found."""
    shown = "; ".join(f"{leak.file}: {leak.kind} '{leak.text[:60]}'" for leak in leaks[:10])
    return (
        f"disputes: the public site would publish case-level details ({len(leaks)} "
        f"found): {shown}. Nothing case-level may be in the public profile."
    )

"""Releases: each quarter's public figures, made once when the quarter has ended, kept in
the register and republished byte for byte.

`disputes release 2026-Q3` writes `releases/2026-Q3/`: the public pages and open data
exactly as the public site shows them, and `unpublished.json`, the true values of the
counts it hid (kept so that later releases can be checked against it; never published).
A release is never written over. A correction is a new revision,
`releases/2026-Q3/revision-1/`, made and checked the same way, with its reason. A record
entered late, a date changed or an agency renamed afterwards changes no stored release:
the public build reads releases, it does not recompute closed quarters.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from disputes.disclosure.counts import TOTALS, Cell, report_cells, report_counts
from disputes.disclosure.earlier import figure_cell, release_context
from disputes.disclosure.public import last_complete_quarter, public_report, quarter_name
from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.policy.settings import Policy
from disputes.records.model import Record
from disputes.site.pages.periods import published_pages
from disputes.site.pages.public import public_pages

FOLDER = "releases"
UNPUBLISHED = "unpublished.json"
FIGURES = "data/figures.json"
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_REVISION = re.compile(r"^revision-([1-9]\d*)$")


class ReleaseError(DisputesError):
    """A release could not be made; the message says why and what to do."""

    exit_code = COULD_NOT_RUN


def quarter_dates(name: str) -> tuple[date, date]:
    """The first and last day of a quarter named like '2026-Q3'."""
    match = _QUARTER.match(name)
    if not match:
        raise ReleaseError(f"'{name}' is not a quarter: write it as YEAR-Qn, for example 2026-Q3.")
    year, quarter = int(match[1]), int(match[2])
    start = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, following - timedelta(days=1)


@dataclass(frozen=True)
class Release:
    """One stored release or revision of a quarter's figures."""

    quarter: str
    revision: int
    folder: Path

    @property
    def label(self) -> str:
        """'2026-Q3', or '2026-Q3/revision-1' for a correction."""
        return self.quarter + (f"/revision-{self.revision}" if self.revision else "")

    def files(self) -> dict[str, bytes]:
        """Every published file of the release, {path in the site: bytes} (never
        unpublished.json, nor the revisions kept inside a release's folder)."""
        found = {}
        for path in sorted(self.folder.rglob("*")):
            rel = path.relative_to(self.folder).as_posix()
            if path.is_file() and rel != UNPUBLISHED and not _REVISION.match(rel.split("/")[0]):
                found[rel] = path.read_bytes()
        return found

    def document(self) -> dict[str, Any]:
        """The release's open data, data/figures.json."""
        return dict(json.loads((self.folder / FIGURES).read_text(encoding="utf-8")))

    def hidden(self) -> dict[Cell, int]:
        """The true values of the counts the release hid."""
        kept = json.loads((self.folder / UNPUBLISHED).read_text(encoding="utf-8"))
        return {cell: row["value"] for row in kept["hidden"] if (cell := figure_cell(row))}


def stored(root: Path) -> list[Release]:
    """Every release and revision kept in the register, oldest quarter first."""
    found = []
    base = root / FOLDER
    for folder in sorted(base.iterdir()) if base.is_dir() else ():
        if not (_QUARTER.match(folder.name) and (folder / FIGURES).is_file()):
            continue
        found.append(Release(folder.name, 0, folder))
        for sub in sorted(folder.iterdir()):
            match = _REVISION.match(sub.name)
            if match and (sub / FIGURES).is_file():
                found.append(Release(folder.name, int(match[1]), sub))
    return sorted(found, key=lambda r: (r.quarter, r.revision))


def latest(releases: list[Release]) -> dict[str, Release]:
    """Each released quarter's latest revision."""
    return {r.quarter: r for r in releases}


def release_files(
    records: list[Record],
    policy: Policy,
    agencies: list[str],
    quarter: str,
    publisher: str,
    earlier: list[Release],
    *,
    revision: int = 0,
    reason: str = "",
) -> dict[str, bytes]:
    """A release's files: the public pages and open data, suppressed against every earlier
    release, and unpublished.json."""
    end = quarter_dates(quarter)[1]
    report = public_report(records, policy, agencies, end, cutoff=end)
    values, _ = report_cells(report)
    stored_cells = [(r.label, r.quarter, r.document(), r.hidden()) for r in earlier]
    context = release_context(stored_cells, quarter, values)
    small = report["totals"]["records"] < policy.totals_only_below
    # fewer and fewer figures until none can be worked out: every table, the totals, the
    # number of disputes alone (hidden where small)
    for only in ([None] if not small else []) + [TOTALS, TOTALS[:1]]:
        counts = report_counts(report, public=True, earlier=context, only=only)
        if not counts.exposed:
            break
        small = True
    if counts.exposed:
        raise ReleaseError(
            f"{quarter}{' (a revision)' if revision else ''} cannot be published safely: even "
            "the number of disputes alone, beside the releases already published, would give a "
            "small count away. Nothing was written; its disputes are counted in the next "
            "quarter's release."
        )
    if small:  # too few disputes for any breakdown or median to be safe
        report["totals_only"] = policy.totals_only_below
        report["days_to_resolution"] = {"by_stage": {}}
    report["release"] = {
        "label": quarter + (f"/revision-{revision}" if revision else ""),
        "revision": revision,
        "reason": reason,
        "fewer_than_5_may_be_0": any(counts.values[c] == 0 for c in counts.primary),
        "overdue_min_age": report["overdue_min_age"],
    }
    pages = {} if small else published_pages(report, counts)
    pages = {f"reports/{p}": text for p, text in pages.items()}
    pages |= public_pages(report, counts, publisher)
    hidden = [
        {"table": "agency_matrix" if c[0] == "matrix" else c[0], "row": c[1],
         "column": c[2] if len(c) > 2 else "count", "value": counts.values[c]}
        for c in sorted(counts.hidden, key=repr)
    ]  # fmt: skip
    kept = {
        "note": "The true values of the counts this release hid. Never published: later "
        "releases are checked against them.",
        "hidden": hidden,
    }
    pages[UNPUBLISHED] = json.dumps(kept, indent=1) + "\n"
    return {path: text.encode("utf-8") for path, text in pages.items()}


def make_release(
    root: Path,
    records: list[Record],
    policy: Policy,
    agencies: list[str],
    quarter: str,
    publisher: str,
    today: date,
    *,
    reason: str | None = None,
) -> Release:
    """Make and store a quarter's release (a revision when `reason` is given)."""
    end = quarter_dates(quarter)[1]
    if end >= today:
        raise ReleaseError(
            f"{quarter} has not ended yet (it ends on {end.isoformat()}): a quarter is "
            "released once it is over, so that its figures never change."
        )
    releases = stored(root)
    mine = [r for r in releases if r.quarter == quarter]
    if mine and reason is None:
        raise ReleaseError(
            f"{quarter} is already released ({FOLDER}/{quarter}): a release is never changed. "
            f"To correct it, make a revision: disputes release {quarter} --revision 'REASON'."
        )
    if not mine and reason is not None:
        raise ReleaseError(f"{quarter} has no release to revise: make it first without --revision.")
    if reason is not None and not reason.strip():
        raise ReleaseError("A revision needs its reason: --revision 'what was corrected'.")
    revision = mine[-1].revision + 1 if mine else 0
    files = release_files(
        records, policy, agencies, quarter, publisher, releases,
        revision=revision, reason=(reason or "").strip(),
    )  # fmt: skip
    target = root / FOLDER / quarter
    if revision:
        target = target / f"revision-{revision}"
    _write_new(target, files)
    return Release(quarter, revision, target)


def _write_new(target: Path, files: dict[str, bytes]) -> None:
    """Write every file into a new folder, which appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=target.parent))
    try:
        for rel, content in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if target.exists():
            raise ReleaseError(f"{target} already exists: a release is never written over.")
        os.rename(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def public_site(root: Path, today: date) -> tuple[dict[str, bytes], str | None]:
    """The public site's generated files, and a warning if the last complete quarter has
    no stored release: the latest release at the top, every release and revision under
    releases/<label>/, each byte for byte as stored. Nothing is ever computed at build
    time: a register that has never made a release publishes no figures yet, only a page
    that says so, for figures made now would change with every later build."""
    quarter = quarter_name(last_complete_quarter(today)[1])
    shown = [r for r in stored(root) if r.quarter <= quarter]
    files: dict[str, bytes] = {}
    for release in shown:
        files |= {f"{FOLDER}/{release.label}/{p}": b for p, b in release.files().items()}
    current = latest(shown)
    warning = None
    if quarter in current:
        files |= current[quarter].files()
    elif current:  # publish the latest release, never a recomputed quarter
        newest = current[max(current)]
        files |= newest.files()
        warning = (
            f"disputes: {quarter} has not been released, so the public site shows the latest "
            f"release, {newest.label}. Run `disputes release {quarter}` and commit {FOLDER}/ "
            "to publish it."
        )
    else:
        files["index.md"] = NOTHING_YET.format(quarter=quarter).encode("utf-8")
        warning = (
            f"disputes: no quarter has been released, so the public site publishes no figures "
            f"yet. Run `disputes release {quarter}` and commit {FOLDER}/ to publish "
            f"{quarter}'s figures once, for good."
        )
    files[f"{FOLDER}.md"] = releases_page(shown).encode("utf-8")
    return files, warning


NOTHING_YET = """# No figures published yet

This partnership publishes its disputes figures once a quarter has ended, once and for
good, so that they never change after they are read. No quarter has been published yet.

The partnership's business unit publishes a quarter with `disputes release {quarter}` and
commits the `releases/` folder it writes; the figures then appear here.
"""


def releases_page(releases: list[Release]) -> str:
    """Every release and revision, newest first, with what each covers."""
    rows = []
    for release in reversed(releases):
        document = release.document()
        period = document.get("period", {})
        reason = document.get("release", {}).get("reason", "")
        rows.append(
            f"| [{release.label}]({FOLDER}/{release.label}/index.md) | "
            f"{_cell(period.get('label', ''))} | {_cell(reason) or 'first release'} |"
        )
    table = "\n".join(["| Release | Disputes opened | Correction |", "|---|---|---|", *rows])
    return (
        "# Every release\n\nEach quarter's figures are published once, when the quarter has "
        "ended, and never changed; a correction is published beside them as a revision, "
        "with its reason.\n\n" + (table if rows else "No quarter has been released yet.") + "\n"
    )


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/").replace("<", "&lt;")


def released_agencies(root: Path) -> list[str]:
    """The agency names stored releases publish: on the partnership's list when released
    (a name taken off the list later is still published, as it was, not a leak)."""
    names: dict[str, None] = {}
    for release in stored(root):
        for figure in release.document()["figures"]:
            if figure["table"] == "agencies":
                names[figure["row"]] = None
    return list(names)

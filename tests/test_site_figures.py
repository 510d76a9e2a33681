"""Report figures, per table CSV and periods (issue 13), read from real builds of the demo
register: every CSV holds the figures of the table above it (both profiles); internal
counts link to the register, public ones never; the internal site has a page per year and
quarter, the public site one published period only. The browser side is in
test_site_figures_browser.py."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TABLE_AND_CSV = re.compile(
    r"<table[^>]*>(.*?)</table>\s*<p><a class=\"table-csv\" download=\"[^\"]+\" "
    r"href=\"([^\"]+)\">Download this table \(CSV\)</a></p>",
    re.S,
)
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)


@pytest.fixture(scope="module")
def sites(demo_site: Callable[[str], Path]) -> dict[str, Path]:
    """The demo register built with both profiles (once per session)."""
    return {profile: demo_site(profile) for profile in ("internal", "public")}


def text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def tables(page: Path) -> Iterator[tuple[list[list[str]], Path]]:
    """Each table of a built page that offers a CSV: its rows as text (headings first), and
    the CSV file its link points to."""
    source = page.read_text(encoding="utf-8")
    for body, href in TABLE_AND_CSV.findall(source):
        rows = [[text(c) for c in CELL.findall(row)] for row in ROW.findall(body)]
        yield rows, (page.parent / href).resolve()


def report_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("reports/**/index.html") if "learning" not in p.parts)


@pytest.mark.parametrize("profile", ["internal", "public"])
def test_every_report_table_has_its_csv_with_the_same_figures(
    sites: dict[str, Path], profile: str
) -> None:
    site = sites[profile]
    seen = 0
    for page in report_pages(site):
        source = page.read_text(encoding="utf-8")
        offered = list(tables(page))
        assert len(offered) == source.count("<table"), f"{page}: a table without its CSV"
        for rows, path in offered:
            written = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            if path.name.startswith("agency-pairs"):  # the page leaves out pairs with none
                assert len(written) - 1 == _pairs(written), path
                written = [written[0], *(r for r in written[1:] if r[-1] != "0")]
            assert written == rows, f"{path} differs from its table on {page}"
            seen += 1
    assert seen >= (9 * 11 if profile == "internal" else 9)  # every table of every period


def _pairs(written: list[list[str]]) -> int:
    """A complete list of pairs: every agency named, against every agency named."""
    agencies = {r[0] for r in written[1:]} | {r[1] for r in written[1:]}
    return len(agencies) ** 2


def test_public_csv_shows_the_suppressed_figures_never_the_counts(sites: dict[str, Path]) -> None:
    """The attack: a CSV written from the raw counts would hold the small counts the page
    hides. The public CSVs hold "fewer than 5" where the page does, and no count of 1 to 4."""
    shown = "".join(p.read_text(encoding="utf-8") for p in sites["public"].glob("reports/csv/*"))
    assert "fewer than 5" in shown
    for path in sites["public"].glob("reports/csv/*.csv"):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            for column, value in row.items():
                if column in (
                    "Disputes",
                    "Reached",
                    "Resolved at",
                    "Open at",
                    "Met",
                    "Breached",
                    "Pending",
                    "Overdue",
                    "As challenger",
                    "As challenged",
                ):
                    assert value not in {"1", "2", "3", "4"}, f"{path.name}: {row}"


def test_internal_counts_link_to_the_register_and_zeros_do_not(sites: dict[str, Path]) -> None:
    page = (sites["internal"] / "reports/stages/index.html").read_text(encoding="utf-8")
    assert 'href="../../register/?reached=4"' in page
    assert 'href="../../register/?status=open&amp;stage=3"' in page
    quarter = (sites["internal"] / "reports/2026-q3/stages/index.html").read_text("utf-8")
    assert 'href="../../../register/?quarter=2026-Q3&amp;reached=1"' in quarter
    for path in report_pages(sites["internal"]):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'class="figure"[^>]*>0</a>', source), path  # nothing to list
    tiles = (sites["internal"] / "index.html").read_text(encoding="utf-8")
    assert 'href="register/?status=open"' in tiles  # the same link builder


def test_the_public_site_has_no_register_links_and_one_period(sites: dict[str, Path]) -> None:
    """No figure links anywhere in the public output (there is no register), and no page per
    year or quarter: a year beside its quarters would give small counts away by subtraction.
    The internal site beside it has both, so the check looks in the right place."""
    for profile, site in sites.items():
        everything = "".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*")
            if p.suffix in {".html", ".csv", ".json"}
        )
        periods = sorted(p.name for p in (site / "reports").iterdir() if p.name[:1].isdigit())
        linked = "register/?" in everything or 'class="figure"' in everything
        if profile == "public":
            assert not linked and periods == [] and "period-picker" not in everything
            assert "Only this one period is published" in everything
        else:
            assert linked and "2026" in periods and "2026-q3" in periods


def test_a_year_is_the_sum_of_its_quarters(sites: dict[str, Path]) -> None:
    reports = sites["internal"] / "reports"

    def reached(folder: str) -> list[int]:
        rows = list(
            csv.DictReader(
                io.StringIO((reports / folder / "csv/stages.csv").read_text(encoding="utf-8"))
            )
        )
        return [int(r["Reached"]) for r in rows]

    quarters = [reached(f"2026-q{n}") for n in range(1, 5)]
    assert reached("2026") == [sum(q) for q in zip(*quarters, strict=True)]
    assert reached("2026") != reached("") and reached("2026") != quarters[0]
    everything = [sum(y) for y in zip(reached("2025"), reached("2026"), strict=True)]
    assert everything == reached("")

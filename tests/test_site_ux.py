"""Issue 13 in a real browser: the register at work, the printed form, accessibility, and a
screenshot of every page at desktop and phone sizes (in browser.SHOTS, outside the checkout)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from browser import SHOTS, launched, needs_chromium, serve
from conftest import AS_OF, REPO_ROOT, run_cli, valid_record_text

pytestmark = needs_chromium
# axe-core as bundled (and pinned) by axe-playwright-python, the one source of axe in the tests.
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}  # issue 23: a laptop screen, a phone
INTERNAL_PAGES = {
    "dashboard": "",
    "register": "register/",
    "register-overdue": "register/?overdue=yes&sort=overdue&dir=desc",
    "record-resolved": "records/PD-2026-0004/",
    "record-open-overdue": "records/PD-2026-0016/",
    "record-withdrawn": "records/PD-2025-0002/",
    "new-record": "new/",
    "report-stages": "reports/stages/",
    "report-timescales": "reports/timescales/",
    "report-agencies": "reports/agencies/",
    "report-categories": "reports/categories/",
    "report-learning": "reports/learning/",
    "report-trends": "reports/trends/",
    "report-quarter-agencies": "reports/2026-q3/agencies/",
    "report-year-categories": "reports/2026/categories/",
    "register-more-filters": "register/?challenger=Kent+Police&timescale=3-met",
    "guide-manager": "guides/manager/",
    "guide-audit": "guides/audit-trail/",
    "guide-administrator": "guides/administrator/",
    "policy": "policy/",
}
PUBLIC_PAGES = {
    "summary": "",
    "report-stages": "reports/stages/",
    "report-timescales": "reports/timescales/",
    "report-agencies": "reports/agencies/",
    "report-categories": "reports/categories/",
    "policy": "policy/",
}


def build(root: Path, profile: str, out: Path) -> Path:
    result = run_cli(
        ["build", "--root", str(root), "--profile", profile, "-d", str(out), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sites(demo_site: Callable[[str], Path]) -> Iterator[dict[str, str]]:
    """The demo register's internal and public sites (built once per session), served on
    127.0.0.1."""
    with serve(demo_site("internal")) as inside, serve(demo_site("public")) as outside:
        yield {"internal": inside, "public": outside}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched() as browser:
        yield browser


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    """A desktop-sized page that fails the test on any script error, dialog or request
    leaving this machine."""
    yield from open_tab(chromium, *SIZES["desktop"])


def open_tab(chromium: Any, width: int, height: int, *, missing_ok: bool = False) -> Iterator[Any]:
    """A page of the given size; `missing_ok` lets files the site lacks go unreported (the
    public profile leaves the theme's assets out until the `xss` work styles it)."""
    context = chromium.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error"
            and not (missing_ok and m.text.startswith("Failed to load resource"))
            else None
        ),
    )
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1:", "data:", "blob:"))
            else errors.append(f"request off this machine: {r.url}")
        ),
    )
    yield page
    context.close()
    assert errors == []


def cells(page: Any, column: int) -> list[str]:
    return list(
        page.eval_on_selector_all(
            f"#register-table tbody tr td:nth-child({column})", "cs => cs.map(c => c.innerText)"
        )
    )


# --- the register ---------------------------------------------------------------------------


def test_count_sits_above_the_table_and_overdue_rows_stand_out(sites: dict, tab: Any) -> None:
    tab.goto(sites["internal"] + "register/")
    above = tab.evaluate("""() => document.getElementById('register-count')
        .compareDocumentPosition(document.getElementById('register-table'))
        & Node.DOCUMENT_POSITION_FOLLOWING""")
    assert above
    tab.check("#filter-overdue")
    overdue = cells(tab, 1)
    assert overdue and tab.inner_text("#register-count").startswith(f"{len(overdue)} of ")
    assert tab.eval_on_selector_all(
        "#register-table tbody tr", "rs => rs.every(r => r.classList.contains('is-overdue'))"
    )
    assert all(int(days) > 0 for days in cells(tab, 10))


def test_numbers_sort_as_numbers(sites: dict, tab: Any) -> None:
    tab.goto(sites["internal"] + "register/?status=resolved")
    tab.click("button[data-sort=days]")
    days = [int(d) for d in cells(tab, 11)]
    assert len(days) > 3 and days == sorted(days)  # as text, "105" would come before "14"
    assert any(d >= 100 for d in days) and any(d < 100 for d in days)
    tab.click("button[data-sort=days]")
    assert [int(d) for d in cells(tab, 11)] == sorted(days, reverse=True)
    assert tab.get_attribute("th:has(button[data-sort=days])", "aria-sort") == "descending"


def test_filters_live_in_the_address_and_survive_a_reload(sites: dict, tab: Any) -> None:
    tab.goto(sites["internal"] + "register/")
    tab.select_option("#filter-status", "open")
    tab.fill("#filter-text", "Children")
    tab.click("button[data-sort=opened]")
    shown = cells(tab, 1)
    assert "status=open" in tab.url and "search=Children" in tab.url and "sort=opened" in tab.url
    tab.reload()  # the same view comes back, and a colleague given the address sees it too
    assert cells(tab, 1) == shown
    assert tab.input_value("#filter-status") == "open"
    assert tab.input_value("#filter-text") == "Children"
    tab.click("button[data-clear]")
    tab.wait_for_function("!location.search")
    assert len(cells(tab, 1)) > len(shown)


def test_dashboard_tiles_open_the_register_filtered(sites: dict, tab: Any) -> None:
    tab.goto(sites["internal"])
    count = int(tab.inner_text("a.tile-alert strong"))
    tab.click("a.tile-alert")
    tab.wait_for_url("**/register/?overdue=yes*")
    assert len(cells(tab, 1)) == count
    assert tab.is_checked("#filter-overdue")


def test_a_report_figure_opens_the_register_with_exactly_its_disputes(
    sites: dict, tab: Any
) -> None:
    tab.goto(sites["internal"] + "reports/2026/stages/")
    figure = "a.figure[href$='reached=4']"
    count = int(tab.inner_text(figure))
    tab.click(figure)
    tab.wait_for_url("**/register/?year=2026&reached=4")
    assert len(cells(tab, 1)) == count and count > 0
    assert tab.inner_text("#register-count").startswith(f"{count} of ")
    assert tab.input_value("#filter-year") == "2026" and tab.input_value("#filter-reached") == "4"
    assert tab.evaluate("document.querySelector('.register-more').open")  # the filter is in view
    opened = tab.eval_on_selector_all(
        "#register-table tbody td[data-label=Opened]", "cs => cs.map(c => c.textContent)"
    )
    assert len(opened) == count and all(day.startswith("2026-") for day in opened)


LIST_EACH = """(links) => links.map(([href, count]) => {
  const wanted = new URL(href).searchParams;
  document.querySelectorAll('[data-filter]').forEach((c) => {
    const value = wanted.get(c.dataset.filter === 'text' ? 'search' : c.dataset.filter) || '';
    if (c.type === 'checkbox') c.checked = value === c.value; else c.value = value;
  });
  document.getElementById('filter-status').dispatchEvent(new Event('change'));
  return [href, count, document.getElementById('register-count').textContent.split(' ')[0]];
})"""


def test_every_report_figure_lists_as_many_disputes_as_it_counts(sites: dict, tab: Any) -> None:
    """Each figure's filter, chosen in the register's own controls (a value the controls do
    not offer falls back to "All" and lists too many): all time, a year, a quarter, trends."""
    links: dict[str, str] = {}
    for page in (
        "stages",
        "timescales",
        "agencies",
        "categories",
        "trends",
        "2025/stages",
        "2026-q3/timescales",
        "2026-q4/agencies",
        "2026/categories",
    ):
        tab.goto(sites["internal"] + f"reports/{page}/")
        for href, count in tab.eval_on_selector_all(
            "a.figure", "as => as.map(a => [a.href, a.innerText])"
        ):
            assert links.setdefault(href, count) == count, href  # one filter, one count
    tab.goto(sites["internal"] + "register/")
    listed = tab.evaluate(LIST_EACH, list(links.items()))
    wrong = [(href, count, shown) for href, count, shown in listed if count != shown]
    assert len(listed) > 100 and wrong == []


def test_csv_export_is_the_view_on_screen(sites: dict, tab: Any) -> None:
    tab.goto(sites["internal"] + "register/?status=withdrawn")
    shown = cells(tab, 1)
    with tab.expect_download() as info:
        tab.click("button[data-export=csv]")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))
    assert [r["Id"] for r in rows] == shown
    assert all(r["Status"] == "Withdrawn" and r["Case reference"] for r in rows)
    with tab.expect_download() as info:
        tab.click("button[data-export=json]")
    assert '"id": "' + shown[0] + '"' in Path(info.value.path()).read_text("utf-8")


def test_the_register_fits_a_phone(sites: dict, chromium: Any) -> None:
    for phone in open_tab(chromium, *SIZES["phone"]):
        phone.goto(sites["internal"] + "register/")
        assert phone.evaluate("document.scrollingElement.scrollWidth") <= SIZES["phone"][0]
        phone.select_option("#sort-by", "opened:desc")  # no headings to press on a phone
        opened = [c.split(": ", 1)[-1] for c in cells(phone, 5)]
        assert opened == sorted(opened, reverse=True)


# Each table the theme wraps to scroll sideways that does scroll: the heading before it
# and how much wider than its column it is.
SCROLLING_TABLES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => `${w.parentElement.querySelector('h2')?.textContent} ${w.scrollWidth}>${w.clientWidth}`)"""


def test_no_table_scrolls_sideways_on_a_desktop(sites: dict, chromium: Any) -> None:
    """Every record page and every other page type, both profiles. A signed record's
    sign-off table was 250 px wider than the page (the name and what git says of the
    signature were kept on one line); the Timescales table beside the contents, 18 px."""
    ids = sorted(p.stem for p in REPO_ROOT.glob("records/*/*.md"))
    pages = [("internal", f"records/{i}/") for i in ids]
    pages += [("internal", path) for path in INTERNAL_PAGES.values()]
    pages += [("public", path) for path in PUBLIC_PAGES.values()]
    wide = {}
    for desk in open_tab(chromium, *SIZES["desktop"], missing_ok=True):
        for profile, path in pages:
            desk.goto(sites[profile] + path)
            if found := desk.evaluate(SCROLLING_TABLES):
                wide[f"{profile} /{path}"] = found
    assert wide == {}


# Each list of rows drawn as cards: whether it scrolls sideways, how its rows are shown, and
# the label on each cell of its first row.
CARDS = """() => [...document.querySelectorAll('table[data-cards]')].map(t => {
  const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
  return {id: t.id, scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
          row: getComputedStyle(t.rows[1]).display,
          labels: [...t.rows[1].cells].map(c => getComputedStyle(c, '::before').content),
          headings: [...t.rows[0].cells].map(c => JSON.stringify(c.textContent))};
})"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_lists_of_rows_are_cards_on_a_phone(sites: dict, chromium: Any, size: str) -> None:
    """Overdue disputes, sign-off and audit trail: on a phone each row is a card with each
    value under its heading (they scrolled sideways, up to 960 px in a 390 px screen); on
    a desktop, and on paper, they stay tables."""
    seen = set()
    for tab in open_tab(chromium, *SIZES[size]):
        for path in ("", "records/PD-2026-0004/", "records/PD-2026-0016/"):
            tab.goto(sites["internal"] + path)
            for found in tab.evaluate(CARDS):
                seen.add(found["id"])
                assert not found["scrolls"], (path, found)
                if size == "phone":
                    assert found["row"] == "block", (path, found)
                    assert found["labels"] == found["headings"], (path, found)
                else:
                    assert found["row"] == "table-row", (path, found)
                    assert set(found["labels"]) == {"none"}, (path, found)
    assert seen == {"overdue-table", "sign-off", "audit"}


def settled_first_result(tab: Any) -> str:
    """The first search hit once the results stop changing (they follow each key typed)."""
    seen: list[str] = []
    for _ in range(100):
        tab.wait_for_timeout(200)
        links = tab.eval_on_selector_all(".md-search-result__link", "as => as.map(a => a.href)")
        seen.append("\n".join(links))
        if links and len(seen) >= 5 and len(set(seen[-5:])) == 1:
            return str(links[0])
    raise AssertionError("the search results never settled")


@pytest.mark.parametrize("typed", ["PD-2026-0012", "C-910012"])  # its id, its case reference
def test_search_finds_a_record_by_id_first(sites: dict, tab: Any, typed: str) -> None:
    """Record pages are out of the theme's index; one short entry each stands in for them
    (site/searchindex.py)."""
    tab.goto(sites["internal"])
    tab.wait_for_function(  # the theme's search index is loaded by a worker
        "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    tab.click("input.md-search__input")
    tab.keyboard.type(typed)
    first = settled_first_result(tab)
    assert "records/PD-2026-0012/" in first


def test_a_hostile_record_stays_text_in_the_register(tmp_path: Path, chromium: Any) -> None:
    """The attack: a title that closes the data's <script> element and one that is a
    spreadsheet formula. The honest path: both show as text and export as text."""
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    hostile = {
        "PD-2026-0007": "</script><img src=x onerror=alert(1)>",
        "PD-2026-0008": '=HYPERLINK("http://evil.example","x")',
        "PD-2026-0009": '＝HYPERLINK("http://evil.example")',  # fullwidth: NFKC's =
        "PD-2026-0010": "Threshold;=1+1",  # a cell of its own in a semicolon locale
    }
    for record_id, title in hostile.items():
        text = valid_record_text(record_id).replace(
            "title: Threshold for a child in need assessment", f"title: '{title}'"
        )
        (root / "records/2026").mkdir(parents=True, exist_ok=True)
        (root / f"records/2026/{record_id}.md").write_text(text, encoding="utf-8")
    out = build(root, "internal", tmp_path / "out")
    with serve(out) as address:
        for page in open_tab(chromium, *SIZES["desktop"]):
            page.goto(address + "register/")
            assert sorted(cells(page, 2)) == sorted(hostile.values())
            assert page.evaluate("document.querySelectorAll('#register-table img').length") == 0
            with page.expect_download() as info:
                page.click("button[data-export=csv]")
            exported = Path(info.value.path()).read_text("utf-8")
            assert "'=HYPERLINK" in exported  # a spreadsheet shows it, never runs it
            assert "'＝HYPERLINK" in exported and '"Threshold;\'=1+1"' in exported


# --- the printed form ------------------------------------------------------------------------


def pdf_pages(page: Any, path: Path) -> list[str]:
    page.pdf(path=str(path), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.parametrize(
    ("record_id", "reference", "state"),
    [
        ("PD-2026-0004", "C-910004", "resolved"),
        ("PD-2026-0016", "C-910016", "open"),
    ],
)
def test_printed_record_is_the_form_for_the_case_file(
    sites: dict, tab: Any, tmp_path: Path, record_id: str, reference: str, state: str
) -> None:
    tab.goto(sites["internal"] + f"records/{record_id}/")
    assert tab.is_visible("button[data-print]")
    pages = pdf_pages(tab, tmp_path / f"{record_id}.pdf")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(tmp_path / f"{record_id}.pdf", SHOTS / f"print-{record_id}.pdf")
    for number, text in enumerate(pages, start=1):
        assert record_id in text and reference in text, f"page {number} lacks the header"
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # top and foot of every page
        assert "Printed " in text and f"Page {number} of {len(pages)}" in text
    whole = "\n".join(pages)
    # a stage's heading is never left at the foot of a page without its table
    stages = whole.split("Stages and timescales", 1)[1]
    for page in stages.split("Page "):
        for stage in re.findall(r"Stage \d: [^\n]+", page):
            assert "Decision" in page.split(stage, 1)[1], f"{stage} split from its table"
    order = [  # the seed form's boxes (report.printed), then the closing and the stages
        "The dispute",
        "Summary of reason for dispute",
        "Views of the agencies",
        "Agreed outcomes or actions",
        "Action Note",
        "Sign-off",
        "Signature of challenger manager",
        "Signature of challenged manager",
        "Please complete for monitoring purposes",
        "Additional Notes",
        "How the dispute closed",
        "Stages and timescales",
    ]
    positions = [whole.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Audit trail" not in whole and "Print this record" not in whole
    signed = whole.split("Sign-off", 1)[1].split("monitoring purposes", 1)[0]
    if state == "open":
        assert "overdue" in whole and signed.count("not yet signed") == 2
        assert "not recorded" in whole
    else:
        # the Date line of each sign-off shows the day of each sign-off commit in the
        # repository's history, not the block's 2026-06-16 (issue 23)
        assert len(re.findall(r"\d{4}-\d{2}-\d{2}", signed)) == 2 and "2026-06-16" not in signed


def test_the_protective_marking_comes_from_mkdocs_yml(tmp_path: Path, chromium: Any) -> None:
    root = tmp_path / "register"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(REPO_ROOT / "site", root / "site")
    (root / "records/2026").mkdir(parents=True)
    (root / "records/2026/PD-2026-0007.md").write_text(valid_record_text(), encoding="utf-8")
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace(
            "show_emails: false", 'show_emails: false\n      protective_marking: "OFFICIAL"'
        )
    )
    out = build(root, "internal", tmp_path / "out")
    with serve(out) as address:
        for page in open_tab(chromium, *SIZES["desktop"]):
            page.goto(address + "records/PD-2026-0007/")
            pages = pdf_pages(page, tmp_path / "marked.pdf")
    assert all("OFFICIAL" in p and "OFFICIAL-SENSITIVE" not in p for p in pages)


# --- accessibility and screenshots -------------------------------------------------------------

needs_axe = pytest.mark.skipif(
    not AXE.is_file(), reason="axe-playwright-python ships no axe.min.js"
)


def serious_findings(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return list(
        page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
        .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))""")
    )


def every_page() -> list[tuple[str, str, str]]:
    pages = [("internal", name, url) for name, url in INTERNAL_PAGES.items()]
    return pages + [("public", name, url) for name, url in PUBLIC_PAGES.items()]


@needs_axe
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_is_accessible_and_screenshotted(sites: dict, chromium: Any, size: str) -> None:
    """axe-core finds nothing serious or critical on any page type of either profile, at
    either size; each page is screenshotted for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for page in open_tab(chromium, *SIZES[size], missing_ok=True):
        for profile, name, url in every_page():
            page.goto(sites[profile] + url)
            if name == "new-record":
                page.wait_for_selector("#route-form")
            shot = SHOTS / f"{profile}-{name}-{size}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5000
            problems = serious_findings(page)
            if problems:
                found[f"{profile} {name}"] = problems
    assert found == {}


@pytest.mark.parametrize(
    "selector",
    [
        "#filter-text",
        "#filter-overdue",
        "#filter-status",
        "button[data-sort=id]",
        "#register-table a",
    ],
)
def test_keyboard_focus_is_visible(sites: dict, tab: Any, selector: str) -> None:
    tab.goto(sites["internal"] + "register/")
    tab.focus("body")
    for _ in range(60):  # reach the control by Tab alone, as a keyboard user would
        tab.keyboard.press("Tab")
        if tab.evaluate("(s) => document.activeElement.matches(s)", selector):
            break
    else:
        pytest.fail(f"{selector} cannot be reached with the Tab key")
    style = tab.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
    assert style[0] != "none" and style[1] != "0px" or style[2] != "none", style

"""Issue 23 item 6: the site of a register of 5,000 records, measured in chromium over the
Chrome DevTools Protocol and scanned with axe at a laptop's and a phone's size, in both
profiles, with screenshots (scale-<profile>-<page>-<size>.png in browser.SHOTS) to look at.

Calm: nothing moves while the reader is idle (content-visibility on every cell made the
register's height change as it scrolled and the page flicker); an interaction costs under
100 ms of the main thread. Readable: padded, ruled cells, figures right-aligned in tabular
digits, a heading row that stays in view. Paged: "Next page" keeps the focus and is
announced; the Learning page and the dashboard's overdue list are short.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import test_site_ux
from browser import SHOTS, needs_chromium, serve
from conftest import AS_OF, REPO_ROOT, release, run_cli
from test_site_ux import SIZES, open_tab, serious_findings

from bench.generate import generate_register

pytestmark = needs_chromium
chromium = test_site_ux.chromium  # the browser fixture, shared
RECORDS = 5000
PAGES = {
    "internal": {
        "dashboard": "",
        "register": "register/",
        "register-overdue": "register/?overdue=yes&sort=overdue&dir=desc",
        "record": "records/PD-2026-0001/",
        "stages": "reports/stages/",
        "timescales": "reports/timescales/",
        "agencies": "reports/agencies/",
        "categories": "reports/categories/",
        "year-stages": "reports/2026/stages/",
        "trends": "reports/trends/",
        "learning": "reports/learning/",
        "new": "new/",
        "guide": "guides/manager/",
        "policy": "policy/",
    },
    "public": {
        "summary": "",
        "stages": "reports/stages/",
        "timescales": "reports/timescales/",
        "agencies": "reports/agencies/",
        "categories": "reports/categories/",
        "about": "about/",
        "data": "data/",
    },
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A generated register of 5,000 records (tools/bench/generate.py), built once in each
    profile and served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("scale")
    root = generate_register(base / "register", RECORDS)
    shutil.copytree(REPO_ROOT / "site", root / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    release(root, AS_OF)  # the public site publishes the quarter's release
    out = {}
    for profile in ("internal", "public"):
        out[profile] = base / profile
        args = ["build", "--root", str(root), "--profile", profile, "-d", str(out[profile])]
        result = run_cli([*args, "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
    with serve(out["internal"]) as inside, serve(out["public"]) as outside:
        yield {"internal": inside, "public": outside}


@pytest.fixture
def laptop(chromium: Any) -> Iterator[Any]:
    """A page of a laptop's size (test_site_ux.open_tab: a script error fails the test); a
    control the pointer cannot reach fails in 10 s, rather than hanging."""
    for page in open_tab(chromium, *SIZES["desktop"]):
        page.set_default_timeout(10_000)
        yield page


# --- calm ----------------------------------------------------------------------------------

WATCH = """() => { window.seen = {shifts: [], long: []};
  new PerformanceObserver(l => l.getEntries().forEach(e => seen.shifts.push(e.value)))
    .observe({type: 'layout-shift'});
  new PerformanceObserver(l => l.getEntries().forEach(e => seen.long.push(e.duration)))
    .observe({type: 'longtask'}); }"""


def metrics(cdp: Any) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def test_the_register_is_still_when_idle(sites: dict, laptop: Any) -> None:
    """Idle for 5 s with the table in view at 1366x768: no layout shift, no layout at all,
    and the main thread all but idle (it was busy 4.5 s of every 5). The page's height does
    not change as it is scrolled (it grew from 2,148 to 3,939 px as cells came into view)."""
    cdp = laptop.context.new_cdp_session(laptop)
    cdp.send("Performance.enable")
    laptop.goto(sites["internal"] + "register/")
    heights = set()
    for y in range(0, 3000, 250):
        laptop.evaluate(f"window.scrollTo(0, {y})")
        laptop.wait_for_timeout(100)
        heights.add(laptop.evaluate("document.documentElement.scrollHeight"))
    assert len(heights) == 1, sorted(heights)
    laptop.evaluate("window.scrollTo(0, 600)")
    laptop.wait_for_timeout(1000)
    laptop.evaluate(WATCH)
    before = metrics(cdp)
    laptop.wait_for_timeout(5000)
    after = metrics(cdp)
    seen = laptop.evaluate("seen")
    assert seen["shifts"] == [] and seen["long"] == []
    assert after["LayoutCount"] - before["LayoutCount"] == 0
    assert after["TaskDuration"] - before["TaskDuration"] < 0.25  # seconds of 5


# What each interaction costs the page's main thread (at most 100 ms, issue 23) is measured,
# not asserted: tools/bench/bench_register.py times every filter, search, sort and page change
# at 1,000 and 5,000 records beside its target, and its smoke mode runs in test_benchmarks.


# --- readable ------------------------------------------------------------------------------

CELLS = """() => {
  const style = (s) => getComputedStyle(document.querySelector(s));
  const cell = style('#register-table tbody td:nth-child(2)');
  const figure = style('#register-table tbody td.num');
  return {padding: parseFloat(cell.paddingLeft), top: parseFloat(cell.paddingTop),
          rule: parseFloat(cell.borderBottomWidth), align: figure.textAlign,
          digits: figure.fontVariantNumeric,
          headAlign: style('#register-table th.col-days').textAlign};
}"""


def test_cells_are_padded_ruled_and_figures_line_up(sites: dict, laptop: Any) -> None:
    laptop.goto(sites["internal"] + "register/")
    cells = laptop.evaluate(CELLS)
    assert cells["padding"] >= 4 and cells["top"] >= 4 and cells["rule"] >= 1, cells
    assert cells["align"] == "right" and cells["headAlign"] == "right", cells
    assert "tabular-nums" in cells["digits"], cells
    laptop.goto(sites["internal"] + "reports/timescales/")
    aligned = laptop.eval_on_selector_all(
        "table[data-figures] tbody tr:first-child td:not(:first-child)",  # the first: a label
        "cs => cs.map(c => [c.textContent, getComputedStyle(c).textAlign])",
    )
    assert aligned and all(a == "right" for t, a in aligned if t.strip().isdigit()), aligned


HEADING_TOP = """(s) => document.querySelector(s).getBoundingClientRect().top"""


def test_the_heading_row_stays_in_view(sites: dict, laptop: Any) -> None:
    """On the register, under the theme's header as the page scrolls; on a long report table
    (Learning), at the top of its box as the box scrolls."""
    laptop.goto(sites["internal"] + "register/")
    laptop.evaluate("window.scrollTo(0, 2000)")
    laptop.wait_for_timeout(200)
    header = laptop.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = laptop.evaluate(HEADING_TOP, "#register-table th.col-id")
    assert header - 1 <= top <= header + 1, (header, top)
    laptop.goto(sites["internal"] + "reports/learning/")
    box = ".md-typeset__scrollwrap:has(table[data-paged])"
    laptop.eval_on_selector(box, "b => { b.scrollIntoView(); b.scrollTop = 800; }")
    laptop.wait_for_timeout(200)
    inner = laptop.eval_on_selector(box, "b => b.getBoundingClientRect().top")
    assert abs(laptop.evaluate(HEADING_TOP, "table[data-paged] th") - inner) <= 1
    assert laptop.eval_on_selector(box, "b => b.scrollTop") > 0  # it did scroll


# --- focus and pages -----------------------------------------------------------------------


def test_next_page_keeps_the_focus_and_is_announced(sites: dict, laptop: Any) -> None:
    laptop.goto(sites["internal"] + "register/?size=100")
    status = ".register-pager [role=status]"
    assert laptop.inner_text(status) == "Page 1 of 50, rows 1-100"
    laptop.focus(".register-pager button:has-text('Next page')")
    laptop.keyboard.press("Enter")
    assert laptop.inner_text(status) == "Page 2 of 50, rows 101-200"
    assert laptop.evaluate("document.activeElement.textContent") == "Next page"
    first = laptop.inner_text("#register-table tbody tr:first-child td:first-child")
    laptop.keyboard.press("Enter")  # pressed again, the focus still there: page 3
    assert laptop.inner_text(status) == "Page 3 of 50, rows 201-300"
    assert laptop.inner_text("#register-table tbody tr:first-child td:first-child") != first
    laptop.goto(sites["internal"] + "register/?size=100&page=49")
    laptop.focus(".register-pager button:has-text('Next page')")
    laptop.keyboard.press("Enter")  # the last page: Next is disabled, the focus moves back
    assert laptop.inner_text(status) == "Page 50 of 50, rows 4901-5000"
    assert laptop.evaluate("document.activeElement.textContent") == "Previous page"


def test_the_dashboard_lists_the_most_overdue_and_links_to_the_rest(
    sites: dict, laptop: Any
) -> None:
    laptop.goto(sites["internal"])
    overdue = int(laptop.inner_text("a.tile-alert strong"))
    rows = laptop.eval_on_selector_all("#overdue-table tbody tr", "rs => rs.length")
    days = [
        int(d)
        for d in laptop.eval_on_selector_all(
            "#overdue-table tbody td:nth-child(5)", "cs => cs.map(c => c.textContent)"
        )
    ]
    assert overdue > 20 and rows == 20 and days == sorted(days, reverse=True)
    laptop.click(f"text=See all {overdue} overdue disputes in the register")
    laptop.wait_for_url("**/register/?overdue=yes*")
    assert laptop.inner_text("#register-count").startswith(f"{overdue} of {RECORDS}")
    assert laptop.evaluate("document.documentElement.scrollHeight") < 20_000


def test_the_learning_page_is_shown_a_page_at_a_time(sites: dict, laptop: Any) -> None:
    """It was one table 136,647 px tall; every row is still in the page (and on paper)."""
    laptop.goto(sites["internal"] + "reports/learning/")
    rows = laptop.eval_on_selector_all("table[data-paged] tbody tr", "rs => rs.length")
    shown = laptop.eval_on_selector_all(
        "table[data-paged] tbody tr", "rs => rs.filter(r => r.offsetParent).length"
    )
    assert rows > 1000 and shown == 50
    assert laptop.evaluate("document.documentElement.scrollHeight") < 8000
    laptop.click("text=Next page")
    pages = -(-rows // 50)
    assert laptop.inner_text("[role=status]") == f"Page 2 of {pages}, rows 51-100"
    laptop.emulate_media(media="print")
    printed = laptop.eval_on_selector_all(
        "table[data-paged] tbody tr", "rs => rs.filter(r => r.offsetParent).length"
    )
    assert printed == rows


# --- public charts, axe and screenshots ----------------------------------------------------


def test_a_public_chart_marks_what_it_withholds(sites: dict, laptop: Any) -> None:
    laptop.goto(sites["public"] + "reports/timescales/")
    hidden = laptop.eval_on_selector_all(
        "table tbody td", "cs => cs.filter(c => /fewer than 5|withheld/.test(c.textContent)).length"
    )
    assert hidden > 0  # the generated register has some: the check looks at something
    assert "drawn as hatched bars" in laptop.inner_text("article")
    svg = laptop.evaluate("fetch('../charts/timescales.svg').then(r => r.text())")
    assert svg.count("fill: url(#withheld)") == hidden and "Withheld, not zero" in svg
    SHOTS.mkdir(parents=True, exist_ok=True)
    laptop.locator("img.chart").screenshot(path=str(SHOTS / "scale-public-timescales-chart.png"))


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("profile", list(PAGES))
def test_every_page_type_is_accessible_at_5000_records(
    sites: dict, chromium: Any, profile: str, size: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for page in open_tab(chromium, *SIZES[size], missing_ok=True):
        for name, path in PAGES[profile].items():
            page.goto(sites[profile] + path)
            page.screenshot(path=str(SHOTS / f"scale-{profile}-{name}-{size}.png"))
            if problems := serious_findings(page):
                found[name] = problems
    assert found == {}


def test_guides_are_accessible_before_the_theme_script_runs(sites: dict, chromium: Any) -> None:
    """The attack: axe run before the theme's script has made overflowing code blocks
    focusable (here, with every script held back). 41 serious findings on a phone, before."""
    found = {}
    for size in SIZES:
        for page in open_tab(chromium, *SIZES[size], missing_ok=True):
            page.route("**/*.js", lambda route: route.abort())
            for name in ("manager", "administrator", "audit-trail", "python-api"):
                page.goto(sites["internal"] + f"guides/{name}/")
                if problems := serious_findings(page):
                    found[f"{name} {size}"] = problems
    assert found == {}

"""Stored script injection: a register whose every string is a payload, built for both profiles
and opened in chromium page by page, search included. Any dialog, console error or element
made from a record's text fails the test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import SHOTS, launched, needs_chromium, serve
from conftest import run_cli, with_every_table
from hostile import MARK, hostile_register

from disputes.report.richtext import safe_body

AS_OF = "2026-11-22"
RECORDS = ("PD-2026-0101", "PD-2026-0102", "PD-2026-0103")
REPORTS = ("stages", "timescales", "agencies", "categories")
INTERNAL_PAGES = (
    "",
    "register/",
    *(f"records/{r}/" for r in RECORDS),
    *(f"reports/{r}/" for r in (*REPORTS, "learning")),
    "policy/",
    "new/",
    "guides/manager/",
)
PUBLIC_PAGES = ("", *(f"reports/{r}/" for r in REPORTS), "policy/")
CHARTS = ("stages", "timescales", "agencies", "categories", "outcomes")

# Any element a payload could have made: the marker, an event handler, a javascript: address.
INJECTED = f"""() => [...document.querySelectorAll('*')].flatMap(el => [
  ...(el.getAttribute('class') || '').split(/\\s+/).includes('{MARK}') ? ['marker element'] : [],
  ...[...el.attributes].filter(a => /^on/i.test(a.name)).map(a => a.name + ' handler'),
  ...[...el.attributes].filter(a => /^\\s*javascript:/i.test(a.value)).map(a => a.name + ' url'),
].map(what => what + ' on <' + el.tagName.toLowerCase() + '>'))"""


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_register(tmp_path_factory.mktemp("hostile") / "register")


def _built(register: Path, factory: pytest.TempPathFactory | Path, profile: str) -> Path:
    out = factory / profile if isinstance(factory, Path) else factory.mktemp(profile)
    result = run_cli(
        ["build", "--root", str(register), "--profile", profile, "-d", str(out), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def internal(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(register, tmp_path_factory, "internal")


@pytest.fixture(scope="module")
def public(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site with every table, few as the records are (a small period would
    publish its totals only, and the payloads would not reach the report pages)."""
    every_table = with_every_table(register, tmp_path_factory.mktemp("tables") / "register")
    return _built(every_table, tmp_path_factory, "public")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as chromium:
        yield chromium


def _open(browser: Any, url: str) -> tuple[Any, list[str]]:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    # A failed load is reported by address (the browser's own favicon request for a bare SVG
    # is not the site's); every other console error counts.
    tab.on(
        "console",
        lambda m: (
            problems.append(f"console: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    tab.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} for {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1:", "data:"))
            else problems.append(f"request off this machine: {r.url}")
        ),
    )  # a tracking pixel
    tab.goto(url)
    tab.wait_for_load_state("load")
    return tab, problems


def search(tab: Any, term: str) -> None:
    """Type into the theme's search box until its worker has loaded the index and answers."""
    for _ in range(10):
        tab.fill("input.md-search__input", "")
        tab.focus("input.md-search__input")
        tab.keyboard.type(term)
        try:
            tab.wait_for_selector(".md-search-result__item", timeout=2_000)
            return
        except Exception:  # the worker was still loading the index: type again
            continue
    raise AssertionError(f"searching for {term!r} found nothing")


def _check(browser: Any, url: str, *, term: str = "") -> list[str]:
    """Everything wrong on one page: dialogs, console errors, injected elements."""
    tab, problems = _open(browser, url)
    if term:  # results show titles and text from the search index
        search(tab, term)
        tab.hover(".md-search-result__item")
    problems += [f"{p} ({url})" for p in tab.evaluate(INJECTED)]
    tab.close()
    return problems


def _sweep(browser: Any, site: Path, pages: tuple[str, ...], term: str) -> list[str]:
    problems: list[str] = []
    with serve(site) as address:
        for path in pages:
            problems += _check(browser, address + path)
        for chart in CHARTS:  # an SVG opened on its own runs scripts: it must have none
            problems += _check(browser, f"{address}reports/charts/{chart}.svg")
        problems += _check(browser, address, term=term)
    return problems


pytestmark = needs_chromium


def test_no_record_string_runs_on_the_internal_site(internal: Path, browser: Any) -> None:
    assert (internal / "records/PD-2026-0101/index.html").is_file()
    assert _sweep(browser, internal, INTERNAL_PAGES, "pd") == []


def test_no_record_string_runs_on_the_public_site(public: Path, browser: Any) -> None:
    assert _sweep(browser, public, PUBLIC_PAGES, "agency") == []


def test_emails_and_commit_authors_are_text_when_shown(
    register: Path, tmp_path: Path, browser: Any
) -> None:
    """With show_emails on, the managers' emails and the commit author's email are shown:
    they are payloads too."""
    shown = tmp_path / "register"
    shutil.copytree(register, shown)
    config = shown / "mkdocs.yml"
    config.write_text(config.read_text().replace("show_emails: false", "show_emails: true"))
    out = _built(shown, tmp_path, "internal")
    pages = tuple(f"records/{r}/" for r in RECORDS)
    assert _sweep(browser, out, pages, "pd") == []
    with serve(out) as address:
        tab, problems = _open(browser, address + "records/PD-2026-0101/")
        article = tab.inner_text("article")
        tab.close()
    assert problems == []
    assert f'"><b/class={MARK}/onclick=alert(40)>@x.example' in article
    assert f'onfocus=alert(301)"@{MARK}.example' in article  # git drops the leading quote


def test_a_record_cannot_embed_an_image_from_elsewhere() -> None:
    """A remote image in a record's text would tell its server who read the record."""
    rendered = safe_body(
        "See ![pixel](https://tracker.example/p.png) and [a link](https://x.example)."
    )
    assert "<img" not in rendered and "tracker.example" not in rendered
    assert 'href="https://x.example"' in rendered  # links stay


def test_payloads_are_shown_as_text(internal: Path, browser: Any) -> None:
    """The honest path: the text is all there, just never markup."""
    with serve(internal) as address:
        tab, problems = _open(browser, address + "records/PD-2026-0101/")
        title = tab.title()
        header = tab.inner_text(".md-header__topic:last-child")
        article = tab.inner_text("article")
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / "hostile-record.png"), full_page=True)
        tab.close()
    assert problems == []
    assert f"<b class={MARK}>1</b>" in title
    assert f"<b class={MARK}>1</b>" in header
    for n in (1, 10, 20, 40, 70, 200):
        assert f"<img src=x{n} onerror=alert({n})>" in article
    assert 'onmouseover="alert(300)"' in article  # the commit author
    assert f"<b class={MARK}>302</b>" in article  # the commit subject

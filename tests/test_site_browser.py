"""The built demo site in a real browser: filter and sort the register, open a record, charts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import SHOTS, launched, needs_chromium, serve

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(demo_site: Callable[[str], Path]) -> Iterator[str]:
    """The demo register's internal site (built once per session), served on 127.0.0.1."""
    with serve(demo_site("internal")) as address:
        yield address


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    """A fresh page that records console errors and fails on any dialog (an injected script)."""
    with launched() as chromium:
        tab = chromium.new_page(viewport={"width": 1280, "height": 1000})
        tab.errors = []
        tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        tab.on("dialog", lambda d: (tab.errors.append(f"dialog: {d.message}"), d.dismiss()))
        tab.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(("http://127.0.0.1:", "data:"))
                else tab.errors.append(f"request off this machine: {r.url}")
            ),
        )
        yield tab
        assert tab.errors == []  # no console error, no dialog, no network beyond 127.0.0.1


def visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#register-table tbody tr:not([hidden]) td:first-child",
        "cells => cells.map(c => c.innerText)",
    )


def test_filter_and_sort_the_register(site: str, page: Any) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(site + "register/")
    everyone = visible_ids(page)
    assert len(everyone) >= 15
    page.select_option("select[data-filter=status]", "withdrawn")
    withdrawn = visible_ids(page)
    assert 0 < len(withdrawn) < len(everyone)
    assert page.inner_text("#register-count").startswith(f"{len(withdrawn)} of {len(everyone)}")
    page.select_option("select[data-filter=status]", "")
    page.select_option("select[data-filter=stage]", "5")
    assert all(r.startswith("PD-") for r in visible_ids(page))
    page.select_option("select[data-filter=stage]", "")
    page.fill("input[data-filter=text]", "Kent Police")
    assert 0 < len(visible_ids(page)) < len(everyone)
    page.fill("input[data-filter=text]", "")
    page.click("#register-table th:first-child")
    page.click("#register-table th:first-child")  # descending
    ids = visible_ids(page)
    assert ids == sorted(ids, reverse=True)
    page.screenshot(path=str(SHOTS / "register.png"), full_page=True)


def test_open_a_record_from_the_register(site: str, page: Any) -> None:
    page.goto(site + "register/")
    page.click("text=PD-2026-0014")
    page.wait_for_url("**/records/PD-2026-0014/")
    assert "Stages and timescales" in page.inner_text("article")
    assert "<script>alert(1)</script>" in page.inner_text("article")  # shown, never run
    assert page.evaluate("document.querySelectorAll('article script').length") == 0
    page.screenshot(path=str(SHOTS / "record.png"), full_page=True)


@pytest.mark.parametrize("report", ["stages", "timescales", "agencies", "categories"])
def test_report_charts_are_visible(site: str, page: Any, report: str) -> None:
    page.goto(site + f"reports/{report}/")
    charts = page.query_selector_all("img.chart")
    assert charts
    for chart in charts:
        assert chart.is_visible()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(SHOTS / f"report-{report}.png"), full_page=True)


def test_dashboard_shows_overdue_first(site: str, page: Any) -> None:
    page.goto(site)
    days = page.eval_on_selector_all(
        "#overdue-table tbody tr td:nth-child(5)", "cells => cells.map(c => Number(c.innerText))"
    )
    assert days and days == sorted(days, reverse=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)


def test_print_view_mirrors_the_paper_form(site: str, page: Any) -> None:
    page.goto(site + "records/PD-2026-0007/")
    page.emulate_media(media="print")
    assert not page.is_visible(".md-sidebar--primary")
    assert not page.is_visible("#audit")  # the audit trail stays on screen only
    assert page.is_visible(".printed-form") and not page.is_visible(".record-screen")
    assert page.is_visible(".pf-signature .pf-sign-here")  # issue 13: boxes that never clip
    text = page.inner_text(".printed-form")
    for part in (
        "C-910007",
        "Summary of reason for dispute",
        "Agreed outcomes or actions",
        "Please note how effective this policy was",
        "Time taken to reach resolution (no. of days)",
    ):
        assert part in text
    page.pdf(path=str(SHOTS / "record-print.pdf"))

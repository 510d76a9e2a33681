"""Issue 23 item 3: figures that say their date, and do not go stale when read later.

A site built on 17 December 2026 and read in Chromium a week later (the browser's clock
moved): deadlines the pages showed as still to come (one of them an immediate-risk
dispute's) are flagged overdue by the reader's browser, in the policy's time zone, and the
page says it is older than its reading. Read on the day it was built nothing is flagged;
without JavaScript the page still says its date; every page of both profiles says it, and
the public profile carries no deadline of any single dispute.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from browser import launched, needs_chromium, serve
from conftest import REPO_ROOT, demo_register_copy, run_cli

pytestmark = needs_chromium

BUILT = "2026-12-17"
DUE = "2026-12-20"  # PD-2026-0015's stage 5: two months from the group's 20 October
# PD-2026-0090: the same dispute with an immediate risk; PD-2026-0091 due after the week.
RISKY, LATER = "PD-2026-0090", "PD-2026-0091"
A_WEEK_LATER = datetime(2026, 12, 24, 12, 0, tzinfo=UTC)
FLAG = "Overdue since 21 December 2026"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = demo_register_copy(tmp_path_factory.mktemp("register"))
    shutil.copytree(REPO_ROOT / "releases", root / "releases")  # the public figures
    source = (root / "records/2026/PD-2026-0015.md").read_text(encoding="utf-8")
    risky = source.replace("PD-2026-0015", RISKY).replace(
        "immediate_risk: false", "immediate_risk: true"
    )
    later = source.replace("PD-2026-0015", LATER).replace(
        "group_date: 2026-10-20", "group_date: 2026-11-10"
    )
    (root / f"records/2026/{RISKY}.md").write_text(risky, encoding="utf-8")
    (root / f"records/2026/{LATER}.md").write_text(later, encoding="utf-8")
    built = {}
    for profile in ("internal", "public"):
        out = tmp_path_factory.mktemp(profile)
        args = ["build", "--root", str(root), "--profile", profile, "-d", str(out)]
        result = run_cli([*args, "--as-of", BUILT])
        assert result.exit_code == 0, result.output
        built[profile] = out
    with serve(built["internal"]) as inside:
        yield {"internal": inside, "internal-dir": str(built["internal"]),
               "public-dir": str(built["public"])}  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with launched() as browser:
        yield browser


def reader(chromium: Any, when: datetime, *, zone: str = "Europe/London", script: bool = True):
    """A tab whose clock reads `when`, in the reader's own time zone `zone`."""
    context = chromium.new_context(timezone_id=zone, java_script_enabled=script)
    context.clock.set_fixed_time(when)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def flags(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".overdue-flag", "els => els.map(e => e.textContent)"))


def test_a_page_read_a_week_later_flags_what_fell_due(sites: dict, chromium: Any) -> None:
    context, page, errors = reader(chromium, A_WEEK_LATER)
    page.goto(sites["internal"] + f"records/{RISKY}/")
    assert [f.strip() for f in flags(page)] == [
        f"{FLAG} (immediate risk of harm), by your browser's date"
    ]
    stamp = page.inner_text(".figures-date")
    assert "Figures as of 17 December 2026." in stamp
    assert "Built on 17 December 2026, read on 24 December 2026" in stamp
    page.goto(sites["internal"] + "records/PD-2026-0015/")
    assert [f.strip() for f in flags(page)] == [f"{FLAG}, by your browser's date"]
    page.goto(sites["internal"] + f"records/{LATER}/")
    assert flags(page) == []  # due 10 January 2027: not yet
    page.goto(sites["internal"] + "register/")
    # flagged as its rows are drawn (and drawn again)
    page.wait_for_function("document.querySelectorAll('#register-table .overdue-flag').length > 1")
    flagged = page.eval_on_selector_all(
        "#register-table time[data-flagged]", "els => els.map(e => e.closest('tr').textContent)"
    )
    assert sorted(re.findall(r"PD-2026-00\d\d", " ".join(flagged))) == ["PD-2026-0015", RISKY], (
        flagged
    )
    page.goto(sites["internal"])
    tile = page.inner_text("a.tile-alert")
    assert "and 2 more since it was built, by your browser's date" in tile, tile
    page.goto(sites["internal"] + "reports/timescales/")  # counts only: dated, not flagged
    assert "read on 24 December 2026: the figures are as they stood when it was built" in (
        page.inner_text(".figures-date")
    )
    assert errors == []
    context.close()


def test_read_on_the_day_it_was_built_nothing_is_flagged(sites: dict, chromium: Any) -> None:
    context, page, _ = reader(chromium, datetime(2026, 12, 17, 15, 0, tzinfo=UTC))
    for path in (f"records/{RISKY}/", "register/", ""):
        page.goto(sites["internal"] + path)
        assert flags(page) == [] and page.query_selector(".read-later") is None
    context.close()


def test_the_policy_time_zone_decides_not_the_readers(sites: dict, chromium: Any) -> None:
    """At noon on the 20th in London it is already the 21st in Auckland: still not overdue
    (the deadline is the 20th, as the policy's time zone counts days)."""
    noon = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    context, page, _ = reader(chromium, noon, zone="Pacific/Auckland")
    page.goto(sites["internal"] + f"records/{RISKY}/")
    assert flags(page) == []
    context.close()
    late = datetime(2026, 12, 21, 0, 30, tzinfo=UTC)  # 00:30 on the 21st in London
    context, page, _ = reader(chromium, late, zone="America/Los_Angeles")  # still the 20th
    page.goto(sites["internal"] + f"records/{RISKY}/")
    assert len(flags(page)) == 1
    context.close()


def test_without_a_script_the_page_still_says_its_date(sites: dict, chromium: Any) -> None:
    context, page, _ = reader(chromium, A_WEEK_LATER, script=False)
    page.goto(sites["internal"] + f"records/{RISKY}/")
    assert "Figures as of 17 December 2026" in page.inner_text(".figures-date")
    assert page.inner_text(f'time[data-deadline="{DUE}"]') == DUE
    context.close()


def html_pages(folder: str) -> list[Path]:
    return [p for p in Path(folder).rglob("*.html") if p.name != "404.html"]


@pytest.mark.parametrize("profile", ["internal", "public"])
def test_every_page_of_both_profiles_says_its_date(sites: dict, profile: str) -> None:
    pages = html_pages(sites[f"{profile}-dir"])
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert 'class="figures-date"' in text, path
        if profile == "internal":
            assert 'Figures as of <time datetime="2026-12-17">17 December 2026</time>' in text
        else:  # a release's figures, as they stood at the end of its quarter; no day, and
            # no dispute's deadline as data
            assert "Figures as of the end of September 2026 (the 2026-Q3 release)" in text, path
            assert "data-deadline" not in text and "data-pending" not in text, path

"""Benchmark: the register page in Debian's chromium at 1,000 and 5,000 records.

Usage: python tools/bench/bench_register.py [N1 N2]   (default 1000 5000)
Builds a synthetic register's site, opens /register/ and measures, with Chromium's own
counters (DevTools Performance.getMetrics), the script, style and layout time of the first
paint and of each filter, search, sort and page change. Prints each figure beside the floor
the issue sets: 100 ms of script and layout per step on this machine.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import REPO, generate_register
from disputes.site.build import build_site

sys.path.insert(0, str(REPO / "tests"))
from browser import launched, serve  # noqa: E402  (the tests' chromium and web server)

FLOOR_MS = 100.0
COUNTERS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")


def build(root: Path) -> Path:
    """The internal site of the register at `root`."""
    shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    build_site(root / "mkdocs.yml", root / "out")
    return root / "out"


def counters(cdp: Any) -> dict[str, float]:
    """Chromium's running totals, in milliseconds."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: 1000 * metrics.get(name, 0.0) for name in COUNTERS}


def step(tab: Any, cdp: Any, action: Callable[[], None]) -> dict[str, float]:
    """The counters' growth over one action, once the page has drawn its result."""
    before = counters(cdp)
    action()
    tab.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    after = counters(cdp)
    return {name: after[name] - before[name] for name in COUNTERS}


def measure(site: Path) -> list[tuple[str, dict[str, float]]]:
    """Each step's script, style and layout milliseconds."""
    results = []
    with serve(site) as address, launched() as chromium:
        tab = chromium.new_page(viewport={"width": 1366, "height": 900})
        cdp = tab.context.new_cdp_session(tab)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        results.append(("first paint", step(tab, cdp, lambda: tab.goto(address + "register/"))))
        size = len(tab.inner_text("#register-data"))
        elements = tab.evaluate("document.getElementsByTagName('*').length")
        print(f"  register page: {size / 1024:.0f} KB of row data, {elements} elements")
        actions = [
            ("filter status=open", lambda: tab.select_option("#filter-status", "open")),
            ("overdue only", lambda: tab.check("#filter-overdue")),
            ("clear filters", lambda: tab.click("button[data-clear]")),
            ("search an id", lambda: tab.fill("#filter-text", "PD-2025-0042")),
            ("clear search", lambda: tab.fill("#filter-text", "")),
            ("sort by opened", lambda: tab.click("button[data-sort=opened]")),
            ("sort descending", lambda: tab.click("button[data-sort=opened]")),
            ("sort by days overdue", lambda: tab.click("button[data-sort=overdue]")),
            ("next page", lambda: tab.click("text=Next page")),
        ]
        results += [(name, step(tab, cdp, act)) for name, act in actions]
    return results


def main(sizes: list[int]) -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"{n} records:")
            site = build(generate_register(Path(tmp) / "register", n))
            for name, figures in measure(site):
                work = figures["ScriptDuration"] + figures["LayoutDuration"]
                work += figures["RecalcStyleDuration"]
                verdict = "ok" if work <= FLOOR_MS else "OVER"
                print(f"  {name:<22} script {figures['ScriptDuration']:6.1f} ms, style "
                      f"{figures['RecalcStyleDuration']:5.1f} ms, layout "
                      f"{figures['LayoutDuration']:5.1f} ms = {work:6.1f} ms "
                      f"(floor {FLOOR_MS:.0f} ms) {verdict}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])

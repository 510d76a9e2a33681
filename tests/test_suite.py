"""The test suite's own promises: browser tests marked, and nothing written into the checkout."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import BROWSER_MODULES, REPO_ROOT, SLOW, checkout_git_folder

from disputes.history.log import read_history
from disputes.history.sigcache import CACHE_FILE

TESTS = REPO_ROOT / "tests"


def test_every_module_that_launches_chromium_is_marked_browser() -> None:
    """A browser module missing from conftest's list would slow the fast subset down."""
    launching = set()
    for path in TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "browser"
                and any(alias.name == "launched" for alias in node.names)
            ):
                launching.add(path.stem)
    assert launching, "no module imports browser.launched: has the helper moved?"
    assert launching - {"test_benchmarks"} <= BROWSER_MODULES  # benchmarks are `slow`
    assert all((TESTS / f"{name}.py").is_file() for name in BROWSER_MODULES)


def test_reading_the_demo_history_leaves_the_checkout_git_folder_alone(tmp_path: Path) -> None:
    """The tool remembers signature checks in a repository's git folder; reading the demo
    register's history while testing must not write into the checkout's."""
    git_folder = checkout_git_folder()
    assert git_folder is not None
    cache = git_folder / CACHE_FILE
    before = cache.read_bytes() if cache.exists() else None
    signers = tmp_path / "allowed_signers"  # content never seen before: nothing remembered yet
    signers.write_text(f"# {tmp_path}\n", encoding="utf-8")
    history = read_history(REPO_ROOT, allowed_signers=signers)
    history.verify(history.commits[:5])
    assert history.commits and history.rememberable  # so the checks would be written
    assert (cache.read_bytes() if cache.exists() else None) == before


def test_every_test_marked_slow_by_name_exists() -> None:
    """A renamed test would silently leave the slow list and slow the fast subset down."""
    for entry in SLOW:
        module, _, test = entry.partition("::")
        source = (TESTS / f"{module}.py").read_text(encoding="utf-8")
        assert not test or f"def {test}(" in source, entry

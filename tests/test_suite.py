"""The test suite's own promises: browser tests marked, nothing written into the checkout,
and commit subjects that fit."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest
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


# The commit before the habit was kept (issue 20): every later commit's subject fits.
SUBJECTS_SINCE = "e6744d3db4c215c0cc0120bc39e840c68fb75278"
SUBJECT_MOST = 72


def test_every_commit_subject_since_the_habit_fits_72_characters() -> None:
    """Commit subjects of at most 72 characters, the reason in the body (issue 20), checked
    over this checkout's history; skipped where the history is not here (a source copy)."""
    done = subprocess.run(
        ["git", "log", "--format=%s", f"{SUBJECTS_SINCE}..HEAD"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip("this checkout has no git history reaching the habit's start")
    long = [s for s in done.stdout.splitlines() if len(s) > SUBJECT_MOST]
    assert long == [], f"subjects over {SUBJECT_MOST} characters: {long}"

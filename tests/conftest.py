"""Shared test set-up: the package under tools/ importable without installing, registers in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from click.testing import CliRunner, Result  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-22"  # the fixed "today" of every test

MakeRegister = Callable[..., Path]


def valid_record_text(record_id: str = "PD-2026-0007") -> str:
    """A complete example record, with body text: valid as of 2026-11-22."""
    return _FRONT.replace("PD-2026-0007", record_id) + _BODY


_FRONT = """\
---
id: PD-2026-0007
title: Threshold for a child in need assessment
status: resolved              # open | resolved | withdrawn
opened: 2026-03-02            # date the disagreement was first raised
immediate_risk: false
level_of_need: child-in-need  # optional
categories: [levels-of-need, need-for-action]
child:
  reference: C-104233         # the agencies' case reference; never a name
challenger:
  agency: Kent Police
  worker: {name: Sam Patel, designation: Detective Constable}
challenged:
  agency: Children's Social Care
stages:
  - stage: 1
    started: 2026-03-02
  - stage: 2
    started: 2026-03-03
  - stage: 3
    started: 2026-03-05
    raised: 2026-03-06        # concern reached the other agency's manager
    challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, email: ann.lee@police.example}
    challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's Social Care, email: bo.khan@csc.example}
  - stage: 4
    started: 2026-03-12
resolution:
  stage: 4
  date: 2026-03-20
  outcome: decision-changed
  effectiveness: The policy gave a clear route; stage 3 took too long to arrange.
  suggestions: Publish a contact list of named managers per agency.
sign_off:
  challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent Police, date: 2026-03-20}
  challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's Social Care, date: 2026-03-21}
---
"""

_BODY = """\
## Summary of reason for dispute

The police asked for a child in need assessment; social care closed the referral.

## Views of the agencies

### Kent Police

Repeated incidents at home meet the threshold.

### Children's Social Care

The family had accepted early help.

## Agreed outcomes and actions

An assessment was opened on 2026-03-20.

## Additional notes

None.
"""


# Modules whose tests drive Debian's chromium: marked `browser` here, in one place, so that
# `-m "not slow and not browser"` (the fast subset, README "For developers") leaves them out.
# tests/test_suite.py checks that every module launching chromium is listed.
BROWSER_MODULES = frozenset(
    {
        "test_new_record_page",
        "test_printed_form",
        "test_site_browser",
        "test_site_freshness",
        "test_site_look",
        "test_site_scale",
        "test_site_ux",
        "test_site_xss",
    }
)


# Tests marked `slow` here: whole modules, or "module::test" (every parameter of it). Each
# takes seconds even on an idle machine: processes started, raced or killed, full site
# builds, a register of thousands of records, exhaustive searches. Measured with
# `--durations=0`; the fast subset must stay under a minute on a 2-core machine.
SLOW = frozenset(
    {
        "test_deep_commands",
        "test_route_request",
        "test_workflow_lint",
        "test_help_examples",
        "test_signoff_dates",
        "test_site_figures",
        "test_site_scale",
        "test_interrupted",
        "test_leakcheck",
        "test_races",
        "test_renumber",
        "test_serve",
        "test_site_build",
        "test_write_failures",
        "test_public_profile",
        "test_releases",
        "test_site_profile",
        "test_csv_formulas::test_every_csv_of_the_site_is_safe",
        "test_lazy_commands::test_the_heavy_libraries_are_still_reached_by_the_build",
        "test_listing::test_a_listing_answers_as_every_entry_parsed",
        "test_python_api::test_a_commits_changes_are_in_the_files_order_in_every_run",
        "test_stage_commands::test_export_pdf_is_the_same_form",
        "test_stage_model::test_the_demo_register_is_in_the_new_format",
        "test_suppress::test_hiding_more_never_exposes_a_cell_found_safe",
        "test_disclosure::test_no_hidden_count_can_be_worked_out_from_everything_published",
        "test_import::test_a_messy_log_and_forms_import_and_every_check_passes",
        "test_import::test_both_sites_build_from_imported_records",
        "test_free_text::test_every_writing_command_keeps_awkward_text",
        "test_free_text::test_any_text_any_command_writes_reads_back_identical",
        "test_free_text::test_reopen_and_amend_keep_awkward_text",
        "test_import::test_paper_sign_offs_are_reported_as_such_never_as_missing",
        "test_verify::test_resign_demo_signs_every_legacy_sign_off_again_once",
        "test_init::test_a_new_register_has_no_records_and_every_command_works",
        "test_init::test_a_new_register_is_served_at_once",
        "test_listing::test_a_listing_and_a_diff_answer_as_the_other_tree",
        "test_one_dialect::test_any_text_an_edit_writes_reads_back_identical",
        "test_robustness::test_any_value_on_any_line_gives_issues_not_a_crash",
        "test_gate_trust::test_a_poisoned_history_on_main_is_reported_by_audit_and_build",
        "test_record_format::test_the_site_has_the_page",
        "test_site_pages::test_plain_prose_skips_markdown_with_the_same_html",
        "test_site_twice::test_two_builds_make_the_same_site_file_for_file",
        "test_validate_streamed::test_memory_does_not_grow_with_the_register",
        "test_validate_streamed::test_streamed_finds_what_the_register_loader_finds",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test of a browser module `browser`, and each test SLOW lists `slow`."""
    for item in items:
        module = item.module.__name__ if item.module is not None else ""
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        name = getattr(item, "originalname", item.name)
        if module in SLOW or f"{module}::{name}" in SLOW:
            item.add_marker(pytest.mark.slow)


# What tests keep between runs (Hypothesis' examples, the browser tests' screenshots to look
# at): in the user's cache folder, never in the checkout.
TEST_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "disputes-tests"


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its examples in the user's cache folder, not in the checkout."""
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(TEST_CACHE / "hypothesis")


def checkout_git_folder() -> Path | None:
    """This checkout's git folder (the common one, for a worktree), or None outside git."""
    done = subprocess.run(
        ["git", "rev-parse", "--git-common-dir"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return (REPO_ROOT / done.stdout.strip()).resolve() if done.returncode == 0 else None


@pytest.fixture(scope="session", autouse=True)
def checkout_git_folder_untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests read this checkout's history (the demo register) but write nothing into its git
    folder: the signature checks the tool remembers there (history/sigcache.py) go to a
    folder of the session's instead. Repositories the tests make keep theirs as usual."""
    from disputes.history import log

    checkout, elsewhere = checkout_git_folder(), tmp_path_factory.mktemp("checkout-git")
    real_load, real_save = log.load_cache, log.save_cache

    def moved(git_dir: Path | None) -> Path | None:
        return elsewhere if git_dir is not None and git_dir.resolve() == checkout else git_dir

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(log, "load_cache", lambda git_dir, key: real_load(moved(git_dir), key))
        patch.setattr(
            log, "save_cache", lambda git_dir, key, checked: real_save(moved(git_dir), key, checked)
        )
        yield


@pytest.fixture(scope="session")
def demo_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo register as a clone of this checkout: its history, and its register files as
    they are now (committed or not). For tests that run `disputes` as a process on the demo
    register, which would remember signature checks in the checkout's git folder. Shared by
    the session: read it, never change it."""
    root = tmp_path_factory.mktemp("demo-clone") / "register"
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", str(REPO_ROOT), str(root)],
        check=True,
        capture_output=True,
    )
    for name in ("schema", "records", "site"):
        shutil.copytree(REPO_ROOT / name, root / name, dirs_exist_ok=True)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The demo register's site for a profile ("internal" or "public") as of AS_OF, built
    once per test process (each pytest-xdist worker is one) and shared: read it, never
    change it. A test that needs a site of its own builds it in its tmp_path."""
    built: dict[str, Path] = {}

    def site(profile: str) -> Path:
        if profile not in built:
            out = tmp_path_factory.mktemp(f"demo-{profile}")
            result = run_cli(
                [
                    "build",
                    "--root",
                    str(REPO_ROOT),
                    "--profile",
                    profile,
                    "-d",
                    str(out),
                    "--as-of",
                    AS_OF,
                ]
            )
            assert result.exit_code == 0, result.output
            built[profile] = out
        return built[profile]

    return site


@pytest.fixture
def repo_root() -> Path:
    """The repository this test suite belongs to."""
    return REPO_ROOT


@pytest.fixture
def make_register(tmp_path: Path) -> MakeRegister:
    """A function making a register in tmp_path: the repo's schema/ plus the given files."""

    def make(files: Mapping[str, str | bytes] | None = None, name: str = "register") -> Path:
        root = tmp_path / name
        shutil.copytree(REPO_ROOT / "schema", root / "schema")
        (root / "records").mkdir()
        for relative, content in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")
        return root

    return make


def run_cli(args: Sequence[str], input: str | None = None) -> Result:
    """Run `disputes ARGS` in-process; stdout and stderr stay apart (click 8.2+)."""
    from disputes.cli import main

    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git with no user or system configuration, so tests see only what they set up."""
    from gitrepo import isolated_env

    for name, value in isolated_env(tmp_path).items():
        monkeypatch.setenv(name, value)


def demo_register_copy(root: Path) -> Path:
    """The demo register (schema, records, site pages, mkdocs.yml) copied to `root`."""
    for name in ("schema", "records", "site"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def with_every_table(register: Path, copy: Path) -> Path:
    """A copy of `register` whose public release keeps every table, few as its records are
    (a small period publishes its totals only unless the policy says otherwise), released."""
    shutil.copytree(register, copy)
    policy = copy / "schema/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "public_totals_only_below: 0\n",
                      encoding="utf-8")  # fmt: skip
    release(copy)
    return copy


def release(root: Path, as_of: str = AS_OF) -> None:
    """Publish the last quarter complete on `as_of`, as the business unit does before a
    public build (a register with no release publishes no figures)."""
    from disputes.disclosure.public import last_complete_quarter, quarter_name

    quarter = quarter_name(last_complete_quarter(date.fromisoformat(as_of))[1])
    result = run_cli(["release", quarter, "--root", str(root), "--as-of", as_of])
    assert result.exit_code == 0, result.output


def spy_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument list of every process started from now on (they still run)."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append(list(args))
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def spy_env(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str] | None]]:
    """The argument list and environment of every process started from now on (they run)."""
    calls: list[tuple[list[str], dict[str, str] | None]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], *rest: object, **kw: object) -> object:
        calls.append((list(args), kw.get("env")))  # type: ignore[arg-type]
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


@contextmanager
def another_thread() -> Iterator[None]:
    """A second thread running meanwhile, as `serve`'s live-reload server runs one."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        yield
    finally:
        stop.set()
        other.join()

"""A share of the record pages made by a forked copy of the build (site/sharedbuild.py):
the same site, file for file, as one process makes; its failures, deaths and warnings
handled here. Real git repositories, real builds, real processes."""

from __future__ import annotations

import gzip
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, another_thread, run_cli
from gitrepo import GitRepo
from mkdocs.exceptions import PluginError

import disputes.site.plugin as plugin
from disputes.site import sharedbuild
from disputes.site.trails import forget_history

AS_OF = "2026-11-22"
SITE_URL = "https://register.example.org/"  # so the sitemap lists every page


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo register in two commits (so every record page has an audit trail)."""
    root = tmp_path_factory.mktemp("shared") / "register"
    repo = GitRepo(root)  # with the schema
    for name in ("records", "site"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text("utf-8"), "utf-8")
    repo.commit("Add the register", when="2026-11-01T10:00:00Z")
    first = sorted((root / "records").rglob("*.md"))[0]
    first.write_text(first.read_text("utf-8") + "\nA note added later.\n", "utf-8")
    repo.commit("Add a note", when="2026-11-02T10:00:00Z")
    return root


@pytest.fixture(scope="module")
def one_process(register: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site as one process makes it (no second core, as it were)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sharedbuild, "can_fork", lambda: False)
        return site_files(build(register, tmp_path_factory.mktemp("one")))


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Half the record pages to the copy, whatever the register's size; each share handed
    over is noted (empty when no copy was started)."""
    monkeypatch.setattr(sharedbuild, "MIN_SHARE", 1)
    monkeypatch.setattr(sharedbuild, "OTHER_PAGE_COST", 0)
    monkeypatch.setattr(sharedbuild, "FIXED_COST", 0)
    shares: list[list[str]] = []
    real_start = sharedbuild.start

    def start(*args: Any) -> sharedbuild.Helper | None:
        helper = real_start(*args)
        shares.append([f.src_uri for f in helper.share] if helper else [])
        return helper

    monkeypatch.setattr(plugin, "start", start)
    return shares


def build(root: Path, out: Path, *extra: str) -> Path:
    forget_history()
    result = run_cli(["build", "--root", str(root), "-d", str(out), "--as-of", AS_OF, *extra])
    assert result.exit_code == 0, result.output
    return out


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path (the gzipped sitemap by what it holds)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = (
            gzip.decompress(data) if path.suffix == ".gz" else data  # gzip stamps the time
        )
    return files


def in_the_copy(parent: int, action: Callable[[], None]) -> Callable[..., Any]:
    """Wrap plugin.record_page so that `action` runs first, in the forked copy only."""
    real = plugin.record_page

    def record_page(*args: Any, **kw: Any) -> str:
        if os.getpid() != parent:
            action()
        return real(*args, **kw)

    return record_page


def test_the_copy_makes_the_same_site_as_one_process(
    register: Path, one_process: dict[str, bytes], split: list[list[str]], tmp_path: Path
) -> None:
    shared = site_files(build(register, tmp_path / "out"))
    records = sorted(p for p in one_process if p.startswith("records/"))
    assert len(split) == 1 and len(split[0]) == len(records) // 2  # the copy made half
    assert shared.keys() == one_process.keys()
    different = [path for path in shared if shared[path] != one_process[path]]
    assert different == []
    sitemap = shared["sitemap.xml"].decode()
    assert all(f"{SITE_URL}{p.removesuffix('index.html')}" in sitemap for p in records)


def test_no_copy_while_another_thread_runs(
    register: Path, one_process: dict[str, bytes], split: list[list[str]], tmp_path: Path
) -> None:
    """`serve` runs its live-reload server on threads: a fork could copy a lock another
    thread holds and wait on it for ever, so it makes every page itself."""
    with another_thread():
        assert not sharedbuild.can_fork()
        shared = site_files(build(register, tmp_path / "out"))
    assert split == [[]]
    assert shared == one_process


def test_a_copy_that_fails_has_its_pages_made_here(
    register: Path, one_process: dict[str, bytes], split: list[list[str]],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> None:
        raise RuntimeError("the copy fails")

    made_here: list[list[str]] = []
    real_make = sharedbuild._make_pages
    parent = os.getpid()

    def make_pages(share: list[Any], *args: Any) -> None:
        if os.getpid() == parent:
            made_here.append([f.src_uri for f in share])
        real_make(share, *args)

    monkeypatch.setattr(plugin, "record_page", in_the_copy(parent, fail))
    monkeypatch.setattr(sharedbuild, "_make_pages", make_pages)
    shared = site_files(build(register, tmp_path / "out"))
    assert made_here == split and split[0]  # the copy's share, made again here
    assert shared == one_process


def test_a_copy_killed_half_way_has_its_pages_made_again(
    register: Path, one_process: dict[str, bytes], split: list[list[str]],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after writing some pages and while writing another: every one is made again,
    none is left half-written."""
    parent = os.getpid()
    written = [0]
    real_toggles = plugin.name_toggles

    def name_toggles(output: str) -> str:
        if os.getpid() != parent:
            written[0] += 1
            if written[0] == 3:
                page = next((tmp_path / "out" / "records").iterdir()) / "index.html"
                page.write_text(output[:100], "utf-8")  # as if the disk write were cut short
                os._exit(9)
        return real_toggles(output)

    monkeypatch.setattr(plugin, "name_toggles", name_toggles)
    shared = site_files(build(register, tmp_path / "out"))
    assert split[0]
    assert shared == one_process


def test_what_the_copy_logs_is_said_once_and_counts_for_strict(
    register: Path, split: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    said = [False]

    def warn() -> None:
        if not said[0]:
            logging.getLogger("mkdocs.plugins.disputes").warning("Said by the copy")
            said[0] = True

    monkeypatch.setattr(plugin, "record_page", in_the_copy(parent, warn))
    forget_history()
    result = run_cli(["build", "--root", str(register), "-d", str(tmp_path / "out"),
                      "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.output.count("WARNING - Said by the copy") == 1
    forget_history()
    strict = run_cli(["build", "--root", str(register), "-d", str(tmp_path / "strict"),
                      "--as-of", AS_OF, "--strict"])
    assert strict.exit_code == 1
    assert "Said by the copy" in strict.output and "1 warnings" in strict.output
    assert len(split) == 2 and all(split)


def test_the_demo_register_is_built_alike_either_way(
    tmp_path: Path, split: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's own register and history, as the README builds it."""
    shared = site_files(build(REPO_ROOT, tmp_path / "shared"))
    monkeypatch.setattr(sharedbuild, "can_fork", lambda: False)
    alone = site_files(build(REPO_ROOT, tmp_path / "alone"))
    assert split[0] and split[1] == []
    assert shared == alone


def test_a_build_that_fails_here_ends_the_copy(
    register: Path, split: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No copy is left running (and writing into the folder) after the build has failed."""
    parent = os.getpid()
    real_toggles = plugin.name_toggles
    children: list[list[Any]] = []

    def name_toggles(output: str) -> str:
        if os.getpid() == parent:
            children.append(multiprocessing.active_children())
            raise PluginError("a page here cannot be made")
        time.sleep(1)  # the copy is slow: still making its pages when the build fails
        return real_toggles(output)

    monkeypatch.setattr(plugin, "name_toggles", name_toggles)
    forget_history()
    result = run_cli(["build", "--root", str(register), "-d", str(tmp_path / "out"),
                      "--as-of", AS_OF])
    assert result.exit_code == 1
    assert "a page here cannot be made" in result.output
    assert split[0] and children[0]  # the copy was running when the build failed
    assert multiprocessing.active_children() == []
    made = list((tmp_path / "out" / "records").glob("*/index.html"))
    assert len(made) < len(split[0])  # it was ended, not waited for

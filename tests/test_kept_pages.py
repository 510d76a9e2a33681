"""`serve` remakes what a save touches (site/kept): a record page is kept only while its
record and everything every record page shows are as when it was last made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from disputes.site import kept

PAGE = "records/PD-2026-0007.md"


@pytest.fixture
def config(tmp_path: Path) -> Iterator[MkDocsConfig]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# A guide\n")
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "policy.yml").write_text("timescales: {}\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Register\n")
    loaded = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    # File.generated names the plugin whose event is running; here no event runs
    loaded.plugins._current_plugin = "disputes"
    yield loaded
    kept.serving_dirty(False)


def _made(config: MkDocsConfig, source: Path, site: str) -> File:
    file = kept.record_file(config, PAGE, "# PD-2026-0007\n", source, site)
    kept.built()
    return file


def test_a_record_page_is_kept_while_nothing_it_shows_changed(
    config: MkDocsConfig, tmp_path: Path
) -> None:
    kept.serving_dirty(True)
    source = tmp_path / "PD-2026-0007.md"
    source.write_text("---\nid: PD-2026-0007\n---\nBody.\n")
    site = kept.site_key(tmp_path, config, {"profile": "internal"}, date(2026, 11, 22))
    assert _made(config, source, site).is_modified()  # the first build makes every page
    assert not _made(config, source, site).is_modified()  # nothing changed: kept
    source.write_text("---\nid: PD-2026-0007\n---\nBody, saved again.\n")
    assert _made(config, source, site).is_modified()  # its record was saved: remade


@pytest.mark.parametrize("change", ["day", "policy", "options"])
def test_what_every_record_page_shows_remakes_them_all(
    config: MkDocsConfig, tmp_path: Path, change: str
) -> None:
    """The day, a file under schema/ (the policy) or the plugin's options change every
    record page (deadlines, words, emails shown): none is kept."""
    kept.serving_dirty(True)
    source = tmp_path / "PD-2026-0007.md"
    source.write_text("---\nid: PD-2026-0007\n---\n")
    day, options = date(2026, 11, 22), {"show_emails": False}
    _made(config, source, kept.site_key(tmp_path, config, options, day))
    if change == "day":
        day = date(2026, 11, 23)
    elif change == "policy":
        (tmp_path / "schema" / "policy.yml").write_text("timescales: {stage_1: 5}\n")
    else:
        options = {"show_emails": True}
    assert _made(config, source, kept.site_key(tmp_path, config, options, day)).is_modified()


def test_a_full_build_never_keeps_a_page(config: MkDocsConfig, tmp_path: Path) -> None:
    """`disputes build` (and a serve that is not dirty) makes every page every time."""
    source = tmp_path / "PD-2026-0007.md"
    source.write_text("---\nid: PD-2026-0007\n---\n")
    site = kept.site_key(tmp_path, config, {}, date(2026, 11, 22))
    assert _made(config, source, site).is_modified()
    assert _made(config, source, site).is_modified()


def test_the_docs_folder_pages_are_remade_on_each_dirty_rebuild(config: MkDocsConfig) -> None:
    """A guide unchanged on disk is still remade, so its menu and search entry stay right."""
    guide = File("guide.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    kept.serving_dirty(True)
    files = kept.remade(Files([guide]))
    (again,) = files.documentation_pages()
    assert again.src_uri == "guide.md" and again.is_modified()
    assert again.abs_src_path == guide.abs_src_path

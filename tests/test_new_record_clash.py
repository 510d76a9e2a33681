"""The New record form cannot clash (issue 13): next free id, taken ids and unknown agencies
refused, plain hints, and the repository from mkdocs.yml's repo_url."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launched, needs_chromium, serve
from test_new_record_page import ROOT, download, fill_open_record_at_stage_3, form_files, open_form

pytestmark = needs_chromium
REPO_URL = "https://git.example/partnership/register"  # what repo_url makes Material show
TAKEN = ["PD-2025-0003", "PD-2026-0007", "PD-2026-0040"]


def page_html(markup: str) -> str:
    """The form's markup inside a page like Material's, with the header's source link."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>New record</title></head>"
        f"<body><header><a class='md-source' href='{REPO_URL}'>register</a></header>"
        f"<main>{markup}</main></body></html>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The form's page with the build's list of ids, and a stale placeholder repository set
    on the page itself (the header's link from repo_url must win)."""
    folder = tmp_path_factory.mktemp("site")
    source = (ROOT / "site/new.md").read_text(encoding="utf-8")
    markup = source[source.index('<div id="new-record"') :].replace(
        '<div id="new-record"',
        '<div id="new-record" data-repo-url="https://github.com/example-partnership/register"',
    )
    (folder / "new").mkdir()
    (folder / "new/index.html").write_text(page_html(markup), encoding="utf-8")
    form_files(folder)
    (folder / "schema/ids.json").write_text(json.dumps({"ids": TAKEN}), encoding="utf-8")
    with serve(folder) as address:
        yield address + "new/"


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    with launched() as chromium:
        yield from open_form(chromium, site)


def problems(page: Any) -> str:
    page.click("#nr-check")
    assert page.is_visible("#nr-summary")
    return str(page.inner_text("#nr-summary"))


def test_the_next_free_id_is_filled_in_for_the_year_opened(page: Any) -> None:
    page.fill('[name="opened"]', "2026-03-02")
    page.dispatch_event('[name="opened"]', "change")
    assert page.input_value('[name="id"]') == "PD-2026-0041"
    page.fill('[name="opened"]', "2025-06-01")
    page.dispatch_event('[name="opened"]', "change")
    assert page.input_value('[name="id"]') == "PD-2025-0004"


def test_an_id_already_in_the_register_is_refused(page: Any, tmp_path: Path) -> None:
    fill_open_record_at_stage_3(page)
    page.fill('[name="id"]', "PD-2026-0007")  # the attack: would overwrite the old record
    text = problems(page)
    assert "PD-2026-0007 is already in the register" in text
    assert "PD-2026-0041" in text  # and the way out
    assert page.is_hidden("#nr-result")
    page.fill('[name="id"]', "PD-2026-0041")  # the honest path
    assert download(page, tmp_path).name == "PD-2026-0041.md"


def test_an_agency_not_in_the_list_is_refused(page: Any, tmp_path: Path) -> None:
    """The list is a drop-down; a value slipped into it (a tampered page) is still refused."""
    fill_open_record_at_stage_3(page)
    page.evaluate("""() => { const s = document.querySelector('[name="challenger.agency"]');
        s.add(new Option('Kent Polise', 'Kent Polise')); s.value = 'Kent Polise'; }""")
    assert '"Kent Polise" is not in the partnership\'s list of agencies' in problems(page)
    page.select_option('[name="challenger.agency"]', "Kent Police")
    assert download(page, tmp_path).is_file()


def test_the_repository_comes_from_repo_url_and_hints_are_plain(page: Any, tmp_path: Path) -> None:
    text = page.inner_text("#nr-form")
    for internal in ("schema/agencies.yml", "true if", "need-for-action"):
        assert internal not in text
    assert "Need for action" in text
    fill_open_record_at_stage_3(page)
    download(page, tmp_path)
    assert page.get_attribute("#nr-create", "href").startswith(f"{REPO_URL}/new/main?")


def test_copy_puts_the_record_on_the_clipboard(page: Any, tmp_path: Path) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fill_open_record_at_stage_3(page)
    record = download(page, tmp_path)
    page.click("#nr-copy")
    page.wait_for_function("document.getElementById('nr-copied').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == record.read_text(encoding="utf-8")

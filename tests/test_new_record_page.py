"""The "new record" page in a real browser: fill it in, download the file, validate it."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser import launched, needs_chromium, serve
from click.testing import CliRunner

from disputes.cli import main
from disputes.records.model import BODY_HEADINGS, REQUIRED_WHEN_RESOLVED

ROOT = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/example-partnership/register"

pytestmark = needs_chromium


def page_html() -> str:
    """The form's markup from site/new.md, inside a page like the one Material renders."""
    source = (ROOT / "site/new.md").read_text(encoding="utf-8")
    markup = source[source.index('<div id="new-record"') :]
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>New record</title></head>"
        f"<body><header><a class='md-source' href='{REPO_URL}'>register</a></header>"
        f"<main>{markup}</main></body></html>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tiny static copy of the site's page, assets and schema, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "new").mkdir()
    (folder / "new/index.html").write_text(page_html(), encoding="utf-8")
    shutil.copytree(ROOT / "site/assets", folder / "assets")
    (folder / "schema").mkdir()
    shutil.copy(ROOT / "schema/dispute.schema.json", folder / "schema")
    agencies = yaml.safe_load((ROOT / "schema/agencies.yml").read_text(encoding="utf-8"))
    (folder / "schema/agencies.json").write_text(json.dumps(agencies), encoding="utf-8")
    with serve(folder) as address:
        yield address + "new/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright."""
    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """The new record page of the harness, loaded and its form built."""
    yield from open_form(browser, site)


def open_form(browser: Any, address: str) -> Iterator[Any]:
    """A browser page at the form's address, once the form is built."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    page.goto(address)
    try:
        page.wait_for_selector("#nr-form")
    except Exception:
        pytest.fail(f"the form was not built; JavaScript errors: {errors}", pytrace=False)
    yield page
    context.close()
    assert not errors, f"the page raised JavaScript errors: {errors}"


def fill_open_record_at_stage_3(page: Any) -> None:
    """A dispute that reached stage 3, with both managers named."""
    page.fill('[name="id"]', "PD-2026-0042")
    page.fill('[name="title"]', "Threshold for a child in need assessment")
    page.fill('[name="opened"]', "2026-03-02")
    page.check('input[name="categories"][value="levels-of-need"]')
    page.check('input[name="categories"][value="communication"]')
    page.select_option('[name="level_of_need"]', "child-in-need")
    page.fill('[name="child.reference"]', "C-104233")
    page.fill('[name="challenger.agency"]', "Kent Police")
    page.fill('[name="challenged.agency"]', "Children's Social Care")
    page.fill('[name="stages.0.started"]', "2026-03-02")
    page.click("#nr-stages-add")
    page.fill('[name="stages.1.started"]', "2026-03-03")
    page.click("#nr-stages-add")
    page.fill('[name="stages.2.started"]', "2026-03-05")
    page.fill('[name="stages.2.raised"]', "2026-03-06")
    for role, person in {
        "challenger_manager": ("Ann Lee", "Detective Sergeant", "Kent Police", "ann.lee@police.example"),
        "challenged_manager": ("Bo Khan", "Team Manager", "Children's Social Care", "bo.khan@csc.example"),
    }.items():
        for part, value in zip(("name", "designation", "agency", "email"), person, strict=True):
            page.fill(f'[name="stages.2.{role}.{part}"]', value)
    page.fill('[name="body.0"]', "Police asked for a child in need assessment; it was refused.")
    page.fill('[name="body.challenger"]', "Repeated incidents justify an assessment.")
    page.fill('[name="body.challenged"]', "The threshold was not met at referral.")


def resolve_at_stage_3(page: Any) -> None:
    """Resolve the dispute at stage 3 and have both managers sign it off."""
    page.select_option('[name="status"]', "resolved")
    page.fill('[name="resolution.date"]', "2026-03-20")
    page.select_option('[name="resolution.outcome"]', "decision-changed")
    page.fill('[name="resolution.effectiveness"]', "Clear route; stage 3 took too long to arrange.")
    page.check('[name="sign_off+"]')
    for role, person in {
        "challenger_manager": ("Ann Lee", "Detective Sergeant", "Kent Police", "2026-03-20"),
        "challenged_manager": ("Bo Khan", "Team Manager", "Children's Social Care", "2026-03-21"),
    }.items():
        for part, value in zip(("name", "designation", "agency", "date"), person, strict=True):
            page.fill(f'[name="sign_off.{role}.{part}"]', value)
    page.fill('[name="body.2"]', "A child in need assessment will start this week.")


def download(page: Any, folder: Path) -> Path:
    """Check the record, download it into a register folder, return its path."""
    page.click("#nr-check")
    assert page.is_hidden("#nr-summary"), page.inner_text("#nr-summary")
    with page.expect_download() as info:
        page.click("#nr-download")
    shutil.copytree(ROOT / "schema", folder / "schema")
    target = folder / "records/2026" / info.value.suggested_filename
    target.parent.mkdir(parents=True)
    info.value.save_as(target)
    return target


def validate(folder: Path) -> tuple[int, str]:
    """`disputes validate --strict` on the register folder."""
    result = CliRunner().invoke(main, ["validate", "--strict", "--root", str(folder)])
    return result.exit_code, result.output


def test_an_open_record_from_the_form_passes_validate(page: Any, tmp_path: Path) -> None:
    fill_open_record_at_stage_3(page)
    record = download(page, tmp_path)
    assert record.name == "PD-2026-0042.md"
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    text = record.read_text(encoding="utf-8")
    assert text.startswith("---\nid: PD-2026-0042\ntitle: Threshold for a child in need")
    assert "### Kent Police\n\nRepeated incidents" in text


def test_a_resolved_signed_record_from_the_form_passes_validate(page: Any, tmp_path: Path) -> None:
    fill_open_record_at_stage_3(page)
    resolve_at_stage_3(page)
    record = download(page, tmp_path)
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    front = yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1])
    assert front["resolution"]["stage"] == 3  # follows the last stage unless chosen
    assert list(front) == [
        "id", "title", "status", "opened", "immediate_risk", "level_of_need", "categories",
        "child", "challenger", "challenged", "stages", "resolution", "sign_off",
    ]


def test_a_withdrawn_record_from_the_form_passes_validate(page: Any, tmp_path: Path) -> None:
    fill_open_record_at_stage_3(page)
    page.select_option('[name="status"]', "withdrawn")
    assert page.is_hidden('[name="resolution.date"]')
    page.fill('[name="withdrawn.date"]', "2026-03-09")
    page.fill('[name="withdrawn.reason"]', "Agreed after new information from the school.")
    record = download(page, tmp_path)
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    assert "withdrawn:\n  date: 2026-03-09\n  reason: " in record.read_text(encoding="utf-8")


def test_an_immediate_risk_dispute_at_stage_5_passes_validate(page: Any, tmp_path: Path) -> None:
    fill_open_record_at_stage_3(page)
    page.check('[name="immediate_risk"]')
    for _ in range(2):
        page.click("#nr-stages-remove")
    page.select_option('[name="stages.0.stage"]', "4")
    assert page.is_hidden('[name="stages.0.challenger_manager.name"]')
    assert page.is_hidden('[name="stages.0.raised"]')
    page.click("#nr-stages-add")
    assert page.input_value('[name="stages.1.stage"]') == "5"
    page.fill('[name="stages.1.started"]', "2026-03-10")
    page.fill('[name="stages.1.group_date"]', "2026-03-12")
    page.fill('[name="stages.1.panel"]', "Kent Police\nChildren's Social Care\nPrimary Care (GP)\n")
    record = download(page, tmp_path)
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    text = record.read_text(encoding="utf-8")
    assert "    panel: [Kent Police, Children's Social Care, Primary Care (GP)]\n" in text


def test_the_create_file_link_names_the_file_and_carries_no_record(
    page: Any, tmp_path: Path
) -> None:
    """Issue 13 changed this: the record (case reference, managers' emails) never goes into
    an address; the link names the file, and the record is copied or downloaded."""
    fill_open_record_at_stage_3(page)
    record = download(page, tmp_path)
    href = page.get_attribute("#nr-create", "href")
    link = urlsplit(href)
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{REPO_URL}/new/main"
    assert parse_qs(link.query) == {"filename": ["records/2026/PD-2026-0042.md"]}
    for secret in ("C-104233", "police.example", "Threshold"):
        assert secret in record.read_text(encoding="utf-8")
        assert secret not in href


def problems(page: Any) -> str:
    """Check the record and return the problem summary's text."""
    page.click("#nr-check")
    assert page.is_visible("#nr-summary")
    assert page.is_hidden("#nr-result")
    return str(page.inner_text("#nr-summary"))


def test_an_empty_required_field_gets_a_clear_message(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    page.fill('[name="title"]', "")
    summary = problems(page)
    assert "There is a problem" in summary
    assert "Title: fill this in" in summary
    assert page.inner_text("#nr-title-error") == "fill this in"


def test_stage_3_needs_both_managers(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    page.fill('[name="stages.2.challenged_manager.email"]', "")
    page.fill('[name="stages.2.challenger_manager.email"]', "ann.lee at police")
    summary = problems(page)
    assert "Stages, entry 3 › Challenged agency's manager › Email: fill this in" in summary
    assert "Stages, entry 3 › Challenger's manager › Email: this does not look right" in summary


def test_wrong_values_are_explained(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    page.fill('[name="child.reference"]', "Jane Smith")
    page.fill('[name="stages.2.raised"]', "2099-01-01")
    page.uncheck('input[name="categories"][value="levels-of-need"]')
    page.uncheck('input[name="categories"][value="communication"]')
    summary = problems(page)
    assert "Case reference: this does not look right. The agencies' case reference" in summary
    assert "Date raised: 2099-01-01 is after today" in summary
    assert "Categories: give at least one" in summary


def test_a_dispute_without_immediate_risk_cannot_start_at_stage_4(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    for _ in range(2):
        page.click("#nr-stages-remove")
    page.select_option('[name="stages.0.stage"]', "4")
    assert "it may start at stage 4 or 5 only when immediate_risk is true" in problems(page)


def test_the_page_mirrors_the_model_and_uses_nothing_outside_the_site(page: Any) -> None:
    mirror = page.evaluate("window.disputesNewRecord")
    assert tuple(mirror["BODY_HEADINGS"]) == BODY_HEADINGS
    assert tuple(mirror["REQUIRED_WHEN_RESOLVED"]) == REQUIRED_WHEN_RESOLVED
    for asset in (ROOT / "site/assets").iterdir():
        assert not re.search(r"https?://", asset.read_text(encoding="utf-8")), asset.name


AWKWARD_TEXT = [
    "Yes", "no", "NULL", "~", "on", "3", "0x1F", "1e3", "12:30", "2026-03-02", "-1",
    "#1 priority", "Threshold: CIN", "a # b", "O'Brien's team", "'quoted'", '"double"',
    " leading", "trailing ", "[list]", "{map}", "a, b", "&anchor", "*alias", "!tag", "|",
    ">", "%directive", "@at", "`tick`", "Threshold — CIN", "Ünïcode naïve café", "tab\there",
    "line\nbreak", "crlf\r\nbreak", "next\u0085line", "line\u2028sep", "para\u2029sep",
    "del\u007fchar", "c1\u0090control", "emoji 🙂", "back\\slash", "trailing colon:",
    "- dash", "? question", "Children's Social Care", "Primary Care (GP)",
]


def test_any_text_survives_the_trip_through_yaml(page: Any) -> None:
    """Every value the form writes reads back the same, in block and flow positions."""
    written = page.evaluate(
        "texts => texts.map(t => [window.disputesNewRecord.scalar(t, 'title'),"
        " window.disputesNewRecord.scalar(t)])",
        AWKWARD_TEXT,
    )
    for text, (block, flow) in zip(AWKWARD_TEXT, written, strict=True):
        assert yaml.safe_load(f"title: {block}") == {"title": text}, block
        assert yaml.safe_load(f"panel: [{flow}, {flow}]") == {"panel": [text, text]}, flow
        assert yaml.safe_load(f"who: {{name: {flow}}}") == {"who": {"name": text}}, flow


needs_build = pytest.mark.skipif(
    "build" not in main.commands,
    reason="needs `disputes build`, which this CLI does not have yet (the site's part adds it)",
)


def build_site(profile: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`disputes build --profile PROFILE` of this repository's register into folder."""
    monkeypatch.chdir(ROOT)
    out = folder / profile
    result = CliRunner().invoke(main, ["build", "--profile", profile, "-d", str(out)])
    assert result.exit_code == 0, result.output
    return out


@needs_build
def test_the_built_internal_site_serves_a_working_form(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build_site("internal", tmp_path, monkeypatch)
    assert (out / "schema/dispute.schema.json").is_file()
    form_page = (ROOT / "site/new.md").read_text(encoding="utf-8")
    repo_url = re.search(r'data-repo-url="([^"]*)"', form_page)
    with serve(out) as address:
        for page in open_form(browser, address + "new/"):
            fill_open_record_at_stage_3(page)
            download(page, tmp_path / "register")
            repo = repo_url.group(1).rstrip("/") if repo_url else ""
            if repo:
                assert page.get_attribute("#nr-create", "href").startswith(f"{repo}/new/")
    assert validate(tmp_path / "register")[0] == 0


@needs_build
def test_the_public_site_has_no_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build_site("public", tmp_path, monkeypatch)
    assert not (out / "new").exists()
    assert not list(out.rglob("new-record*.js"))

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
from disputes.records.stagemodel import load_stage_model, stage_model_json
from disputes.records.stagerules import OUTSTANDING, STAGE_RECORD

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


def form_files(folder: Path) -> None:
    """What the form's page fetches, as the build makes it: assets, the record schema, the
    agencies and the policy's stage model."""
    shutil.copytree(ROOT / "site/assets", folder / "assets")
    (folder / "schema").mkdir()
    shutil.copy(ROOT / "schema/dispute.schema.json", folder / "schema")
    agencies = yaml.safe_load((ROOT / "schema/agencies.yml").read_text(encoding="utf-8"))
    (folder / "schema/agencies.json").write_text(json.dumps(agencies), encoding="utf-8")
    policy = stage_model_json(load_stage_model(ROOT))
    (folder / "schema/policy.json").write_text(json.dumps(policy), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tiny static copy of the site's page, assets and schema, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "new").mkdir()
    (folder / "new/index.html").write_text(page_html(), encoding="utf-8")
    form_files(folder)
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


MANAGERS = {
    "challenger_manager": (
        "Ann Lee",
        "Detective Sergeant",
        "Kent Police",
        "ann.lee@police.example",
    ),
    "challenged_manager": (
        "Bo Khan",
        "Team Manager",
        "Children's Social Care",
        "bo.khan@csc.example",
    ),
}


def fill_basics(page: Any) -> None:
    """What every new dispute gives: the form's basics, the worker, the text."""
    page.fill('[name="id"]', "PD-2026-0042")
    page.fill('[name="title"]', "Threshold for a child in need assessment")
    page.fill('[name="opened"]', "2026-03-02")
    page.check('input[name="categories"][value="levels-of-need"]')
    page.check('input[name="categories"][value="communication"]')
    page.select_option('[name="level_of_need"]', "child-in-need")
    page.fill('[name="child.reference"]', "C-104233")
    page.select_option('[name="challenger.agency"]', "Kent Police")
    page.select_option('[name="challenged.agency"]', "Children's Social Care")
    page.fill('[name="challenger.worker.name"]', "Sam Patel")
    page.fill('[name="challenger.worker.designation"]', "Detective Constable")
    page.fill('[name="body.0"]', "Police asked for a child in need assessment; it was refused.")
    page.fill('[name="body.challenger"]', "Repeated incidents justify an assessment.")
    page.fill('[name="body.challenged"]', "The threshold was not met at referral.")


def fill_open_record_at_stage_3(page: Any) -> None:
    """A dispute that starts at stage 3 (the two agencies' managers), both named."""
    fill_basics(page)
    page.select_option('[name="stages.0.stage"]', "3")
    page.fill('[name="stages.0.started"]', "2026-03-05")
    page.fill('[name="stages.0.raised"]', "2026-03-06")
    for role, person in MANAGERS.items():
        for part, value in zip(("name", "designation", "agency", "email"), person, strict=True):
            if part == "agency":
                page.select_option(f'[name="stages.0.{role}.agency"]', value)
            else:
                page.fill(f'[name="stages.0.{role}.{part}"]', value)


def fill_referral_at_stage_5(page: Any) -> None:
    """An immediate-risk dispute referred straight to the QAPM group, its panel known."""
    fill_basics(page)
    page.check('[name="immediate_risk"]')
    page.select_option('[name="stages.0.stage"]', "5")
    page.fill('[name="stages.0.referred"]', "2026-03-03")
    page.fill('[name="stages.0.group_date"]', "2026-03-10")
    panel = [
        ("Cy Moss", "Head of Safeguarding", "Kent Police"),
        ("Di Shah", "Service Manager", "Children's Social Care"),
        ("Ed Park", "Named GP", "Primary Care (GP)"),
    ]
    for index, (name, designation, agency) in enumerate(panel):
        if index:
            page.click("#nr-stages-0-panel-add")
        page.fill(f'[name="stages.0.panel.{index}.name"]', name)
        page.fill(f'[name="stages.0.panel.{index}.designation"]', designation)
        page.select_option(f'[name="stages.0.panel.{index}.agency"]', agency)


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
    assert text.startswith(
        "---\nid: PD-2026-0042\nversion: 2\ntitle: Threshold for a child in need"
    )
    assert "### Kent Police\n\nRepeated incidents" in text


def front_matter(record: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(record.read_text(encoding="utf-8").split("---\n")[1]))


def test_a_stage_5_referral_from_the_form_passes_validate(page: Any, tmp_path: Path) -> None:
    fill_referral_at_stage_5(page)
    for hidden in ("challenger_manager.name", "raised", "supervisor.name", "aim"):
        assert page.is_hidden(f'[name="stages.0.{hidden}"]'), hidden
    record = download(page, tmp_path)
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    stage = front_matter(record)["stages"]
    assert len(stage) == 1 and stage[0]["stage"] == 5
    assert str(stage[0]["referred"]) == "2026-03-03"
    assert [p["agency"] for p in stage[0]["panel"]] == [
        "Kent Police",
        "Children's Social Care",
        "Primary Care (GP)",
    ]


def test_the_form_writes_an_open_format_2_record(page: Any, tmp_path: Path) -> None:
    """Like `disputes new`: version 2, open, one stage, the form's headings of format 2."""
    for closing in ("status", "resolution.date", "withdrawn.date", "sign_off+"):
        assert page.locator(f'[name="{closing}"]').count() == 0, closing  # commands do these
    fill_open_record_at_stage_3(page)
    record = download(page, tmp_path)
    front = front_matter(record)
    assert list(front) == [
        "id",
        "version",
        "title",
        "status",
        "opened",
        "immediate_risk",
        "level_of_need",
        "categories",
        "child",
        "challenger",
        "challenged",
        "stages",
    ]
    assert (front["version"], front["status"]) == (2, "open")
    assert front["challenger"]["worker"] == {
        "name": "Sam Patel",
        "designation": "Detective Constable",
    }
    assert "worker" not in front["challenged"]  # left empty: not written
    text = record.read_text(encoding="utf-8")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        BODY_HEADINGS[0],
        BODY_HEADINGS[1],
        STAGE_RECORD,
        BODY_HEADINGS[2],
        OUTSTANDING,
        BODY_HEADINGS[3],
    ]


@pytest.mark.parametrize(
    "stage,shown,needed",
    [
        (1, ["supervisor.name", "aim"], ["Supervisor", "Aim"]),
        (2, [], []),
        (
            4,
            ["challenger_manager.name", "challenged_manager.email"],
            ["Challenger's manager", "Challenged agency's manager"],
        ),
    ],
)
def test_each_stage_asks_what_the_policy_says_it_needs(
    page: Any, tmp_path: Path, stage: int, shown: list[str], needed: list[str]
) -> None:
    fill_basics(page)
    page.check('[name="immediate_risk"]')
    page.select_option('[name="stages.0.stage"]', str(stage))
    for field in shown:
        assert page.is_visible(f'[name="stages.0.{field}"]'), field
    if stage == 2:  # the two workers
        page.fill('[name="challenged.worker.name"]', "")
        summary = problems(page)
        assert "Worker › Name: fill this in: the policy asks for it at stage 2" in summary, summary
        page.fill('[name="challenged.worker.name"]', "Lee Chan")
    else:
        summary = problems(page)
        assert f"the policy asks for it at stage {stage}" in summary
        for name in needed:
            assert f"First stage › {name}: fill this in" in summary, summary
        for field in shown:
            page.fill(
                f'[name="stages.0.{field}"]',
                "Agreed to look again"
                if field == "aim"
                else "lee@csc.example"
                if field.endswith("email")
                else "Lee Chan",
            )
        for role in ("challenger_manager", "challenged_manager") if stage == 4 else ():
            person = MANAGERS[role]
            page.fill(f'[name="stages.0.{role}.name"]', person[0])
            page.fill(f'[name="stages.0.{role}.designation"]', person[1])
            page.select_option(f'[name="stages.0.{role}.agency"]', person[2])
            page.fill(f'[name="stages.0.{role}.email"]', person[3])
    record = download(page, tmp_path)
    code, output = validate(tmp_path)
    assert code == 0, output + record.read_text(encoding="utf-8")
    assert front_matter(record)["stages"][0]["stage"] == stage


def test_agencies_are_chosen_from_the_list(page: Any) -> None:
    agencies = yaml.safe_load((ROOT / "schema/agencies.yml").read_text(encoding="utf-8"))
    listed = agencies["agencies"] if isinstance(agencies, dict) else agencies
    fill_open_record_at_stage_3(page)
    for name in ("challenger.agency", "challenged.agency", "stages.0.challenger_manager.agency"):
        control = page.locator(f'[name="{name}"]')
        assert control.evaluate("e => e.tagName") == "SELECT", name
        options = control.evaluate("e => [...e.options].map(o => o.value).filter(Boolean)")
        assert options == listed, name


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
    page.fill('[name="stages.0.challenged_manager.email"]', "")
    page.fill('[name="stages.0.challenger_manager.email"]', "ann.lee at police")
    summary = problems(page)
    assert "First stage › Challenged agency's manager › Email: fill this in" in summary
    # the schema's own words for a bad address (plain ASCII: no look-alike letters)
    assert (
        "First stage › Challenger's manager › Email: a work email such as "
        "name@agency.example, typed in plain ASCII"
    ) in summary


def test_wrong_values_are_explained(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    page.fill('[name="child.reference"]', "Jane Smith")
    page.fill('[name="stages.0.raised"]', "2099-01-01")
    page.uncheck('input[name="categories"][value="levels-of-need"]')
    page.uncheck('input[name="categories"][value="communication"]')
    summary = problems(page)
    assert "Case reference: this does not look right. The agencies' case reference" in summary
    assert "Date raised: 2099-01-01 is after today" in summary
    assert "Categories: give at least one" in summary


def test_a_dispute_without_immediate_risk_cannot_start_at_stage_4(page: Any) -> None:
    fill_open_record_at_stage_3(page)
    page.select_option('[name="stages.0.stage"]', "4")
    assert "it may start at stage 4 or 5 only when immediate_risk is true" in problems(page)


def test_the_page_mirrors_the_model_and_uses_nothing_outside_the_site(page: Any) -> None:
    mirror = page.evaluate("window.disputesNewRecord")
    assert tuple(mirror["BODY_HEADINGS"]) == BODY_HEADINGS
    assert tuple(mirror["REQUIRED_WHEN_RESOLVED"]) == REQUIRED_WHEN_RESOLVED
    assert tuple(mirror["FORMAT_2_HEADINGS"]) == (STAGE_RECORD, OUTSTANDING)
    for asset in (ROOT / "site/assets").iterdir():
        assert not re.search(r"https?://", asset.read_text(encoding="utf-8")), asset.name


AWKWARD_TEXT = [
    "Yes",
    "no",
    "NULL",
    "~",
    "on",
    "3",
    "0x1F",
    "1e3",
    "12:30",
    "2026-03-02",
    "-1",
    "#1 priority",
    "Threshold: CIN",
    "a # b",
    "O'Brien's team",
    "'quoted'",
    '"double"',
    " leading",
    "trailing ",
    "[list]",
    "{map}",
    "a, b",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "%directive",
    "@at",
    "`tick`",
    "Threshold — CIN",
    "Ünïcode naïve café",
    "tab\there",
    "line\nbreak",
    "crlf\r\nbreak",
    "next\u0085line",
    "line\u2028sep",
    "para\u2029sep",
    "del\u007fchar",
    "c1\u0090control",
    "emoji 🙂",
    "back\\slash",
    "trailing colon:",
    "- dash",
    "? question",
    "Children's Social Care",
    "Primary Care (GP)",
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

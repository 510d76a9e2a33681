"""Issue 22: the New record page on the route every step takes. It links to the hosting
site's raise form; for someone without an account its plain form downloads the answers as
the filled form (the issue's layout), which `disputes request --file` makes into the same
record. No rule is written in JavaScript. Record pages link to each step's form."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import launched, needs_chromium, serve
from click.testing import CliRunner
from gitrepo import GitRepo, fixture_record
from routehost import AS_OF, RECORD, env, github_body

from disputes.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/example-partnership/register"
ANSWERS = {  # the raise form's answers, by question id, as in test_route_request
    "title": "Threshold for early help", "opened": "2026-03-25", "child_reference": "C-200001",
    "challenger_agency": "Kent Police", "challenged_agency": "Children's Social Care",
    "categories": ["levels-of-need", "communication"], "immediate_risk": "No",
    "challenger_worker_name": "Sam Patel", "challenger_worker_designation": "Detective Constable",
    "supervisor_name": "Di Shah", "supervisor_designation": "Detective Sergeant",
    "aim": "An early help assessment", "summary": "Police asked; it was refused.",
    "no_names": True,
}  # fmt: skip

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright."""
    with launched() as chromium:
        yield chromium


def harness(folder: Path) -> str:
    """The page's form and its one script, served as plain http on 127.0.0.1."""
    source = (ROOT / "site/new.md").read_text(encoding="utf-8")
    markup = source[source.index('<div id="route-download"') :]
    (folder / "new").mkdir(parents=True)
    (folder / "new/index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>New</title></head>"
        f"<body><main>{markup}</main></body></html>",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "site/assets", folder / "assets")
    return "new/"


def fill(page: Any, answers: dict[str, Any]) -> None:
    for key, value in answers.items():
        if key == "no_names":
            page.check(f"#q-{key}")
        elif isinstance(value, list):
            page.select_option(f"#q-{key}", value)
        elif page.eval_on_selector(f"#q-{key}", "e => e.tagName") == "SELECT":
            page.select_option(f"#q-{key}", value)
        else:
            page.fill(f"#q-{key}", value)


def test_the_downloaded_form_is_the_issue_text_and_makes_the_record(
    browser: Any, tmp_path: Path
) -> None:
    with serve(tmp_path / "site") as address:
        url = address + harness(tmp_path / "site")
        context = browser.new_context(accept_downloads=True, offline=False)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        context.set_offline(True)  # nothing it needs comes from the network
        fill(page, ANSWERS)
        with page.expect_download() as info:
            page.click("#route-form button[type=submit]")
        saved = tmp_path / "form.txt"
        info.value.save_as(saved)
        assert page.is_visible("#route-downloaded")
        context.close()
    assert not errors
    text = saved.read_text("utf-8")
    assert text.rstrip("\n") == github_body("new", ANSWERS)  # the hosting site's layout
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    repo.commit("Open PD-2026-0007")
    done = subprocess.run(
        [sys.executable, "-m", "disputes", "request", "--file", str(saved), "--as-of", AS_OF],
        cwd=repo.path, env=env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "**Done: PD-2026-0008: new record.**" in done.stdout
    assert repo.git("log", "-1", "--format=%B").strip() == "PD-2026-0008: new record"
    assert "Host-" not in repo.git("log", "-1", "--format=%B")  # no host vouched for it


def test_a_form_with_answers_missing_downloads_and_is_told_what_to_correct(
    browser: Any, tmp_path: Path
) -> None:
    with serve(tmp_path / "site") as address:
        url = address + harness(tmp_path / "site")
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(url)
        page.fill("#q-title", "Threshold")  # nothing else: the page checks nothing
        with page.expect_download() as info:
            page.click("#route-form button[type=submit]")
        saved = tmp_path / "form.txt"
        info.value.save_as(saved)
        context.close()
    repo = GitRepo(tmp_path / "register")
    repo.commit("Empty register")
    done = subprocess.run(
        [sys.executable, "-m", "disputes", "request", "--file", str(saved), "--as-of", AS_OF],
        cwd=repo.path, env=env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "**The child's case reference**: needs an answer" in done.stdout
    assert "**Before you send**: needs its box ticked" in done.stdout


def test_no_rule_is_written_in_javascript() -> None:
    scripts = sorted(p.name for p in (ROOT / "site/assets").glob("*.js"))
    assert scripts == ["route-form.js"]
    code = (ROOT / "site/assets/route-form.js").read_text("utf-8")
    assert len(code.splitlines()) < 60 and "fetch(" not in code and "RegExp" not in code


def small_register(folder: Path, repo_url: str | None) -> Path:
    """A register with one open record at stage 3, its site as this repository's."""
    repo = GitRepo(folder)
    repo.write(RECORD, fixture_record())
    shutil.copytree(ROOT / "site", folder / "site")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if repo_url:
        config = config.replace("site_name:", f"repo_url: {repo_url}\nsite_name:", 1)
    repo.write("mkdocs.yml", config)
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    return folder


def build(root: Path, out: Path, profile: str = "internal") -> Path:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--profile", profile, "-d", str(out),
               "--as-of", AS_OF],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_record_pages_link_to_each_steps_form_and_no_page_calls_the_host(tmp_path: Path) -> None:
    out = build(small_register(tmp_path / "register", REPO_URL), tmp_path / "site")
    record = (out / "records/PD-2026-0007/index.html").read_text("utf-8")
    links = re.findall(r'href="(https://github\.com/[^"]+)"', record)
    expected = [f"{REPO_URL}/issues/new?template={step}.yml&amp;id=PD-2026-0007"
                for step in ("raised", "escalate", "note", "resolve", "withdraw", "amend")]  # fmt: skip
    assert links == expected
    new = (out / "new/index.html").read_text("utf-8")
    assert f'href="{REPO_URL}/issues/new?template=new.yml"' in new
    for page in out.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "md-source" not in html and "api.github.com" not in html, page


def test_without_repo_url_there_are_no_links_and_the_form_stays(tmp_path: Path) -> None:
    out = build(small_register(tmp_path / "register", None), tmp_path / "site")
    record = (out / "records/PD-2026-0007/index.html").read_text("utf-8")
    assert "issues/new" not in record and "Take the next step" not in record
    new = (out / "new/index.html").read_text("utf-8")
    assert 'id="route-form"' in new and "has not named the register's repository" in new
    public = build(tmp_path / "register", tmp_path / "public", "public")
    assert not (public / "new").exists() and not list(public.rglob("route-form*"))

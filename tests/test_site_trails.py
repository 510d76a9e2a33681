"""The site build's audit trails, read once when the first record page needs them
(site/trails.py), and the report tables kept out of Markdown (markup.HtmlStash). Real git
repositories, real builds."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import REPO_ROOT, run_cli
from gitrepo import GitRepo

from disputes.history import read_history
from disputes.history.audit import audit_trails
from disputes.site.markup import HtmlStash
from disputes.site.trails import LazyTrails, forget_history

RECORD = "records/2026/PD-2026-0007.md"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """One demo record, committed, then changed in a second commit."""
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, (REPO_ROOT / RECORD).read_text("utf-8"))
    repo.commit("Add the record", when="2026-11-01T10:00:00Z")
    repo.write(RECORD, repo.read(RECORD) + "\nA note added later.\n")
    repo.commit("Add a note", when="2026-11-02T10:00:00Z")
    forget_history()
    return repo


def read_here(root: Path) -> dict:
    """The trails read in this process, as the site read them before."""
    return audit_trails(read_history(root, bulk=True))


def test_the_trails_are_the_history_read_in_bulk(repo: GitRepo) -> None:
    trails = LazyTrails(repo.path).result()
    assert trails == read_here(repo.path)
    assert [e.subject for e in trails[RECORD]] == ["Add the record", "Add a note"]


def test_serve_keeps_the_trails_until_a_commit(repo: GitRepo) -> None:
    first = LazyTrails(repo.path).result()
    again = LazyTrails(repo.path)
    assert again.result() is first  # remembered: the history was not read again
    repo.write(RECORD, repo.read(RECORD) + "\nAnother note.\n")
    repo.commit("Another note", when="2026-11-03T10:00:00Z")
    after = LazyTrails(repo.path).result()
    assert [e.subject for e in after[RECORD]][-1] == "Another note"


def test_no_git_history_is_a_warning_not_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Read only when asked: a build that makes no record page (the public profile, an
    empty register) says nothing about a history it never needed."""
    folder = tmp_path / "not-a-repository"
    folder.mkdir()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.disputes"):
        trails = LazyTrails(folder)
        assert caplog.text == ""
        assert trails.result() == {}
    assert "The audit trails are left out of the site" in caplog.text


def test_each_stashed_part_comes_back_once_where_its_placeholder_was() -> None:
    stash = HtmlStash()
    table = "<table><tr><td>disputes-html-1</td><td><p>disputes-html-0</p></td></tr></table>"
    text = f"# Title\n{stash(table)}Below the table.\n{stash('<nav>choice</nav>')}"
    html = stash.restore(markdown.markdown(text))
    assert html.index(table) < html.index("Below the table.") < html.index("<nav>choice</nav>")
    assert html.count("<table>") == 1  # a part that names a placeholder is not read again
    assert stash.parts == {}


def test_a_placeholder_written_in_a_record_stays_text(tmp_path: Path) -> None:
    """Only the report pages that hold placeholders are restored: a record's text naming
    one is shown as written, and the report tables are all where they belong."""
    repo = GitRepo(tmp_path / "register")
    text = (
        (REPO_ROOT / RECORD)
        .read_text("utf-8")
        .replace(
            "## Additional notes\n",
            "## Additional notes\n\ndisputes-html-0\n\ndisputes-html-3\n",
            1,
        )
    )
    repo.write(RECORD, text)
    shutil.copytree(REPO_ROOT / "site", repo.path / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.commit("Add the record", when="2026-11-01T10:00:00Z")
    out = tmp_path / "out"
    result = run_cli(["build", "--root", str(repo.path), "-d", str(out), "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    page = (out / "records/PD-2026-0007/index.html").read_text("utf-8")
    assert "<p>disputes-html-0</p>" in page and "<p>disputes-html-3</p>" in page
    for report in out.glob("reports/**/index.html"):
        assert "disputes-html-" not in report.read_text("utf-8"), report
    stages = (out / "reports/stages/index.html").read_text("utf-8")
    assert stages.count("<table") == 2 and 'class="period-picker"' in stages

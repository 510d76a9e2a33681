"""Issue 12: every ordinary step by command (raised, note, reopen, amend), and list/show/export."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import CLERK, RECORD, GitRepo, as_identity, fixture_record

from disputes.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")
AS_OF = "2026-04-01"
ID = "PD-2026-0007"


def cli(repo: GitRepo, *args: str, stdin: str | None = None) -> tuple[int, str]:
    day = [] if args[0] == "check" else ["--as-of", AS_OF]  # the gate has no "as of" view
    result = CliRunner().invoke(main, [*args, "--root", str(repo.path), *day], input=stdin)
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record().replace("\n", "\r\n"))
    made.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    as_identity(monkeypatch, CLERK, "2026-03-30T09:00:00Z")
    return made


def test_raised_and_note_edit_only_their_lines(repo: GitRepo) -> None:
    before = repo.read(RECORD)
    assert cli(repo, "raised", ID, "--date", "2026-03-07")[0] == 0
    code, out = cli(repo, "note", ID, "Managers   spoke by phone.", "--date", "2026-03-08")
    assert code == 0, out
    after = repo.read(RECORD)
    assert "    raised: 2026-03-07        # concern reached" in after  # the comment stays
    assert (
        "## Record of each stage\r\n\r\n### Stage 3: Managers of the two agencies\r\n\r\n"
        "- 2026-03-08: Managers spoke by phone.\r\n\r\n## Agreed outcomes"
    ) in after
    assert after.replace("2026-03-07", "2026-03-06").count("\n") == before.count("\n") + 6
    assert "\n" not in after.replace("\r\n", "")


def test_raised_in_the_future_is_refused_and_nothing_written(repo: GitRepo) -> None:
    before = repo.read(RECORD)
    code, out = cli(repo, "raised", ID, "--date", "2026-05-01")
    assert code == 2 and "is in the future" in out  # refused as given (issue 23)
    assert repo.read(RECORD) == before


def test_reopen_and_amend_commit_with_the_amends_trailer_the_gate_asks_for(
    repo: GitRepo,
) -> None:
    closing = ["--date", "2026-03-20", "--stage", "3", "--decision", "Agreed", "--debrief",
               "--shared-with", "Sam Patel", "--outstanding", "None.", "--agreed", "Assess.",
               "--effectiveness", "Fine.", "--suggestions", "None."]  # fmt: skip
    assert cli(repo, "resolve", ID, *closing)[0] == 0
    repo.commit("PD-2026-0007: resolved", when="2026-03-20T09:00:00Z")
    repo.git("branch", "base")
    # The attack: a closed record rewritten by hand, without the trailer, fails the gate...
    repo.write(RECORD, repo.read(RECORD).replace("status: resolved", "status: open", 1))
    repo.git("checkout", "-q", "-b", "by-hand")
    repo.commit("Reopen by hand", when="2026-03-30T09:00:00Z")
    code, out = cli(repo, "check", "--base", "base")
    assert code == 1 and "is changed only by a recorded amendment" in out
    # ...the commands carry it.
    repo.git("checkout", "-q", "-f", "base")
    repo.git("checkout", "-q", "-b", "by-command")
    code, out = cli(repo, "reopen", ID, "--reason", "The plan was not followed")
    assert code == 0, out
    code, out = cli(
        repo,
        "amend",
        ID,
        "--reason",
        "Stage 3 decision reworded",
        "--decision",
        "Reopened: the plan was not followed",
    )
    assert code == 0, out
    log = repo.git("log", "-2", "--format=%B")
    assert "Amends: PD-2026-0007 The plan was not followed" in log
    assert "Amends: PD-2026-0007 Stage 3 decision reworded" in log
    text = repo.read(RECORD)
    assert "status: open" in text and "resolution:" not in text and "sign_off:" not in text
    assert "was: resolved at stage 3 on 2026-03-20" in text
    assert cli(repo, "check", "--base", "base")[0] == 0


def test_an_amendment_that_would_make_the_record_invalid_is_not_written(repo: GitRepo) -> None:
    before, head = repo.read(RECORD), repo.git("rev-parse", "HEAD")
    code, out = cli(
        repo,
        "amend",
        ID,
        "--reason",
        "typo",
        "--stage",
        "3",
        "--challenger-manager-email",
        "not-an-email",
    )
    assert code == 2 and "Invalid value for --challenger-manager-email" in out  # at once
    assert repo.read(RECORD) == before and repo.git("rev-parse", "HEAD") == head
    code, out = cli(repo, "amend", ID, "--reason", "typo", "--set", "stages[3].raised=2026-03-01")
    assert code == 1 and "was not changed" in out  # raised before stage 3 started
    assert repo.read(RECORD) == before and repo.git("rev-parse", "HEAD") == head
    code, out = cli(
        repo, "amend", ID, "--reason", "typo", "--stage", "1", "--referred", "2026-03-03"
    )
    assert code == 1 and "referred does not belong to stage 1" in out


def test_list_show_and_export(repo: GitRepo, tmp_path: Path) -> None:
    code, out = cli(repo, "list", "--status", "open", "--agency", "kent police", "--format", "json")
    assert [row["id"] for row in json.loads(out)] == [ID]
    assert json.loads(cli(repo, "list", "--stage", "4", "--format", "json")[1]) == []
    assert cli(repo, "list", "--search", "threshold")[1].endswith("1 record.\n")
    code, out = cli(repo, "show", ID)
    assert code == 0, out
    assert "Supervisor:                   not recorded" in out or "Supervisor: not recorded" in out
    assert "Timescale:                         48 hours: deadline 2026-03-07, met" in out
    body = repo.read(RECORD).replace(
        "## Additional notes",
        '## Additional notes\r\n\r\n<script>alert(1)</script><img src="https://x.example/t.gif">',
    )
    repo.write(RECORD, body)
    page = tmp_path / "form.html"
    assert cli(repo, "export", ID, "--format", "html", "-o", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    # nothing runs, nothing is fetched: the record's HTML is shown as text, as on the site
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "default-src 'none'" in html
    assert '<th scope="row">Challenging agency&#x27;s manager</th><td>Ann Lee' in html


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium")
def test_export_pdf_is_the_same_form(repo: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "form.pdf"
    code, out = cli(repo, "export", ID, "--format", "pdf", "-o", str(target))
    assert code == 0, out
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "PD-2026-0007, Threshold for a child in need assessment" in text
    assert "Stage 3: Managers of the two agencies" in text


def test_amend_in_the_editor_keeps_a_refused_edit(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\nsed -i 's/^title: Threshold/title: The threshold/' \"$1\"\n"
        'sed -i "s/^opened: $OPENED/opened: 2027-03-02/" "$1"\n'
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("OPENED", "2026-03-02")
    temporary = tmp_path / "tmp"  # where the system keeps temporary files (not the real /tmp)
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    before, head = repo.read(RECORD), repo.git("rev-parse", "HEAD")
    code, out = cli(repo, "amend", ID, "--reason", "Title clarified")
    assert code == 1 and "is in the future" in out
    kept = Path(out.split("Your edit is kept in ")[1].split(":")[0])
    assert kept.parent == temporary and kept.stat().st_mode & 0o077 == 0  # the user's only
    assert "title: The threshold" in kept.read_text(encoding="utf-8")  # nothing typed is lost
    assert repo.read(RECORD) == before and repo.git("rev-parse", "HEAD") == head
    monkeypatch.setenv("OPENED", "never")
    code, out = cli(repo, "amend", ID, "--reason", "Title clarified")
    assert code == 0, out
    assert "title: The threshold" in repo.read(RECORD)
    assert "Amends: PD-2026-0007 Title clarified" in repo.git("log", "-1", "--format=%B")

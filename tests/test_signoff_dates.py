"""Issue 23: a sign-off is shown as git knows it, everywhere it is shown.

After `resolve` the record's `sign_off:` block names both managers and the resolution date,
but nobody has signed: `show`, `export` (text, Markdown, PDF) and the site's record page say
"not yet signed". Once each manager's sign-off commit exists they show the day of that
commit, not the date the block claims. Real git repositories, real SSH keys.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_cli
from gitrepo import ANN, BO, RECORD, GitRepo, escalate, open_on_main, sign_off_message

from disputes.edit.roundtrip import resolve

pytestmark = pytest.mark.usefixtures("isolated_git")
ID = "PD-2026-0007"
RESOLVED, SIGNED = "2026-03-20", "2026-03-23"  # the block's date; the day both managers sign
AS_OF = "2026-04-01"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """PD-2026-0007 resolved at stage 4 on main, both managers named, nobody signed yet."""
    repo = open_on_main(tmp_path / "register")
    repo.git("checkout", "-q", "main")
    repo.write(
        RECORD, resolve(escalate(repo.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4)
    )
    shutil.copytree(REPO_ROOT / "site", repo.path / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.commit("PD-2026-0007: resolved at stage 4", when=f"{RESOLVED}T09:00:00Z")
    assert f"date: {RESOLVED}" in repo.read(RECORD).split("sign_off:", 1)[1]
    return repo


def sign_both(repo: GitRepo) -> None:
    for role, who, key in (("challenger-manager", ANN, "ann"), ("challenged-manager", BO, "bo")):
        repo.commit(
            sign_off_message(repo, who, role),
            who=who,
            key=repo.key(key),
            when=f"{SIGNED}T09:00:00Z",
        )


def before_and_after_signing(repo: GitRepo) -> Iterator[bool]:
    """False, then True after both managers sign: each check runs on the resolved record
    unsigned, then signed."""
    yield False
    sign_both(repo)
    yield True


def sign_off_rows(text: str) -> list[str]:
    """The two manager rows of the form's sign-off section, as `show` or Markdown print it."""
    lines = text.splitlines()
    heading = next(i for i, line in enumerate(lines) if "Sign-off" in line and "stage 4" in line)
    return [line for line in lines[heading : heading + 8] if "agency's manager" in line]


def cli(repo: GitRepo, *args: str) -> str:
    result = run_cli([*args, "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_show_and_export_say_not_yet_signed_until_git_has_the_sign_off(
    repo: GitRepo, tmp_path: Path
) -> None:
    markdown = tmp_path / "form.md"
    for signed in before_and_after_signing(repo):
        shown = sign_off_rows(cli(repo, "show", ID, "--as-of", AS_OF))
        cli(
            repo,
            "export",
            ID,
            "--format",
            "md",
            "-o",
            str(markdown),
            "--overwrite",
            "--as-of",
            AS_OF,
        )
        exported = sign_off_rows(markdown.read_text(encoding="utf-8"))
        for rows in (shown, exported):
            assert len(rows) == 2, rows
            for row in rows:
                assert ("not yet signed" in row) is not signed, row
                assert (f"signed off in git on {SIGNED}" in row) is signed, row
                assert f"signed {RESOLVED}" not in row and RESOLVED not in row, row


def record_sign_off_table(out: Path) -> str:
    page = (out / "records" / ID / "index.html").read_text(encoding="utf-8")
    return page.split('id="sign-off"', 1)[1].split("</table>", 1)[0]


def built_sign_off_table(repo: GitRepo, out: Path) -> str:
    """The record page's sign-off table in the internal site built from `repo` into `out`."""
    args = ["build", "--root", str(repo.path), "--profile", "internal", "-d", str(out)]
    result = run_cli([*args, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return record_sign_off_table(out)


def test_the_record_page_shows_the_day_git_has_the_sign_off(repo: GitRepo, tmp_path: Path) -> None:
    for signed in before_and_after_signing(repo):
        table = built_sign_off_table(repo, tmp_path / f"site-{signed}")
        assert ("Not yet signed" in table) is not signed, table
        assert table.count(SIGNED) == (2 if signed else 0), table
        assert RESOLVED not in table, table  # the block's date is only a claim
    text = repo.read(RECORD)  # a designation in the block changed after both signed
    head, block = text.split("sign_off:", 1)
    repo.write(RECORD, head + "sign_off:" + block.replace("designation:", "designation: Chief", 1))
    repo.commit("Amend\n\nAmends: PD-2026-0007 designation", when="2026-03-24T09:00:00Z")
    table = built_sign_off_table(repo, tmp_path / "site-amended")
    assert table.count("Not yet signed") == 2 and SIGNED not in table, table


@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftotext") is None,
    reason="needs Chromium and pdftotext",
)
def test_the_exported_pdf_says_not_yet_signed_then_the_signing_day(
    repo: GitRepo, tmp_path: Path
) -> None:
    for signed in before_and_after_signing(repo):
        target = tmp_path / f"form-{signed}.pdf"
        cli(repo, "export", ID, "--format", "pdf", "-o", str(target), "--as-of", AS_OF)
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        section = " ".join(text.split("Sign-off (managers named at stage 4)", 1)[1].split())
        assert ("not yet signed" in section) is not signed, section
        assert (f"signed off in git on {SIGNED}" in section) is signed, section
        assert f"signed {RESOLVED}" not in section, section

"""Issue 19: `export --output` wrote over anything, a record, the schema or `.git/config`.

Now it never writes over the register's own files, replaces another file only with
`--overwrite`, and writes whole or not at all. Real register in git, the real command.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import RECORD, GitRepo, fixture_record

from disputes.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")
ID = "PD-2026-0007"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record())
    made.write("mkdocs.yml", "site_name: Register\n")
    made.commit("Open PD-2026-0007")
    return made


def export(repo: GitRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["export", ID, "--root", str(repo.path), "--as-of", "2026-11-22", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def snapshot(repo: GitRepo) -> dict[str, bytes]:
    return {
        p.relative_to(repo.path).as_posix(): p.read_bytes()
        for p in sorted(repo.path.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (RECORD, "inside the register's records/ folder"),
        ("records/2026/PD-2026-0099.md", "inside the register's records/ folder"),
        ("schema/dispute.schema.json", "inside the register's schema/ folder"),
        (".git/config", "inside a git folder"),
        (".git/hooks/post-checkout", "inside a git folder"),
        ("mkdocs.yml", "a file git keeps in the repository"),
    ],
)
@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_export_never_writes_over_the_register(
    repo: GitRepo, target: str, why: str, overwrite: list[str]
) -> None:
    before = snapshot(repo)
    code, output = export(repo, "--format", "md", "-o", str(repo.path / target), *overwrite)
    assert code == 2
    assert why in output and "nothing was written" in output
    assert "Traceback" not in output
    assert snapshot(repo) == before  # nothing changed, and no temporary file is left


def test_a_link_to_a_record_is_refused_too(repo: GitRepo, tmp_path: Path) -> None:
    link = tmp_path / "form.md"
    link.symlink_to(repo.path / RECORD)
    code, output = export(repo, "--format", "md", "-o", str(link), "--overwrite")
    assert code == 2 and "records/ folder" in output
    assert repo.read(RECORD) == fixture_record()


def test_an_existing_file_is_replaced_only_when_asked(repo: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "form.md"
    target.write_text("the agency's own notes\n")
    code, output = export(repo, "--format", "md", "-o", str(target))
    assert code == 2
    assert f"{target} already exists, so nothing was written" in output
    assert "--overwrite" in output
    assert target.read_text() == "the agency's own notes\n"
    code, output = export(repo, "--format", "md", "-o", str(target), "--overwrite")
    assert code == 0, output
    assert target.read_text(encoding="utf-8").startswith(f"# {ID}")


def test_the_honest_export_writes_a_new_file_in_the_working_folder(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = export(repo, "--format", "html")
    assert code == 0, output
    assert (tmp_path / f"{ID}.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(os.listdir(tmp_path)) == [f"{ID}.html", "keys", "register"]
    code, output = export(repo, "--format", "html")  # again: the first one is kept
    assert code == 2 and "already exists" in output


def test_a_failed_write_leaves_the_old_file_whole(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import disputes.edit.atomic as atomic

    target = tmp_path / "form.md"
    target.write_text("the old form\n")

    def full_disk(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full_disk)
    code, output = export(repo, "--format", "md", "-o", str(target), "--overwrite")
    assert code == 2 and "disk is full" in output.lower()
    assert target.read_text() == "the old form\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.md", "keys", "register"]


@pytest.mark.parametrize("folder", ["records/2026", "schema", ".git"])
def test_report_csv_files_never_go_into_the_register(repo: GitRepo, folder: str) -> None:
    before = snapshot(repo)
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--format",
            "csv",
            "--output",
            str(repo.path / folder),
            "--root",
            str(repo.path),
            "--as-of",
            "2026-11-22",
        ],
    )
    assert result.exit_code == 2 and "nothing was written" in result.output, result.output
    assert snapshot(repo) == before


def test_report_csv_files_are_written_again_in_their_own_folder(
    repo: GitRepo, tmp_path: Path
) -> None:
    out = tmp_path / "report-2026"
    for _ in range(2):  # the second run replaces the first run's files: they are its own
        result = CliRunner().invoke(
            main,
            [
                "report",
                "--format",
                "csv",
                "--output",
                str(out),
                "--root",
                str(repo.path),
                "--as-of",
                "2026-11-22",
            ],
        )
        assert result.exit_code == 0, result.output
    assert any(p.suffix == ".csv" for p in out.iterdir())

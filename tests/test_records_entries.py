"""Issue 10 item 1: validate and check see everything under records/, and never hang on it.

Each kind of non-record entry (symlink, FIFO, other suffix or case, a folder named like a
record) is an error in `validate` (on disk) and in `check` (in git), beside a plain record
that passes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import AS_OF, MakeRegister, run_cli, valid_record_text
from gitrepo import RECORD, GitRepo, fixture_record

GOOD = "records/2026/PD-2026-0007.md"


def validate(root: Path) -> tuple[int, list[dict[str, str]]]:
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_a_plain_record_passes(make_register: MakeRegister) -> None:
    assert validate(make_register({GOOD: valid_record_text()})) == (0, [])


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("records/2026/PD-2026-0008.txt", "named <id>.md"),
        ("records/2026/PD-2026-0008.MD", "named <id>.md"),
        ("records/2026/notes", "named <id>.md"),
    ],
)
def test_other_names_are_errors(make_register: MakeRegister, name: str, words: str) -> None:
    root = make_register({GOOD: valid_record_text(), name: valid_record_text("PD-2026-0008")})
    code, issues = validate(root)
    assert code == 1
    assert [(i["file"], words in i["message"]) for i in issues] == [(name, True)]


def test_a_symlink_is_an_error_and_is_not_followed(
    make_register: MakeRegister, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(valid_record_text("PD-2026-0008"))
    root = make_register({GOOD: valid_record_text()})
    os.symlink(outside, root / "records/2026/PD-2026-0008.md")
    code, issues = validate(root)
    assert code == 1
    assert [i["file"] for i in issues] == ["records/2026/PD-2026-0008.md"]
    assert "this is a symbolic link, not a record file" in issues[0]["message"]


def test_a_fifo_is_an_error_not_a_hang(make_register: MakeRegister) -> None:
    root = make_register({GOOD: valid_record_text()})
    os.mkfifo(root / "records/2026/PD-2026-0008.md")  # reading it would wait for a writer
    code, issues = validate(root)
    assert code == 1
    assert "named pipe (FIFO)" in issues[0]["message"]


def test_a_folder_named_like_a_record_is_an_error(make_register: MakeRegister) -> None:
    root = make_register(
        {
            GOOD: valid_record_text(),
            "records/2026/PD-2026-0008.md/PD-2026-0008.md": valid_record_text(),
        }
    )
    code, issues = validate(root)
    assert code == 1
    assert any("a folder named like a record file" in i["message"] for i in issues)


@pytest.mark.usefixtures("isolated_git")
@pytest.mark.parametrize(
    "extra",
    ["records/2026/PD-2026-0008.MD", "records/2026/PD-2026-0008.md/PD-2026-0008.md", "link"],
)
def test_check_refuses_the_same_in_git(tmp_path: Path, extra: str) -> None:
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    repo.commit("Open")
    repo.git("checkout", "-q", "-b", "pr")
    text = fixture_record().replace("PD-2026-0007", "PD-2026-0008")
    if extra == "link":
        repo.write("notes/copy.md", text)
        extra = "records/2026/PD-2026-0008.md"
        os.symlink("../../notes/copy.md", repo.path / extra)
    else:
        repo.write(extra, text)
    repo.commit("Add")
    result = run_cli(["check", "--base", "main", "--root", str(repo.path), "--format", "json"])
    assert result.exit_code == 1
    assert extra.split("/PD-2026-0008.md/")[0] in {
        i["file"].split("/PD-2026-0008.md/")[0] for i in json.loads(result.stdout)
    }


def test_validating_a_folder_reports_what_is_in_it(make_register: MakeRegister) -> None:
    root = make_register(
        {
            GOOD: valid_record_text(),
            "records/2026/PD-2026-0008.txt": valid_record_text("PD-2026-0008"),
        }
    )
    result = run_cli(
        [
            "validate",
            "--root",
            str(root),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            str(root / "records/2026"),
        ]
    )
    assert result.exit_code == 1
    assert [i["file"] for i in json.loads(result.stdout)] == ["records/2026/PD-2026-0008.txt"]
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF, str(root / GOOD)])
    assert result.exit_code == 0  # one good file named on its own: nothing else is looked at


@pytest.mark.parametrize("kind", ["a file", "a symbolic link"])
def test_records_that_is_not_a_folder_cannot_be_read(
    make_register: MakeRegister, tmp_path: Path, kind: str
) -> None:
    """The attack: `records` as a file (or a link to a folder elsewhere) passed with exit 0
    as a register with no records. Every command now stops: the register cannot be read."""
    root = make_register()
    (root / "records").rmdir()
    if kind == "a file":
        (root / "records").write_text("records/2026/PD-2026-0007.md\n", encoding="utf-8")
    else:
        elsewhere = make_register({GOOD: valid_record_text()}, name="elsewhere")
        (root / "records").symlink_to(elsewhere / "records")
    for command in (
        ["validate"],
        ["validate", "--strict"],
        ["list"],
        ["report"],
        ["overdue"],
        ["show", "PD-2026-0007"],
        ["build", "-d", str(tmp_path / "site")],
    ):
        result = run_cli([*command, "--root", str(root)])
        assert result.exit_code == 2, (command, result.output)
        assert result.output == (
            f"Error: {root / 'records'} is {kind}, not a folder, so the register's records "
            "cannot be read. Records live in a folder named records "
            f"(records/<year>/<id>.md): rename or move {root / 'records'} and make records a "
            "folder\n"
        ), command


def test_a_register_with_no_records_folder_yet_is_empty(make_register: MakeRegister) -> None:
    root = make_register()
    (root / "records").rmdir()
    result = run_cli(["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output

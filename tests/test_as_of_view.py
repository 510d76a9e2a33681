"""`--as-of DAY` is the register as it stood that day, the same for every command that reads.

Four cases (issue 12, item 6): a record opened after DAY but before the real today is not
counted and is no error; a stage after DAY is not seen; a date after the real today is an
error in any view; without --as-of nothing changes. DAY and every date here lie before
the real today of any machine that runs these tests, except the 2099 ones, which lie after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeRegister, run_cli, valid_record_text
from gitrepo import GitRepo

DAY = "2026-06-30"


def _record(record_id: str, month: str) -> str:
    """The complete example record, renamed, its dates moved from March into `month`."""
    return valid_record_text(record_id).replace("2026-03-", f"{month}-")


LATER = _record("PD-2026-0008", "2026-07").replace(  # opened after DAY, with an error in it
    "challenged:\n  agency: Children's Social Care", "challenged:\n  agency: Kent Police"
)
STAGE_AFTER = (  # opened before DAY; stage 4 and the closing came after it
    _record("PD-2026-0009", "2026-06")
    .replace("started: 2026-06-12", "started: 2026-07-10")
    .replace("date: 2026-06-20", "date: 2026-07-20")
    .replace("date: 2026-06-21", "date: 2026-07-21")
)
SIGNED_IN_2099 = _record("PD-2026-0010", "2026-06").replace("date: 2026-06-21", "date: 2099-01-01")
OPENED_IN_2099 = _record("PD-2099-0001", "2099-03")


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    return make_register(
        {
            "records/2026/PD-2026-0007.md": valid_record_text(),
            "records/2026/PD-2026-0008.md": LATER,
            "records/2026/PD-2026-0009.md": STAGE_AFTER,
        }
    )


def test_a_record_opened_after_the_day_is_not_counted(register: Path) -> None:
    result = run_cli(["validate", "--root", str(register), "--as-of", DAY])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "2 records checked: no problems found.\n"
        "1 record opened after 2026-06-30 is not counted as of that day.\n"
    )
    as_json = run_cli(["validate", "--root", str(register), "--as-of", DAY, "--format", "json"])
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])
    for command in (["report"], ["overdue"], ["list"]):  # nothing left out, nothing to explain
        shown = run_cli([*command, "--root", str(register), "--as-of", DAY, "--format", "json"])
        assert (shown.exit_code, shown.stderr) == (0, ""), command
        assert "PD-2026-0008" not in shown.stdout
    listed = run_cli(["list", "--root", str(register), "--as-of", DAY, "--format", "json"])
    assert [row["id"] for row in json.loads(listed.stdout)] == ["PD-2026-0007", "PD-2026-0009"]


def test_without_as_of_every_record_is_checked(register: Path) -> None:
    result = run_cli(["validate", "--root", str(register)])
    assert result.exit_code == 1
    assert "records/2026/PD-2026-0008.md:" in result.stdout
    assert "challenged agency is the same as the challenger" in result.stdout
    assert "not counted" not in result.stdout
    report = run_cli(["report", "--root", str(register), "--format", "json"])
    assert "records/2026/PD-2026-0008.md" in report.stderr  # left out, and validate says why


def test_a_stage_after_the_day_is_not_seen(register: Path) -> None:
    checked = run_cli(
        [
            "validate",
            str(register / "records/2026/PD-2026-0009.md"),
            "--root",
            str(register),
            "--as-of",
            DAY,
        ]
    )
    assert (checked.exit_code, checked.stdout) == (0, "1 record checked: no problems found.\n")
    shown = run_cli(["show", "PD-2026-0009", "--root", str(register), "--as-of", DAY])
    assert shown.exit_code == 0, shown.stderr
    assert "Stage 4" not in shown.stdout and "Stage 3" in shown.stdout
    assert "2026-07-10" not in shown.stdout and "2026-07-20" not in shown.stdout
    now = run_cli(["show", "PD-2026-0009", "--root", str(register)])
    assert "Stage 4" in now.stdout and "2026-07-10" in now.stdout
    listed = run_cli(["list", "--root", str(register), "--as-of", DAY, "--format", "json"])
    row = next(r for r in json.loads(listed.stdout) if r["id"] == "PD-2026-0009")
    assert (row["status"], row["stage"]) == ("open", 3)


@pytest.mark.parametrize(
    "file,text,where",
    [
        ("records/2026/PD-2026-0010.md", SIGNED_IN_2099, "sign_off.challenged_manager.date"),
        ("records/2099/PD-2099-0001.md", OPENED_IN_2099, "opened"),
    ],
)
def test_a_date_after_the_real_today_is_an_error_in_any_view(
    make_register: MakeRegister, file: str, text: str, where: str
) -> None:
    register = make_register({file: text})
    for view in ([], ["--as-of", DAY], ["--as-of", "2099-12-31"]):
        result = run_cli(["validate", "--root", str(register), *view])
        assert result.exit_code == 1, view
        assert f"{file}:" in result.stdout and f"{where}: the date 2099-" in result.stdout, view
        assert "is in the future" in result.stdout
    check = run_cli(["report", "--root", str(register), "--as-of", DAY, "--format", "json"])
    assert file in check.stderr  # left out of the figures, and validate --as-of says why


def test_the_gate_has_no_as_of_view_so_a_past_day_cannot_shrink_it(tmp_path: Path) -> None:
    """An attack: a CI step run with a past day must not let a later, broken record past."""
    repo = GitRepo(tmp_path / "repo")
    repo.write("records/2026/PD-2026-0007.md", valid_record_text())
    repo.commit("Open PD-2026-0007")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write("records/2026/PD-2026-0008.md", LATER)
    repo.commit("Open PD-2026-0008", when="2026-07-02T10:00:00Z")

    def check(*view: str) -> Any:
        return run_cli(
            ["check", "--base", "main", "--root", str(repo.path), "--format", "json", *view]
        )

    refused = check("--as-of", DAY)
    assert refused.exit_code == 2 and "No such option '--as-of'" in refused.output
    result = check()
    files = [i["file"] for i in json.loads(result.stdout)]
    assert result.exit_code == 1 and set(files) == {"records/2026/PD-2026-0008.md"}

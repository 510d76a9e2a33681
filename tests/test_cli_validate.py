"""`disputes validate` through the command line: exact output, formats, exit codes, paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, REPO_ROOT, MakeRegister, run_cli, valid_record_text

GOOD = "records/2026/PD-2026-0007.md"
BAD = "records/2026/PD-2026-0008.md"
WARN = "records/2025/PD-2025-0001.md"

BAD_TEXT = valid_record_text("PD-2026-0008").replace("child-in-need ", "early help ")
WARN_TEXT = (
    valid_record_text("PD-2025-0001")
    .replace("opened: 2026-03-02", "opened: 2025-03-02")
    .replace("challenged:\n  agency: Children's Social Care", "challenged:\n  agency: Social Care")
)
ENUM_MESSAGE = (
    "'early help' is not allowed here; did you mean 'early-help'? "
    "Use one of: early-help, child-in-need, child-protection, looked-after"
)
WARN_MESSAGE = (
    "'Social Care' is not in the partnership's list of agencies (schema/agencies.yml); "
    "did you mean 'Children's Social Care'? "
    "Use the listed name so the reports count one agency once"
)


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    """A register of three records: one clean, one with an error, one with a warning."""
    return make_register({GOOD: valid_record_text(), BAD: BAD_TEXT, WARN: WARN_TEXT})


def validate(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(["validate", "--root", str(root), "--as-of", AS_OF, *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_output_is_exact(register: Path) -> None:
    code, out, err = validate(register)
    assert out == (
        f"{WARN}:15: challenged.agency: warning: {WARN_MESSAGE}\n"
        f"{BAD}:7: level_of_need: {ENUM_MESSAGE}\n"
        "1 error and 1 warning in 2 files (3 record files checked).\n"
    )
    assert (code, err) == (1, "")


def test_json_output(register: Path) -> None:
    code, out, _ = validate(register, "--format", "json")
    assert json.loads(out) == [
        {
            "file": WARN,
            "line": 15,
            "path": "challenged.agency",
            "message": WARN_MESSAGE,
            "severity": "warning",
        },
        {
            "file": BAD,
            "line": 7,
            "path": "level_of_need",
            "message": ENUM_MESSAGE,
            "severity": "error",
        },
    ]
    assert code == 1


def test_json_output_when_clean_is_an_empty_list(make_register: MakeRegister) -> None:
    code, out, _ = validate(make_register({GOOD: valid_record_text()}), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_github_annotations(register: Path) -> None:
    code, out, _ = validate(register, "--format", "github")
    assert out.splitlines() == [
        f"::warning file={WARN},line=15,title=challenged.agency::{WARN_MESSAGE}",
        f"::error file={BAD},line=7,title=level_of_need::{ENUM_MESSAGE}",
        "1 error and 1 warning in 2 files (3 record files checked).",
    ]
    assert code == 1


def test_github_annotation_escapes_separators_in_properties(make_register: MakeRegister) -> None:
    root = make_register({"records/2026/draft, v2: final.md": "no front matter\n"})
    _, out, _ = validate(root, "--format", "github")
    assert out.splitlines()[0].startswith(
        "::error file=records/2026/draft%2C v2%3A final.md,line=1,title=record::the file has no"
    )


def test_clean_register_exits_0(make_register: MakeRegister) -> None:
    code, out, err = validate(make_register({GOOD: valid_record_text()}))
    assert (code, out, err) == (0, "1 record checked: no problems found.\n", "")


def test_empty_register_exits_0(make_register: MakeRegister) -> None:
    assert validate(make_register()) == (0, "0 records checked: no problems found.\n", "")


def test_warnings_alone_exit_0_and_strict_makes_them_errors(make_register: MakeRegister) -> None:
    root = make_register({WARN: WARN_TEXT})
    code, out, _ = validate(root)
    assert code == 0 and "warning: 'Social Care'" in out
    code, out, _ = validate(root, "--strict")
    assert out == (
        f"{WARN}:15: challenged.agency: {WARN_MESSAGE}\n"
        "1 error in 1 file (1 record file checked).\n"
    )
    assert code == 1


def test_root_that_is_not_a_register_exits_2(tmp_path: Path) -> None:
    code, out, err = validate(tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {tmp_path} is not a disputes register: schema/dispute.schema.json was not "
        "found there. Run the command in the register's folder, or pass --root FOLDER\n"
    )


def test_path_that_does_not_exist_exits_2(register: Path) -> None:
    missing = register / "records/2026/PD-2026-0099.md"
    code, out, err = validate(register, str(missing))
    assert (code, out, err) == (2, "", f"Error: {missing}: no such file or folder\n")


@pytest.mark.parametrize("as_of", ["2026-02-30", "22/11/2026", "today"])
def test_bad_as_of_exits_2(register: Path, as_of: str) -> None:
    result = run_cli(["validate", "--root", str(register), "--as-of", as_of])
    assert result.exit_code == 2
    assert f"Invalid value for '--as-of': '{as_of}' is not a real date; write it as YYYY-MM-DD" in (
        result.stderr
    )


def test_unknown_format_exits_2(register: Path) -> None:
    assert validate(register, "--format", "csv")[0] == 2


def test_path_to_one_file(register: Path) -> None:
    code, out, _ = validate(register, str(register / GOOD))
    assert (code, out) == (0, "1 record checked: no problems found.\n")
    code, out, _ = validate(register, str(register / BAD))
    assert code == 1 and out.startswith(f"{BAD}:7: level_of_need:")


def test_path_to_a_folder(register: Path) -> None:
    code, out, _ = validate(register, str(register / "records/2025"))
    assert out == (
        f"{WARN}:15: challenged.agency: warning: {WARN_MESSAGE}\n"
        "1 warning in 1 file (1 record file checked).\n"
    )
    assert code == 0


def test_paths_relative_to_the_current_folder(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(register)
    result = run_cli(["validate", "--as-of", AS_OF, GOOD, "records/2025"])
    assert result.exit_code == 0
    assert result.stdout.endswith("(2 record files checked).\n")


def test_a_duplicate_in_a_folder_of_its_own_is_found_where_it_is_wrong(
    make_register: MakeRegister,
) -> None:
    """Attack: a copy of a record tucked into records/2026/other/. Checking the copy says
    where it belongs and that its id is taken; so does checking the register. Checking the
    real record alone reads only itself (one file costs one file, issue 25)."""
    text = valid_record_text()
    copy = "records/2026/other/PD-2026-0007.md"
    root = make_register({GOOD: text, copy: text})
    code, out, _ = validate(root, str(root / copy))
    assert f"{copy}:2: id: the id PD-2026-0007 is also used by {GOOD}; every record" in out
    assert f"{copy}:" in out and "belongs in records/2026/, not records/2026/other/" in out
    assert code == 1
    code, out, _ = validate(root)
    assert out.splitlines()[0] == (
        f"{GOOD}:2: id: the id PD-2026-0007 is also used by {copy}; every record needs its "
        "own id (`disputes new` picks the next free one)"
    )
    assert code == 1
    assert validate(root, str(root / GOOD))[:2] == (0, "1 record checked: no problems found.\n")


def test_a_file_of_several_megabytes_is_refused_before_it_is_read(
    make_register: MakeRegister,
) -> None:
    filler = "\n".join(f"Line {n} of pasted case notes." for n in range(200_000))
    root = make_register({GOOD: valid_record_text() + filler})
    size = (root / GOOD).stat().st_size
    assert size > 5 * 1024 * 1024
    code, out, _ = validate(root)
    assert out == (
        f"{GOOD}:1: the file is {size / 1024 / 1024:.1f} MB; a record should be a few KB. "
        "Keep attachments and case notes in the agencies' own systems\n"
        "1 error in 1 file (1 record file checked).\n"
    )
    assert code == 1


def test_every_file_is_reported_in_one_run(make_register: MakeRegister) -> None:
    files = {
        "records/2026/PD-2026-0001.md": "",
        "records/2026/PD-2026-0002.md": b"---\nid: \xff\n---\n",
        "records/2026/PD-2026-0003.md": "---\nid: [\n---\n",
        GOOD: valid_record_text(),
    }
    code, out, _ = validate(make_register(files))
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == sorted(files)[:3]
    assert lines[-1] == "3 errors in 3 files (4 record files checked)."
    assert code == 1


def test_python_m_disputes_help() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")}
    result = subprocess.run(
        [sys.executable, "-m", "disputes", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Keep the register of professional disagreements" in result.stdout
    assert "validate" in result.stdout and "new" in result.stdout


def test_unreadable_agency_list_exits_2(make_register: MakeRegister) -> None:
    root = make_register({GOOD: valid_record_text()})
    (root / "schema/agencies.yml").write_text("agencies: [Kent Police, [Health]]\n")
    code, out, err = validate(root)
    assert (code, out) == (2, "")
    assert err == "Error: schema/agencies.yml: expected 'agencies:' followed by a list of names\n"


@pytest.mark.parametrize(
    ("schema", "start"),
    [
        ('{"type": ', "Error: schema/dispute.schema.json: the schema cannot be read ("),
        ('{"type": "nonsense"}', "Error: schema/dispute.schema.json: not a valid JSON Schema ("),
        ("[1, 2]", "Error: schema/dispute.schema.json: not a valid JSON Schema ("),
    ],
)
def test_broken_schema_exits_2(make_register: MakeRegister, schema: str, start: str) -> None:
    root = make_register({GOOD: valid_record_text()})
    (root / "schema/dispute.schema.json").write_text(schema)
    code, out, err = validate(root)
    assert (code, out) == (2, "")
    assert err.startswith(start)

"""`disputes report` and `disputes overdue` through the command line, with golden files."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from disputes.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "report"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-11-22"


def golden_register() -> Path:
    """The demo register once it has records, else the report fixture register."""
    for candidate in (ROOT, ROOT / "demo"):
        if any(candidate.glob("records/*/*.md")):
            return candidate
    return FIXTURE


@pytest.fixture()
def register(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copytree(FIXTURE / "records", tmp_path / "records")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["txt", "json", "csv"])
def test_report_matches_the_golden_file(fmt: str, tmp_path: Path) -> None:
    source = golden_register()
    root = tmp_path / "register"
    shutil.copytree(source / "records", root / "records")
    shutil.copytree(ROOT / "schema", root / "schema")
    option = {"txt": "text"}.get(fmt, fmt)
    code, out, err = run("report", "--root", str(root), "--format", option, "--as-of", AS_OF)
    assert (code, err) == (0, "")
    golden = GOLDEN / f"report.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8", newline="")
    assert out == golden.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 to regenerate"


def test_json_has_the_spec_figures(register: Path) -> None:
    code, out, _ = run("report", "--root", str(register), "--format", "json", "--as-of", AS_OF)
    report = json.loads(out)
    assert report["totals"] == {"records": 8, "open": 4, "resolved": 3, "withdrawn": 1}
    assert report["timescales"]["3"] == {"met": 2, "breached": 1, "pending": 0, "overdue": 1}
    assert report["timescales"]["4"] == {"met": 1, "breached": 1, "pending": 1, "overdue": 1}
    assert report["timescales"]["5"] == {"met": 1, "breached": 0, "pending": 0, "overdue": 0}
    assert [row["id"] for row in report["overdue"]] == ["PD-2026-0002", "PD-2026-0003"]
    assert list(report) == sorted(report)


def test_period_filters_on_opened(register: Path) -> None:
    code, out, _ = run(
        "report",
        "--root",
        str(register),
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--period",
        "2026-Q3",
    )
    assert json.loads(out)["totals"]["records"] == 1


def test_period_and_from_together_is_a_usage_error(register: Path) -> None:
    code, _, err = run(
        "report", "--root", str(register), "--period", "2026", "--from", "2026-01-01"
    )
    assert code == 2
    assert "either --period or --from/--to" in err


def test_a_bad_period_is_a_usage_error(register: Path) -> None:
    code, _, err = run("report", "--root", str(register), "--period", "autumn")
    assert code == 2
    assert "'autumn' is not a period" in err


def test_csv_output_writes_one_file_per_section(register: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run(
        "report",
        "--root",
        str(register),
        "--format",
        "csv",
        "--as-of",
        AS_OF,
        "--output",
        str(out_dir),
    )
    assert code == 0
    assert "Wrote 13 CSV files" in err
    stages = list(csv.DictReader(io.StringIO((out_dir / "stages.csv").read_text())))
    assert stages[3] == {
        "stage": "4",
        "name": "Operations managers and safeguarding leads",
        "reached": "5",
        "resolved": "1",
        "open": "2",
    }


def test_output_without_csv_is_a_usage_error(register: Path, tmp_path: Path) -> None:
    code, _, err = run("report", "--root", str(register), "--output", str(tmp_path / "x"))
    assert code == 2
    assert "--format csv" in err


def test_a_record_with_errors_is_left_out_with_a_warning(register: Path) -> None:
    bad = register / "records" / "2026" / "PD-2026-0008.md"
    bad.write_text(bad.read_text().replace("status: open", "status: opened"))
    code, out, err = run("report", "--root", str(register), "--format", "json", "--as-of", AS_OF)
    assert code == 0
    assert json.loads(out)["totals"]["records"] == 7
    assert "records/2026/PD-2026-0008.md" in err
    assert "disputes validate" in err


def test_a_broken_policy_is_exit_2_naming_the_file(register: Path) -> None:
    policy = register / "schema" / "policy.yml"
    policy.write_text(policy.read_text().replace("unit: days", "unit: weeks"))
    code, _, err = run("report", "--root", str(register), "--as-of", AS_OF)
    assert code == 2
    assert "policy.yml: stages.4.allowance.unit: 'weeks' is not one of" in err


def test_overdue_text_most_overdue_first(register: Path) -> None:
    code, out, _ = run("overdue", "--root", str(register), "--as-of", AS_OF)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["Id", "Stage", "Deadline", "Days"]
    assert lines[1].split()[:4] == ["PD-2026-0002", "3", "2026-11-12", "10"]
    assert lines[2].split()[:4] == ["PD-2026-0003", "4", "2026-11-15", "7"]
    assert lines[-1] == "2 open disputes past a deadline as of 22 November 2026."


def test_overdue_fail_if_any(register: Path) -> None:
    assert run("overdue", "--root", str(register), "--as-of", AS_OF, "--fail-if-any")[0] == 1
    code, out, _ = run("overdue", "--root", str(register), "--as-of", "2026-11-11", "--fail-if-any")
    assert code == 0
    assert out == "No open dispute is past a deadline as of 11 November 2026.\n"


def test_overdue_json_and_csv(register: Path) -> None:
    _, out, _ = run("overdue", "--root", str(register), "--as-of", AS_OF, "--format", "json")
    rows = json.loads(out)
    assert rows[0] == {
        "id": "PD-2026-0002",
        "title": "Who leads the strategy discussion",
        "stage": 3,
        "deadline": "2026-11-12",
        "days_overdue": 10,
        "challenger": "Kent Police",
        "challenged": "Children's Social Care",
    }
    _, out, _ = run("overdue", "--root", str(register), "--as-of", AS_OF, "--format", "csv")
    assert out.splitlines()[0] == "id,title,stage,deadline,days_overdue,challenger,challenged"


def test_from_after_to_is_a_usage_error(register: Path) -> None:
    code, _, err = run(
        "report", "--root", str(register), "--from", "2026-12-01", "--to", "2026-01-01"
    )
    assert code == 2
    assert "--from 2026-12-01 is after --to 2026-01-01; swap them" in err


def test_an_empty_register_reports_zeros(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    code, out, _ = run("report", "--root", str(tmp_path), "--as-of", AS_OF)
    assert code == 0
    summary = " ".join(out.split())
    assert (
        "0 disputes: 0 open, 0 resolved, 0 withdrawn. No open dispute is past a deadline."
        in summary
    )

"""Every benchmark runs as shipped: its --smoke mode, as a process, must succeed.

A benchmark that breaks (an option a command no longer takes, records the schema refuses,
a page that never settles) fails here, not on the day someone wants its figures.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from browser import CHROMIUM
from click.testing import CliRunner
from conftest import AS_OF, REPO_ROOT

from bench.generate import _record, record_places
from bench.timing import BenchFailure, python, run
from disputes.cli import main as cli

BENCH = REPO_ROOT / "tools" / "bench"
# What each benchmark's smoke run must print: its figures, not only exit cleanly.
PRINTS = {
    "bench_audit.py": "disputes audit",
    "bench_build.py": "disputes build",
    "bench_check.py": "disputes check --base main",
    "bench_disclosure.py": "suppression adds",
    "bench_edits.py": "x `disputes new` at once",
    "bench_history.py": "every record's trail",
    "bench_import.py": "disputes import",
    "bench_register.py": "next page",
    "bench_report.py": "disputes report --format json",
    "bench_site.py": "disputes serve: save -> page",
    "bench_startup.py": "disputes validate (demo register)",
    "bench_validate.py": "disputes validate",
    "bench_verify.py": "disputes verify",
}


def test_every_benchmark_has_a_smoke_test() -> None:
    """A new benchmark is added to PRINTS, so its smoke mode runs below."""
    assert sorted(p.name for p in BENCH.glob("bench_*.py")) == sorted(PRINTS)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PRINTS))
def test_benchmark_smoke_mode_runs(name: str) -> None:
    """The benchmark's --smoke mode ends with status 0 and prints its figures."""
    if name == "bench_register.py" and not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    done = subprocess.run(
        [sys.executable, str(BENCH / name), "--smoke"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert PRINTS[name] in done.stdout, done.stdout
    assert "Traceback" not in done.stderr, done.stderr


def test_a_failing_process_stops_the_benchmark() -> None:
    """A measured command that fails is never timed as if it had worked."""
    with pytest.raises(BenchFailure) as stopped:
        run(python("import sys; print('refused'); sys.exit(1)"))
    assert stopped.value.code == 1
    worked = run(python("print('fine')"))
    assert worked.stdout == "fine\n" and worked.wall > 0 and worked.peak_mib > 0


def test_a_status_the_benchmark_expects_is_accepted() -> None:
    """A benchmark may say which statuses are success (say, 1 for 'overdue found')."""
    assert run(python("import sys; sys.exit(1)"), ok=(0, 1)).wall > 0


def test_ids_of_a_large_register_fit_the_schema() -> None:
    """50,000 records (bench_validate's size) get 50,000 different four-digit ids."""
    places = record_places(50_000)
    assert len(set(places)) == 50_000
    assert max(number for _, number in places) <= 9999
    assert max(year for year, _ in places) == 2026
    assert record_places(30) == [(2024 + i % 3, i // 3 + 1) for i in range(30)]  # as before


def test_the_records_at_the_edges_of_a_large_register_are_valid(tmp_path: Path) -> None:
    """The first and last records of a 50,000-record register pass `disputes validate`."""
    places = record_places(50_000)
    rng = random.Random(0)
    for year, number in [places[0], places[-1], max(places, key=lambda p: p[1])]:
        file, text = _record(rng, year, number)
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / file).write_text(text, encoding="utf-8")
    (tmp_path / "schema").symlink_to(REPO_ROOT / "schema")
    result = CliRunner().invoke(cli, ["validate", "--root", str(tmp_path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 records checked: no problems"), result.output

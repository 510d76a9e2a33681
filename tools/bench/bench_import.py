"""Benchmark: `disputes import` of a log against `disputes validate` of the records it makes.

Makes a messy XLSX log of N rows (tests/importsources.py: day-first and Excel-serial
dates, agency aliases, blank cells, a merged cell, a child's name column), imports it
into a fresh git register (one unsigned import commit: no keys are listed), then
validates the register. Each command runs as a whole process, interleaved, median (and
best) of REPEAT; prints CPU and wall time side by side and the ratios (target: import at
most 2 x validate).

Run: PYTHONPATH=tools python tools/bench/bench_import.py [ROWS] [--repeat R] [--smoke]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))  # the sources the tests import, made the same way

from importsources import aliases_yaml, write_log_xlsx  # noqa: E402

from bench.timing import (  # noqa: E402
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
    run,
)

GIT = {
    "GIT_AUTHOR_NAME": "Reg Admin",
    "GIT_AUTHOR_EMAIL": "admin@lscp.example",
    "GIT_COMMITTER_NAME": "Reg Admin",
    "GIT_COMMITTER_EMAIL": "admin@lscp.example",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def fresh_register(folder: Path) -> Path:
    """An empty register (the tool's schema, the agencies with aliases) with one commit."""
    folder.mkdir()
    shutil.copytree(REPO / "schema", folder / "schema")
    with (folder / "schema/agencies.yml").open("a", encoding="utf-8") as handle:
        handle.write(aliases_yaml())
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "A new register"]):
        subprocess.run(["git", *args], cwd=folder, env={**GIT, "PATH": "/usr/bin:/bin"}, check=True)
    return folder


def main() -> None:
    """Make the log and the empty registers, time, and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("rows", type=int, nargs="?", default=1000)
    args = parser.parse_args()
    n, repeat = (30, 1) if args.smoke else (args.rows, args.repeat)
    env = process_env(GIT)
    with tempfile.TemporaryDirectory() as tmp:
        log = write_log_xlsx(Path(tmp) / "log.xlsx", n)
        # Each import needs an empty register: made before the clock starts.
        fresh = [fresh_register(Path(tmp) / f"register-{i}") for i in range(repeat)]
        done: list[Path] = []

        def import_next() -> Run:
            done.append(fresh.pop())
            # exit 1: the log's few unmappable rows are listed (they make no record)
            return run(disputes("import", "--root", str(done[-1]), str(log)), env=env, ok=(0, 1))

        runs = interleaved(
            repeat,
            imported=import_next,
            validated=lambda: run(disputes("validate", "--root", str(done[-1])), env=env),
        )
        made = len(list((done[-1] / "records").rglob("*.md")))
    assert n - made <= 3, f"the import made {made} records of {n} rows (3 are unmappable)"
    print(f"{n} rows in the log ({made} records made); {heading(repeat)}")
    print(describe("disputes validate of those records (floor)", runs["validated"]))
    print(describe("disputes import", runs["imported"], runs["validated"], "target at most 2"))


if __name__ == "__main__":
    main()

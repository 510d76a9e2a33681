"""Benchmark: `disputes check` on a pull request vs `disputes validate` of the same register.

Builds a register of N valid records on `main` (one commit), then a branch of K commits
each editing one open record's body, and times, in the same run:
  1. `validate_register` of the working files (the floor: what check did before issue 10);
  2. `check_change` (git trees of base, fork and head, every commit of the branch).

Run: PYTHONPATH=tools python tools/bench/bench_check.py [--records N] [--commits K]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.generate import generate_register
from disputes.history.gate import check_change
from disputes.records.config import record_files
from disputes.records.validate import validate_register

AS_OF = date(2026, 11, 22)
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@lscp.example",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@lscp.example",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> None:
    """Run git quietly in the register."""
    subprocess.run(["git", *args], cwd=root, env=ENV, check=True, capture_output=True)


def make(root: Path, records: int, commits: int) -> None:
    """N records on main, then a branch `pr` of K commits editing open records' bodies."""
    generate_register(root, records)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Register")
    git(root, "checkout", "-q", "-b", "pr")
    opened = [p for p in record_files(root) if "\nstatus: open" in p.read_text()]
    for index in range(commits):
        path = opened[index % len(opened)]
        path.write_text(path.read_text() + f"\nNote {index}.\n")
        git(root, "commit", "-q", "-am", f"Note {index}")


def best(runs: int, func: object) -> float:
    """The fastest of `runs` timings, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Build the register, time both, print them side by side."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "register"
        make(root, args.records, args.commits)
        floor = best(3, lambda: validate_register(root, today=AS_OF))
        gate = best(3, lambda: check_change(root, "main", today=AS_OF))
        found = check_change(root, "main", today=AS_OF)
    print(f"records: {args.records}, commits in the pull request: {args.commits}")
    print(f"disputes validate (working files, the floor): {floor:.2f} s")
    print(f"disputes check (git trees, every commit):     {gate:.2f} s  = {gate / floor:.2f}x")
    print(f"errors found by check: {sum(i.severity == 'error' for i in found.issues)}")


if __name__ == "__main__":
    main()

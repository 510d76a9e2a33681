"""Benchmark: `disputes check` of a one-record pull request, as the register grows.

For each size (default 1,000, 3,000 and 10,000 records, five commits per record) builds
(or reuses) a register (history_repo.py), makes a branch `pr` that edits one open
record, then times, interleaved, best of REPEAT each:
  1. the floor: `git diff --name-status main...HEAD`, plus validating that one record,
     plus the id index (`git ls-tree -r main -- records`);
  2. `disputes check --base main` in-process.
Prints both and the ratio (target: under 3, and the same at every size).

Run: PYTHONPATH=tools python tools/bench/bench_check.py [--sizes 1000 3000 10000] [--repos DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from bench.history_repo import build_history_repo
from bench.timing import best
from disputes.cli import main as cli
from disputes.records.config import load_agencies, load_schema
from disputes.records.snapshot import validate_sources

AS_OF = date(2026, 11, 22)
GIT_ENV = ["-c", "user.name=Reg Clerk", "-c", "user.email=clerk@lscp.example"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ENV, *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


def pull_request(root: Path) -> Path:
    """Branch `pr` editing the first open record (made once); that record's file."""
    git(root, "checkout", "-q", "-f", "main")
    opened = next(p for p in sorted((root / "records").rglob("*.md"))
                  if "\nstatus: open\n" in p.read_text("utf-8"))
    if "pr" not in git(root, "branch", "--list", "pr"):
        git(root, "checkout", "-q", "-b", "pr")
        opened.write_text(opened.read_text("utf-8").replace("\ntitle: ", "\ntitle: PR "), "utf-8")
        git(root, "commit", "-q", "-am", "Edit one record")
    git(root, "checkout", "-q", "-f", "pr")
    return opened


def floor(root: Path, record: Path) -> None:
    """What the question costs at least: the diff, one record validated, the id index."""
    git(root, "diff", "--name-status", "main...HEAD")
    validate_sources({record.relative_to(root).as_posix(): record.read_text("utf-8")},
                     load_schema(root), load_agencies(root), today=AS_OF)
    git(root, "ls-tree", "-r", "main", "--", "records")


def check(root: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--base", "main", "--root", str(root),
                                      "--as-of", AS_OF.isoformat()])
    assert result.exit_code in (0, 1), result.output



def measure(root: Path, repeat: int) -> tuple[float, float]:
    """(floor, check) seconds for the one-record pull request in `root`."""
    record = pull_request(root)
    low, ours = best(repeat, lambda: floor(root, record), lambda: check(root))
    return low, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repos", type=Path, help="keep registers here (DIR/r<N>) to reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"one-record pull request; best of {args.repeat}, interleaved")
        for size in args.sizes:
            root = (args.repos or Path(folder)) / f"r{size}"
            if not (root / ".git").is_dir():
                build_history_repo(root, size, 5 * size)
            low, ours = measure(root, args.repeat)
            print(f"{size:>6} records, {5 * size:>6} commits: floor {low:6.2f} s   "
                  f"disputes check {ours:6.2f} s   ratio {ours / low:.2f} (target under 3)")


if __name__ == "__main__":
    main()

"""Benchmark: `disputes check` of a one-record pull request, as the register grows.

For each size (default 1,000, 3,000 and 10,000 records, five commits per record) builds
(or reuses) a register (history_repo.py), makes a branch `pr` that edits one open
record, then times, as whole processes, interleaved, median (and best) of REPEAT each:
  1. the floor: `git diff --name-status main...HEAD`, a plain Python process validating
     that one record (its front matter parsed, the schema and the rules), and the id
     index (`git ls-tree -r main -- records`);
  2. `disputes check --base main`, which must pass (exit status 0).
Prints CPU and wall time and the ratios.
Target: the ratio under 3, and the same at every size (the gate's cost follows the
change, not the register).

Run: PYTHONPATH=tools python tools/bench/bench_check.py [--sizes 1000 3000 10000]
     [--repeat R] [--repos DIR] [--smoke]
"""

from __future__ import annotations

import subprocess
import tempfile
from functools import partial
from pathlib import Path

from bench.history_repo import build_history_repo
from bench.timing import Run, bench_parser, describe, disputes, heading, interleaved, python, run

GIT_ENV = ["-c", "user.name=Reg Clerk", "-c", "user.email=clerk@lscp.example"]
# The floor's validation of the one record the change touches, as its own process.
VALIDATE_ONE = """
import sys
from datetime import date
from pathlib import Path
from disputes.records.config import load_agencies, load_schema
from disputes.records.snapshot import validate_sources
root, file = Path(sys.argv[1]), sys.argv[2]
validate_sources({file: (root / file).read_text("utf-8")}, load_schema(root),
                 load_agencies(root), today=date.today())
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *GIT_ENV, *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def pull_request(root: Path) -> str:
    """Branch `pr` editing the first open record (made once); that record's file."""
    git(root, "checkout", "-q", "-f", "main")
    opened = next(
        p
        for p in sorted((root / "records").rglob("*.md"))
        if "\nstatus: open\n" in p.read_text("utf-8")
    )
    if "pr" not in git(root, "branch", "--list", "pr"):
        git(root, "checkout", "-q", "-b", "pr")
        opened.write_text(opened.read_text("utf-8").replace("\ntitle: ", "\ntitle: PR "), "utf-8")
        git(root, "commit", "-q", "-am", "Edit one record")
    git(root, "checkout", "-q", "-f", "pr")
    return opened.relative_to(root).as_posix()


def floor(root: Path, file: str) -> Run:
    """What the question costs at least: the diff, one record validated, the id index."""
    return (
        run(["git", "diff", "--name-status", "main...HEAD"], cwd=root)
        + run(python(VALIDATE_ONE, str(root), file))
        + run(["git", "ls-tree", "-r", "main", "--", "records"], cwd=root)
    )


def check(root: Path) -> Run:
    """`disputes check --base main` as CI runs it; the change is valid, so it must pass."""
    return run(disputes("check", "--base", "main", "--root", str(root)))


def main() -> None:
    """Build, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10_000])
    parser.add_argument("--repos", type=Path, help="keep registers here (DIR/r<N>) to reuse")
    args = parser.parse_args()
    sizes, repeat = ([30], 1) if args.smoke else (args.sizes, args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        print(f"one-record pull request; {heading(repeat)}")
        for size in sizes:
            root = (args.repos or Path(folder)) / f"r{size}"
            if not (root / ".git").is_dir():
                build_history_repo(root, size, 5 * size)
            file = pull_request(root)
            runs = interleaved(repeat, floor=partial(floor, root, file), check=partial(check, root))
            print(f"{size:>6} records, {5 * size:>6} commits:")
            print(describe("  floor (diff, validate one, ls-tree)", runs["floor"]))
            print(
                describe(
                    "  disputes check --base main",
                    runs["check"],
                    runs["floor"],
                    "target under 3 at every size",
                )
            )


if __name__ == "__main__":
    main()

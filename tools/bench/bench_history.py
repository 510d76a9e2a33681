"""Benchmark: the audit trail of every record vs one `git log --name-status` of the history.

Builds (or reuses) a register of RECORDS valid records and COMMITS commits
(history_repo.py), then times, as whole processes, interleaved, median (and best) of
REPEAT each, with no signature cache in any run:
  1. the floor: one `git log --name-status` of the whole history;
  2. a Python process making every record's audit trail as the site build does
     (`read_history(bulk=True)` and `audit_trails`; no command does only this);
and, once, the naive way: one `git log --follow -p` process per record, on a sample,
extrapolated to every record.
Prints CPU and wall time and the ratios. Target: every trail at most 3x the one git log.

Run: PYTHONPATH=tools python tools/bench/bench_history.py [--records N] [--commits N]
     [--repo DIR] [--sample K] [--repeat R] [--smoke]
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bench.history_repo import build_history_repo
from bench.timing import Figures, Run, bench_parser, describe, heading, interleaved, python, run

# Every record's audit trail, as the site build reads them; prints the number of entries.
TRAILS = """
import sys
from pathlib import Path
from disputes.history import read_history
from disputes.history.audit import audit_trails
history = read_history(Path(sys.argv[1]), bulk=True)
try:
    print(sum(len(entries) for entries in audit_trails(history).values()))
finally:
    history.close()
"""


def trails(root: Path) -> Run:
    """Every record's trail in one process, with no remembered signature checks."""
    (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
    done = run(python(TRAILS, str(root)))
    assert int(done.stdout) > 0, "no audit trail entry was made"
    return done


def naive(root: Path, paths: list[str]) -> Run:
    """One `git log --follow -p` per record: the way the bulk read avoids."""
    total = Run(0.0, 0.0, 0.0)
    for path in paths:
        total += run(
            ["git", "log", "--follow", "-p", "--format=%H %an %aI %G? %s", "--", path], cwd=root
        )
    return total


def main() -> None:
    """Build, time and print the figures and ratios."""
    parser = bench_parser(__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    if args.smoke:
        args.records, args.commits, args.sample, args.repeat = 30, 150, 3, 1
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if not (root / ".git").is_dir():
            start = time.perf_counter()
            build_history_repo(root, args.records, args.commits)
            print(
                f"built {args.records} records, {args.commits} commits "
                f"in {time.perf_counter() - start:.1f} s"
            )
        runs = interleaved(
            args.repeat,
            log=lambda: run(["git", "log", "--name-status"], cwd=root),
            trails=lambda: trails(root),
        )
        paths = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))
        sample = random.Random(1).sample(paths, min(args.sample, len(paths)))
        some = naive(root, sample)
    entries = runs["trails"][-1].stdout.strip()
    print(f"{heading(args.repeat)}; no signature cache in any run")
    print(describe("git log --name-status (floor)", runs["log"]))
    print(
        describe(
            f"every record's trail ({entries} entries)",
            runs["trails"],
            runs["log"],
            "target at most 3",
        )
    )
    scale = len(paths) / len(sample)
    ours = Figures.of(runs["trails"])
    print(
        f"naive git log --follow -p per record: CPU {some.cpu:.2f} s, wall {some.wall:.2f} s "
        f"for {len(sample)} records; extrapolated to {len(paths)}: CPU {some.cpu * scale:.1f} s "
        f"= {some.cpu * scale / max(ours.cpu, 1e-9):.1f}x ours"
    )


if __name__ == "__main__":
    main()

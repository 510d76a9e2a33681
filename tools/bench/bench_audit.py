"""Benchmark: `disputes audit ID` against `git log --follow -p -- FILE` for the same record.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
then for a sample of records times, as whole processes, interleaved, median (and best)
of REPEAT each:
  1. the floor: `git log --follow -p -- FILE` (git's own answer to "this file's history,
     with its changes");
  2. `disputes audit ID` (no signature cache: it is removed before each run), which must
     succeed (exit status 0), its compiled bytecode kept as an installed package has it
     (one untimed run first compiles it).
Prints CPU and wall time per record and for the sample, and the ratios.
Target (issue 25): at most 2x the floor, at 1,000 and at 10,000 records.

Run: PYTHONPATH=tools python tools/bench/bench_audit.py [--records N] [--commits N]
     [--repo DIR] [--sample K] [--repeat R] [--smoke]
"""

from __future__ import annotations

import random
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.history_repo import build_history_repo
from bench.timing import (
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
    run,
)


def follow(root: Path, file: str) -> Run:
    """git's own walk of one file's history, with its changes."""
    return run(["git", "log", "--follow", "-p", "--", file], cwd=root)


def audit(root: Path, record_id: str, env: dict[str, str]) -> Run:
    """`disputes audit ID`, with no remembered signature checks."""
    (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
    done = run(disputes("audit", record_id, "--root", str(root)), env=env)
    assert record_id in done.stdout, done.stdout[:500]
    return done


def main() -> None:
    """Build, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    if args.smoke:
        args.records, args.commits, args.sample, args.repeat = 30, 150, 1, 1
    env = process_env()
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if not (root / ".git").is_dir():
            start = time.perf_counter()
            build_history_repo(root, args.records, args.commits)
            print(
                f"built {args.records} records, {args.commits} commits "
                f"in {time.perf_counter() - start:.0f} s"
            )
        files = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))
        sample = random.Random(1).sample(files, min(args.sample, len(files)))
        print(f"{len(sample)} records' trails; {heading(args.repeat)}; no signature cache")
        audit(root, Path(sample[0]).stem, env)  # compile and cache the bytecode, untimed
        floors: list[Run] = []
        ours: list[Run] = []
        for file in sample:
            record_id = Path(file).stem
            runs = interleaved(
                args.repeat,
                follow=partial(follow, root, file),
                audit=partial(audit, root, record_id, env),
            )
            print(describe(f"  {record_id}: git log --follow -p", runs["follow"]))
            print(describe(f"  {record_id}: disputes audit", runs["audit"], runs["follow"]))
            floors += runs["follow"]
            ours += runs["audit"]
        print(describe(f"all {len(sample)}: git log --follow -p", floors))
        print(describe(f"all {len(sample)}: disputes audit", ours, floors, "target at most 2"))


if __name__ == "__main__":
    main()

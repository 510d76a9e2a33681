"""Benchmark: `disputes audit ID` against `git log --follow -- FILE` for the same record.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
then for a sample of records times, interleaved, best of REPEAT each:
  1. `git log --follow -- FILE` (the floor: git's own answer to "this file's history");
  2. `disputes audit ID` in-process (path-limited walk, commits naming the id, blobs,
     signatures; no signature cache).
Prints both, and the ratio (target: at most 2).

Run: PYTHONPATH=tools python tools/bench/bench_audit.py [--records N] [--commits N] [--repo DIR]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from bench.history_repo import build_history_repo
from bench.timing import best
from disputes.cli import main as cli


def follow(root: Path, file: str) -> None:
    """git's own walk of one file's history."""
    subprocess.run(["git", "log", "--follow", "--", file], cwd=root, check=True,
                   capture_output=True)


def audit(root: Path, record_id: str) -> None:
    """`disputes audit ID`, with no remembered signature checks."""
    (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["audit", record_id, "--root", str(root)])
    assert result.exit_code == 0, result.output


def main() -> None:
    """Build, time and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if not (root / ".git").is_dir():
            start = time.perf_counter()
            build_history_repo(root, args.records, args.commits)
            print(f"built {args.records} records, {args.commits} commits "
                  f"in {time.perf_counter() - start:.0f} s")
        files = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))
        sample = random.Random(1).sample(files, min(args.sample, len(files)))
        total_floor = total_ours = 0.0
        print(f"best of {args.repeat}, interleaved; no signature cache")
        for file in sample:
            record_id = Path(file).stem
            floor, ours = best(args.repeat, lambda f=file: follow(root, f),  # type: ignore[misc]
                               lambda r=record_id: audit(root, r))  # type: ignore[misc]
            total_floor, total_ours = total_floor + floor, total_ours + ours
            print(f"{record_id}: git log --follow {floor:6.2f} s   disputes audit {ours:6.2f} s"
                  f"   ratio {ours / floor:.2f}")
        print(f"all {len(sample)}: git log --follow {total_floor:6.2f} s   disputes audit "
              f"{total_ours:6.2f} s   ratio {total_ours / total_floor:.2f} (target at most 2)")


if __name__ == "__main__":
    main()

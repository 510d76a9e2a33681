"""Benchmark: what the register lock costs an edit, and `disputes new` run many at once.

Usage: python tools/bench/bench_edits.py [PROCESSES]   (default 8)
Prints the lock's cost beside a whole edit's (target: under 25%), and the time for
PROCESSES `disputes new` started at once (target: every id different, none lost).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.timing import best_of
from disputes.edit.apply import apply_edit
from disputes.edit.lock import register_lock

SCHEMA = Path(__file__).resolve().parents[2] / "schema"
RECORD = Path(__file__).resolve().parents[2] / "tests/fixtures/history/PD-2026-0007.md"
NEW = [
    "--title", "A disagreement", "--opened", "2026-11-20", "--child-reference", "C-104233",
    "--challenger-agency", "Kent Police", "--challenged-agency", "Children's Social Care",
    "--category", "levels-of-need", "--as-of", "2026-11-22",
    # what the first stage needs (schema/policy.yml), so no question is asked
    "--worker-name", "Sam Patel", "--worker-designation", "Detective Constable",
    "--supervisor-name", "Di Shah", "--supervisor-designation", "Detective Sergeant",
    "--aim", "An assessment of the child's needs",
]  # fmt: skip



def git_register(folder: Path) -> Path:
    """A register in a git repository holding the stage-3 fixture record."""
    root = folder / "register"
    shutil.copytree(SCHEMA, root / "schema")
    (root / "records/2026").mkdir(parents=True)
    shutil.copy(RECORD, root / "records/2026")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return root


def concurrent_new(root: Path, processes: int) -> tuple[float, int]:
    """Start `processes` `disputes new` at once; seconds until all end, and records made."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    args = [sys.executable, "-m", "disputes", "new", "--root", str(root), *NEW]
    start = time.perf_counter()
    running = [subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL) for _ in range(processes)]
    codes = [p.wait() for p in running]
    seconds = time.perf_counter() - start
    assert codes == [0] * processes, codes
    ids = {p.stem for p in (root / "records/2026").glob("PD-2026-*.md")}
    return seconds, len(ids) - 1  # less the fixture record


def main(processes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = git_register(Path(tmp))

        def take_lock() -> None:
            with register_lock(root):
                pass

        lock = best_of(20, take_lock)
        edit = best_of(20, lambda: apply_edit(root, "PD-2026-0007", str, date(2026, 4, 1)))
        seconds, made = concurrent_new(root, processes)
    print(f"take and release the lock:  {lock * 1000:.1f} ms")
    print(f"one whole edit (with lock): {edit * 1000:.1f} ms")
    print(f"lock's share of an edit:    {lock / edit:.0%} (target < 25%)")
    print(f"{processes} x `disputes new` at once: {seconds:.2f} s, {made} records "
          f"(target: {processes}, every id different)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)

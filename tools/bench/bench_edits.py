"""Benchmark: `disputes new` as a user runs it, alone and many at once, and the lock's cost.

In a git register holding one record, times, as whole processes, interleaved, median (and
best) of REPEAT each:
  1. the floor: one `disputes new` on its own;
  2. PROCESSES `disputes new` started at once (wall until the last ends; CPU of all),
     every one of which must succeed and make a record of its own (no id taken twice,
     none lost).
And, in this process (the lock is a part of an edit, not a command), the median of 20
takings and releasings of the register lock beside one whole edit (`apply_edit`).
Targets: PROCESSES records made, every id different; the lock under 25% of an edit.

Run: PYTHONPATH=tools python tools/bench/bench_edits.py [PROCESSES] [--repeat R] [--smoke]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.timing import (
    REPO,
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
    run,
)
from disputes.edit.apply import apply_edit
from disputes.edit.lock import register_lock

RECORD = REPO / "tests/fixtures/history/PD-2026-0007.md"
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
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "records/2026").mkdir(parents=True)
    shutil.copy(RECORD, root / "records/2026")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return root


def made(root: Path) -> int:
    """Records in the register."""
    return len(list((root / "records/2026").glob("PD-2026-*.md")))


def concurrent_new(root: Path, processes: int) -> Run:
    """`processes` `disputes new` at once; each must succeed and make a record of its own."""
    before = made(root)
    start = time.perf_counter()
    running = [
        subprocess.Popen(
            disputes("new", "--root", str(root), *NEW),
            env=process_env(),
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        for _ in range(processes)
    ]
    usage = [os.wait4(p.pid, 0) for p in running]
    wall = time.perf_counter() - start
    codes = [os.waitstatus_to_exitcode(status) for _, status, _ in usage]
    for proc, code in zip(running, codes, strict=True):
        proc.returncode = code
    assert codes == [0] * processes, f"`disputes new` exit statuses: {codes}"
    assert made(root) == before + processes, f"{processes} started, {made(root) - before} made"
    return Run(
        wall,
        sum(u.ru_utime + u.ru_stime for _, _, u in usage),
        max(u.ru_maxrss for _, _, u in usage) / 1024,
    )


def median_of(times: int, action: Callable[[], object]) -> float:
    """Median seconds of `times` runs of `action` in this process."""
    taken = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        taken.append(time.perf_counter() - start)
    return statistics.median(taken)


def main() -> None:
    """Time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("processes", type=int, nargs="?", default=8)
    args = parser.parse_args()
    processes, repeat = (2, 1) if args.smoke else (args.processes, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        root = git_register(Path(tmp))

        def take_lock() -> None:
            with register_lock(root):
                pass

        times = 3 if args.smoke else 20
        lock = median_of(times, take_lock)
        edit = median_of(times, lambda: apply_edit(root, "PD-2026-0007", str, date(2026, 4, 1)))
        runs = interleaved(
            repeat,
            one=lambda: run(disputes("new", "--root", str(root), *NEW)),
            many=lambda: concurrent_new(root, processes),
        )
        total = made(root)
    print(heading(repeat))
    print(describe("one `disputes new` (floor)", runs["one"]))
    print(
        describe(
            f"{processes} x `disputes new` at once",
            runs["many"],
            runs["one"],
            f"{processes} records each time, every id different",
        )
    )
    print(f"{total - 1} records made in all, each with an id of its own")
    print(
        f"in-process: take and release the lock {lock * 1000:.1f} ms, one whole edit "
        f"{edit * 1000:.1f} ms: the lock's share {lock / edit:.0%} (target under 25%)"
    )


if __name__ == "__main__":
    main()

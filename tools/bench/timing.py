"""Process timing shared by the benchmarks: whole processes, interleaved, medians and best.

A benchmark times what a user waits for: `disputes ...` started as a process (start-up,
imports and all), beside its floor also run as whole processes (`git log ...`, a plain
Python parse, a plain `mkdocs build`). Each run is one or more processes; its processor
time is the children's user + system time as `os.wait4` reports it (it includes the
processes they waited for, such as git), its wall time the clock from start to exit, and
its peak memory the largest resident set among them. Runs of the things compared are
interleaved, so load from elsewhere on the machine falls on all of them alike, and each
figure is the median of N, with the best beside it.

Every run must succeed: a process that exits with an unexpected status stops the
benchmark with its output, so a benchmark never times an error path.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools"


class BenchFailure(SystemExit):
    """A measured process failed: the benchmark stops (exit status 1) and says why."""

    def __init__(self, message: str) -> None:
        print(message, file=sys.stderr)
        super().__init__(1)


@dataclass(frozen=True)
class Run:
    """One measured run: wall and processor seconds, peak memory; the last process' output."""

    wall: float
    cpu: float
    peak_mib: float
    stdout: str = ""

    def __add__(self, other: Run) -> Run:
        """Two runs one after the other: times add up, the peak is the larger."""
        return Run(
            self.wall + other.wall,
            self.cpu + other.cpu,
            max(self.peak_mib, other.peak_mib),
            other.stdout,
        )


def bench_parser(doc: str, *, repeat: bool = True) -> argparse.ArgumentParser:
    """A benchmark's options: its docstring's first line, --repeat R and --smoke."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if repeat:
        parser.add_argument("--repeat", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, one run: does it work (seconds, not figures)",
    )
    return parser


def process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment, with this checkout's package first on the import path, keeping
    Python's compiled bytecode as an installed package has it (even where
    PYTHONDONTWRITEBYTECODE is set), in a temporary folder of this run, not in the checkout:
    no timed run pays for compiling the source, once one has run."""
    env = {**os.environ, "PYTHONPATH": str(TOOLS), "PYTHONPYCACHEPREFIX": _bytecode_folder()}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env | (extra or {})


@cache
def _bytecode_folder() -> str:
    folder = tempfile.mkdtemp(prefix="disputes-bench-bytecode-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def disputes(*args: str) -> list[str]:
    """The command line of `disputes ARGS` as a user runs it (this checkout's package)."""
    return [sys.executable, "-m", "disputes", *args]


def python(code: str, *args: str) -> list[str]:
    """The command line of a plain Python process running `code` with `args`."""
    return [sys.executable, "-c", code, *args]


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> Run:
    """Run one process to its end and measure it; stop the benchmark if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(a) for a in args],
            cwd=cwd,
            env=env or process_env(),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        )
        if proc.stdin is not None:
            proc.stdin.write(stdin or b"")
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if code not in ok:
            raise BenchFailure(
                f"benchmark stopped: {' '.join(map(str, args))[:300]}\nexited with status "
                f"{code} (expected {', '.join(map(str, ok))}); its output:\n{stdout[-2000:]}"
                f"{err.read().decode('utf-8', 'replace')[-3000:]}"
            )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout)


def interleaved(repeat: int, **measures: Callable[[], Run]) -> dict[str, list[Run]]:
    """`repeat` rounds, each running every measure once in turn (every other round in the
    reverse order, so neither always runs first, on a colder cache); the runs of each."""
    runs: dict[str, list[Run]] = {name: [] for name in measures}
    for round_ in range(repeat):
        order = list(measures.items())
        for name, measure in order if round_ % 2 == 0 else reversed(order):
            runs[name].append(measure())
    return runs


@dataclass(frozen=True)
class Figures:
    """Medians and best of a list of runs."""

    cpu: float
    wall: float
    best_cpu: float
    best_wall: float
    peak_mib: float

    @classmethod
    def of(cls, runs: list[Run]) -> Figures:
        """The figures of `runs`."""
        return cls(
            statistics.median(r.cpu for r in runs),
            statistics.median(r.wall for r in runs),
            min(r.cpu for r in runs),
            min(r.wall for r in runs),
            max(r.peak_mib for r in runs),
        )


def describe(
    label: str, runs: list[Run], floor: list[Run] | None = None, target: str = "", width: int = 44
) -> str:
    """One line: CPU and wall medians (best), and the ratios to the floor's medians."""
    mine = Figures.of(runs)
    line = (
        f"{label:<{width}} CPU {mine.cpu:7.2f} s (best {mine.best_cpu:6.2f})   "
        f"wall {mine.wall:7.2f} s (best {mine.best_wall:6.2f})"
    )
    if floor is not None:
        low = Figures.of(floor)
        line += (
            f"   ratio CPU {mine.cpu / max(low.cpu, 1e-9):5.2f}, "
            f"wall {mine.wall / max(low.wall, 1e-9):5.2f}"
        )
    return line + (f"   ({target})" if target else "")


def heading(repeat: int) -> str:
    """What the figures below are."""
    return (
        f"whole processes, interleaved; median (and best) of {repeat}; CPU is user + system "
        "time of the process and every process it waited for"
    )

"""Timing helpers shared by the benchmarks: best of N, and interleaved best of N."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, func: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `func`, in seconds."""
    return best(runs, func)[0]


def best(repeat: int, *funcs: Callable[[], object]) -> list[float]:
    """The fastest of `repeat` interleaved runs of each function, in seconds (machine load
    falls on all of them alike)."""
    times = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            start = time.perf_counter()
            func()
            times[index] = min(times[index], time.perf_counter() - start)
    return times

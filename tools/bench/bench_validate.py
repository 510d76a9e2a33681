"""Benchmark: `disputes validate` against merely reading and YAML-parsing the same files.

Usage: python tools/bench/bench_validate.py [N]   (default 10,000 records)
Prints seconds for each and the ratio validate / parse (target: under 4).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from bench.generate import generate_register
from disputes.records.config import record_files
from disputes.records.validate import validate_register

AS_OF = date(2026, 11, 22)


def best_of(runs: int, func: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `func`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_only(root: Path) -> None:
    """Read every record and parse its front matter with libyaml's C loader."""
    for path in record_files(root):
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---\n", 1)[0][4:]
        yaml.load(front, Loader=yaml.CSafeLoader)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_register(Path(tmp), n)
        parse_only(root)  # warm the file cache for both measurements
        # Interleaved, best of 5 each: a shared, noisy machine slows both alike.
        parse, validate = float("inf"), float("inf")
        for _ in range(5):
            parse = min(parse, best_of(1, lambda: parse_only(root)))
            validate = min(validate, best_of(1, lambda: validate_register(root, today=AS_OF)))
        result = validate_register(root, today=AS_OF)
        assert not result.issues, result.issues[:3]
    print(f"records:                 {n}")
    print(f"read + C-YAML parse:     {parse:.2f} s ({parse / n * 1e6:.0f} us/record)")
    print(f"disputes validate:       {validate:.2f} s ({validate / n * 1e6:.0f} us/record)")
    print(f"ratio validate / parse:  {validate / parse:.2f} (target < 4)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

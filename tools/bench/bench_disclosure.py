"""Benchmark: the public profile's disclosure control (small-number suppression and its check).

For each register size (default 5, 20, 50, 500 and 5,000 records: a small register hides
nearly everything, the slowest case for the check) times, as whole processes,
interleaved, median (and best) of REPEAT each:
  1. the floor: a Python process making the public report (`public_report`) only;
  2. the same process also suppressing small numbers and checking, with the integer
     programme, that no hidden cell can be worked out (`report_counts(public=True)`).
The difference is what disclosure control adds to a public build (no command does only
this: `disputes build --profile public` does it among the pages).
Prints CPU and wall time, the difference, and the cells hidden.
Target: suppression under 2 s, so a public build stays quick.

Run: PYTHONPATH=tools python tools/bench/bench_disclosure.py [N ...] [--repeat R] [--smoke]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.generate import generate_register
from bench.timing import Figures, bench_parser, describe, heading, interleaved, python, run

# argv: root, "suppress" or "report"; prints the cells as JSON when suppressing.
PUBLIC = """
import json, sys
from datetime import date
from pathlib import Path
from disputes.records.config import load_agencies
from disputes.report.inputs import report_inputs
from disputes.disclosure.counts import report_counts
from disputes.disclosure.public import public_report
today = date(2026, 11, 22)
root = Path(sys.argv[1])
inputs = report_inputs(root, today)
assert not inputs.left_out, sorted(inputs.left_out)[:3]
report = public_report(inputs.records, inputs.policy, load_agencies(root), today)
if sys.argv[2] == "suppress":
    counts = report_counts(report, public=True)
    print(json.dumps({"records": report["totals"]["records"], "cells": len(counts.values),
                      "primary": len(counts.primary), "withheld": len(counts.complementary)}))
"""
LIMIT_SECONDS = 2.0


def measure(n: int, repeat: int) -> None:
    """Time the public report with and without suppression for a register of n records."""
    with tempfile.TemporaryDirectory() as tmp:
        root = str(generate_register(Path(tmp), n))
        runs = interleaved(
            repeat,
            report=lambda: run(python(PUBLIC, root, "report")),
            suppress=lambda: run(python(PUBLIC, root, "suppress")),
        )
    cells = json.loads(runs["suppress"][-1].stdout)
    extra = Figures.of(runs["suppress"]).cpu - Figures.of(runs["report"]).cpu
    print(f"{n} records, {cells['records']} in the period:")
    print(describe("  public report (floor)", runs["report"]))
    print(describe("  public report and suppression", runs["suppress"], runs["report"]))
    print(
        f"  suppression adds CPU {extra:.2f} s (target under {LIMIT_SECONDS:.0f} s: "
        f"{'ok' if extra < LIMIT_SECONDS else 'SLOW'}); cells {cells['cells']}, fewer than 5 "
        f"{cells['primary']}, withheld {cells['withheld']}"
    )


def main() -> None:
    """Time each size and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("sizes", type=int, nargs="*", default=[5, 20, 50, 500, 5000])
    args = parser.parse_args()
    sizes, repeat = ([20], 1) if args.smoke else (args.sizes, args.repeat)
    print(heading(repeat))
    for size in sizes:
        measure(size, repeat)


if __name__ == "__main__":
    main()

"""Benchmark: the public profile's disclosure control (report, suppression, leak check).

Usage: python tools/bench/bench_disclosure.py [N ...]   (default 5 20 50 500 5000 records: a small register hides nearly everything, the slowest case for the check)
Prints, per register size, seconds for the public report, for suppression with its
integer-programme check, and the cells hidden, beside the floor: suppression under
2 s, so a public build stays quick.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.generate import generate_register
from disputes.records.config import load_agencies
from disputes.report.inputs import report_inputs
from disputes.site.counts import report_counts
from disputes.site.disclosure import public_report

TODAY = date(2026, 11, 22)
FLOOR_SECONDS = 2.0


def measure(n: int) -> None:
    """Time the public report and its suppression for a generated register of n records."""
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_register(Path(tmp), n)
        inputs = report_inputs(root, TODAY)
        agencies = load_agencies(root)
        start = time.perf_counter()
        report = public_report(inputs.records, inputs.policy, agencies, TODAY)
        built = time.perf_counter()
        counts = report_counts(report, public=True)
        done = time.perf_counter()
    suppression = done - built
    print(
        f"records {n:>6}  in period {report['totals']['records']:>6}  "
        f"report {built - start:.2f} s  suppression {suppression:.2f} s "
        f"(floor {FLOOR_SECONDS:.1f} s: {'ok' if suppression < FLOOR_SECONDS else 'SLOW'})  "
        f"cells {len(counts.values)}, fewer than 5 {len(counts.primary)}, "
        f"withheld {len(counts.complementary)}"
    )


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [5, 20, 50, 500, 5000]:
        measure(size)

"""Benchmark: `disputes report` against `disputes validate` on the same records, same run.

Usage: python tools/bench/bench_report.py [N]   (default 10,000 records)
Prints seconds for each (best of 3) and the ratio report / validate (target: under 1.5).
`report` here is everything the command does: validate, load the policy, build, render JSON.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.generate import generate_register
from bench.timing import best_of
from disputes.records.validate import validate_register
from disputes.report.build import build_report
from disputes.report.inputs import report_inputs
from disputes.report.render import report_json, report_text

TODAY = date(2026, 11, 22)


def run_report(root: Path) -> str:
    """What `disputes report --format json` does, without the process start-up."""
    inputs = report_inputs(root, TODAY)
    return report_json(build_report(inputs.records, inputs.policy, TODAY))


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_register(Path(tmp), n)
        validate_register(root, today=TODAY)  # warm the file cache for both measurements
        # Interleaved, so load from other processes on the machine falls on both alike.
        validate, report = float("inf"), float("inf")
        for _ in range(3):
            validate = min(validate, best_of(1, lambda: validate_register(root, today=TODAY)))
            report = min(report, best_of(1, lambda: run_report(root)))
        inputs = report_inputs(root, TODAY)
        core = best_of(3, lambda: build_report(inputs.records, inputs.policy, TODAY))
        data = build_report(inputs.records, inputs.policy, TODAY)
        text = best_of(3, lambda: report_text(data))
        assert not inputs.left_out, list(inputs.left_out)[:3]
    print(f"records:                    {n}")
    print(f"disputes validate:          {validate:.2f} s ({validate / n * 1e6:.0f} us/record)")
    print(f"disputes report (json):     {report:.2f} s ({report / n * 1e6:.0f} us/record)")
    print(f"  of which build_report:    {core:.3f} s; text rendering {text:.3f} s")
    print(f"ratio report / validate:    {report / validate:.2f} (target < 1.5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

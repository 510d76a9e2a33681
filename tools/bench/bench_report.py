"""Benchmark: `disputes report` against `disputes validate` of the same register.

Generates N valid records (default 10,000; generate.py), then times, as whole processes,
interleaved, median (and best) of REPEAT each:
  1. the floor: `disputes validate --as-of 2026-11-22` (the report must validate too);
  2. `disputes report --format json --as-of 2026-11-22`: validate, load the policy, build
     the report and render it.
Both must succeed (exit status 0). Prints CPU and wall time and the ratios.
Target: report at most 1.5x validate.

Run: PYTHONPATH=tools python tools/bench/bench_report.py [N] [--repeat R] [--smoke]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.generate import generate_register
from bench.timing import bench_parser, describe, disputes, heading, interleaved, run

AS_OF = "2026-11-22"


def main() -> None:
    """Generate, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("records", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    n, repeat = (20, 1) if args.smoke else (args.records, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        root = str(generate_register(Path(tmp), n))
        if not args.smoke:
            run(disputes("validate", "--root", root, "--as-of", AS_OF))  # warm the file cache
        runs = interleaved(
            repeat,
            validate=lambda: run(disputes("validate", "--root", root, "--as-of", AS_OF)),
            report=lambda: run(
                disputes("report", "--root", root, "--format", "json", "--as-of", AS_OF)
            ),
        )
    counted = json.loads(runs["report"][-1].stdout)["totals"]["records"]
    assert counted == n, f"the report counted {counted} of {n} records"
    print(f"{n} records ({counted} in the report); {heading(repeat)}")
    print(describe("disputes validate (floor)", runs["validate"]))
    print(
        describe(
            "disputes report --format json", runs["report"], runs["validate"], "target at most 1.5"
        )
    )


if __name__ == "__main__":
    main()

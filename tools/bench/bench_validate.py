"""Benchmark: `disputes validate` of a whole register against merely parsing the same files.

Generates N valid records (default 50,000; generate.py), then times, as whole processes,
interleaved, median (and best) of REPEAT each:
  1. the floor: a plain Python process reading every record and parsing its front matter
     with libyaml's C loader;
  2. `disputes validate --root DIR --as-of 2026-11-22`, which must find no problem.
  3. `disputes validate FILE` of one record in that register and in a register holding
     that record alone (the editor's and pre-commit's check of one file).
Prints CPU and wall time, each one's peak memory, and the ratios.
Target (issue 25): validate at most 1.5x the floor in time, and at most 100 MiB peak;
validate FILE costs the same in either register.

Run: PYTHONPATH=tools python tools/bench/bench_validate.py [N] [--repeat R] [--smoke]
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.generate import generate_register
from bench.timing import (
    Figures,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    python,
    run,
)

AS_OF = "2026-11-22"
# The floor: read every record and parse its front matter with libyaml's C loader.
PARSE = """
import sys, yaml
from disputes.records.config import record_files
for path in record_files(__import__("pathlib").Path(sys.argv[1])):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("\\n---\\n", 1)[0][4:], Loader=yaml.CSafeLoader)
"""


def main() -> None:
    """Generate, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("records", type=int, nargs="?", default=50_000)
    args = parser.parse_args()
    n, repeat = (20, 1) if args.smoke else (args.records, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_register(Path(tmp) / "many", n)
        file = min((root / "records").rglob("*.md"))
        alone = generate_register(Path(tmp) / "one", 0)
        (alone / file.relative_to(root)).parent.mkdir(parents=True)
        shutil.copy(file, alone / file.relative_to(root))
        run(python(PARSE, str(root)))  # warm the file cache for both
        runs = interleaved(
            repeat,
            parse=lambda: run(python(PARSE, str(root))),
            validate=lambda: run(disputes("validate", "--root", str(root), "--as-of", AS_OF)),
            file_many=lambda: run(disputes("validate", "--root", str(root), str(file))),
            file_one=lambda: run(
                disputes("validate", "--root", str(alone), str(alone / file.relative_to(root)))
            ),
        )
    checked = runs["validate"][-1].stdout.strip().splitlines()[-1]
    assert checked.startswith(f"{n} records checked: no problems"), checked
    print(f"{n} records; {heading(repeat)}")
    print(
        describe("read + C-YAML parse (floor)", runs["parse"])
        + f"   peak {Figures.of(runs['parse']).peak_mib:4.0f} MiB"
    )
    print(
        describe("disputes validate", runs["validate"], runs["parse"], "target at most 1.5")
        + f"   peak {Figures.of(runs['validate']).peak_mib:4.0f} "
        "MiB (target at most 100)"
    )
    print(describe("disputes validate FILE, register of 1", runs["file_one"]))
    print(
        describe(
            f"disputes validate FILE, register of {n}",
            runs["file_many"],
            runs["file_one"],
            "target the same",
        )
    )


if __name__ == "__main__":
    main()

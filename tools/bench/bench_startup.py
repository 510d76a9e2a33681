"""Benchmark: what a light command costs to start, beside importing the libraries it needs.

Times, as whole processes, interleaved, median (and best) of REPEAT each, on the demo
register (this checkout):
  1. the floor: `python -c "import click, yaml, jsonschema"`, the libraries a light
     command cannot do without;
  2. `disputes --help`, `disputes --version` and `disputes validate --root REPO`, the
     commands a manager and the pre-commit hook run most.
Python's compiled bytecode is kept for every process (in a temporary folder, not in the
checkout), as an installed package has it, even where PYTHONDONTWRITEBYTECODE is set: one
untimed run of each first compiles it, so neither side is timed compiling its source.
Prints CPU and wall time and each one's ratio to the floor.
Target (issue 20): each at most 1.5x the floor's CPU.

Run: PYTHONPATH=tools python tools/bench/bench_startup.py [--repeat R] [--smoke]
"""

from __future__ import annotations

from bench.timing import (
    REPO,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
    python,
    run,
)

FLOOR = "import click, yaml, jsonschema"
COMMANDS = {
    "disputes --help": ("--help",),
    "disputes --version": ("--version",),
    "disputes validate (demo register)": ("validate", "--root", str(REPO)),
}


def main() -> None:
    """Time each command beside the floor and print the figures."""
    args = bench_parser(__doc__).parse_args()
    repeat = 1 if args.smoke else args.repeat
    env = process_env()
    measures = {"floor": python(FLOOR)} | {
        label: disputes(*argv) for label, argv in COMMANDS.items()
    }
    for argv in measures.values():  # compile and cache the bytecode; warm the file cache
        run(argv, env=env)
    runs = interleaved(
        repeat,
        **{label: (lambda argv=argv: run(argv, env=env)) for label, argv in measures.items()},
    )
    print(f"demo register; {heading(repeat)}")
    print(describe("import click, yaml, jsonschema (floor)", runs["floor"]))
    for label in COMMANDS:
        print(describe(label, runs[label], runs["floor"], "target at most 1.5"))


if __name__ == "__main__":
    main()

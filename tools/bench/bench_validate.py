"""Benchmark: `disputes validate` against merely reading and YAML-parsing the same files.

Usage: python tools/bench/bench_validate.py [N]   (default 50,000 records)
Prints seconds and peak memory for each (each in its own process, so the peak is the
whole program's) and the ratios validate / parse (targets: time under 1.5, memory
under 150 MiB).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate_register

AS_OF = "2026-11-22"
TOOLS = Path(__file__).resolve().parents[1]
# The floor: read every record and parse its front matter with libyaml's C loader.
PARSE = """
import sys, yaml
from disputes.records.config import record_files
for path in record_files(__import__("pathlib").Path(sys.argv[1])):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("\\n---\\n", 1)[0][4:], Loader=yaml.CSafeLoader)
"""
VALIDATE = "from disputes.cli import main; main()"



def run(code: str, *args: str) -> tuple[float, float]:
    """Seconds and peak resident MiB of one Python process running `code`."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "-c", code, *args],
        capture_output=True, text=True, env={"PYTHONPATH": str(TOOLS), "PATH": "/usr/bin:/bin"},
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return took, int(done.stderr.strip().splitlines()[-1]) / 1024


def main(n: int, repeat: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = generate_register(Path(tmp), n)
        run(PARSE, str(root))  # warm the file cache for both measurements
        # Interleaved, best of `repeat` each: a shared, noisy machine slows both alike.
        parse = validate = (float("inf"), float("inf"))
        for _ in range(repeat):
            parse = min(parse, run(PARSE, str(root)))
            validate = min(validate, run(VALIDATE, "validate", "--root", str(root),
                                         "--as-of", AS_OF))
    print(f"records:                 {n}")
    print(f"read + C-YAML parse:     {parse[0]:6.2f} s  peak {parse[1]:6.0f} MiB")
    print(f"disputes validate:       {validate[0]:6.2f} s  peak {validate[1]:6.0f} MiB")
    print(f"ratio validate / parse:  time {validate[0] / parse[0]:.2f} (target at most 1.5), "
          f"memory {validate[1] / parse[1]:.2f} (target: under 150 MiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)

"""Benchmark: `disputes import` of a log against `disputes validate` of the records it makes.

Usage: python tools/bench/bench_import.py [N]   (default 1,000 rows)
Makes a messy XLSX log of N rows (tests/importsources.py: day-first and Excel-serial
dates, agency aliases, blank cells, a merged cell, a child's name column), imports it
into a fresh git register (one unsigned import commit: no keys are listed), then
validates the register. Each command runs in its own process, interleaved, best of 3.
Prints both side by side, wall clock and processor time, and the ratios (target: import at
most 2 x validate).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools"
sys.path.insert(0, str(REPO / "tests"))  # the sources the tests import, made the same way

from importsources import aliases_yaml, write_log_xlsx  # noqa: E402

from bench.timing import best  # noqa: E402

CLI = "from disputes.cli import main; main()"
GIT = {"GIT_AUTHOR_NAME": "Reg Admin", "GIT_AUTHOR_EMAIL": "admin@lscp.example",
       "GIT_COMMITTER_NAME": "Reg Admin", "GIT_COMMITTER_EMAIL": "admin@lscp.example",
       "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}


def fresh_register(folder: Path) -> Path:
    """An empty register (the tool's schema, the agencies with aliases) with one commit."""
    folder.mkdir()
    shutil.copytree(REPO / "schema", folder / "schema")
    with (folder / "schema/agencies.yml").open("a", encoding="utf-8") as handle:
        handle.write(aliases_yaml())
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "A new register"]):
        subprocess.run(["git", *args], cwd=folder, env={**GIT, "PATH": "/usr/bin:/bin"},
                       check=True)
    return folder


CPU: dict[str, float] = {}  # each command's least processor time (user + system), seconds


def run(*args: str) -> None:
    """One `disputes` process (its wall time taken by the caller, its processor time here)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True,
                          env={"PYTHONPATH": str(TOOLS), "PATH": "/usr/bin:/bin", **GIT})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr or done.stdout)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU[args[0]] = min(CPU.get(args[0], cpu), cpu)


def main(n: int, repeat: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        log = write_log_xlsx(Path(tmp) / "log.xlsx", n)
        # Each import needs an empty register: made before the clock starts.
        fresh = [fresh_register(Path(tmp) / f"register-{i}") for i in range(repeat)]
        done: list[Path] = []

        def import_next() -> None:
            done.append(fresh.pop())
            run("import", "--root", str(done[-1]), str(log))

        # Interleaved, best of `repeat` each: a shared, noisy machine slows both alike.
        imported, validated = best(repeat, import_next,
                                   lambda: run("validate", "--root", str(done[-1])))
        made = len(list((done[-1] / "records").rglob("*.md")))
    cpu_import, cpu_validate = CPU["import"], CPU["validate"]
    print(f"rows in the log:               {n} ({made} records made)")
    print("                               wall clock   processor (user + system)")
    print(f"disputes import:               {imported:6.2f} s     {cpu_import:6.2f} s")
    print(f"disputes validate (of those):  {validated:6.2f} s     {cpu_validate:6.2f} s")
    print(f"ratio import / validate:       {imported / validated:6.2f}       "
          f"{cpu_import / cpu_validate:6.2f}   (target at most 2; processor time is the steadier "
          "on a busy machine)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

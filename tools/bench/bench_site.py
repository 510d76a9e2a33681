"""Benchmark: `disputes build` of a register with its git history, against a plain MkDocs build.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
then times, interleaved, best of REPEAT each:
  1. a plain `mkdocs build` of RECORDS minimal pages with the same theme and navigation;
  2. `disputes build` of the register (every record page with its audit trail);
  3. the rebuild `disputes serve` makes after one record is saved (a second build in the
     same process and into the same folder, as MkDocs' live reload runs it, with a thread
     running as its server does; the audit trails are kept from the first while no commit
     is made).
Both builds of 1 and 2 write into a fresh folder; 2 reads the history afresh each time.
Prints the figures and the ratios (target for 2: at most 1.5), and the processor time each
took on all cores: 2 reads the history and makes a share of the record pages in second
processes (site/trails.py, site/sharedbuild.py), so it is shorter than its work.

Run: PYTHONPATH=tools python tools/bench/bench_site.py [--records N] [--commits N] [--repo DIR]
"""

from __future__ import annotations

import argparse
import logging
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mkdocs.commands.build import build

from bench.bench_build import plain_site
from bench.generate import REPO
from bench.history_repo import build_history_repo
from disputes.site.build import build_site
from disputes.site.trails import forget_history


def cpu_seconds() -> float:
    """Processor time used so far by this process and the processes it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, processor seconds on all cores) for one run of `action`."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def register_build(root: Path, out: Path) -> tuple[float, float]:
    """Seconds for one `disputes build` of the register at `root` (wall, processor)."""
    return timed(lambda: build_site(root / "mkdocs.yml", out))


def serve_rebuild(root: Path, out: Path) -> tuple[float, float]:
    """The same build as `serve` makes it: its live-reload server runs on threads."""
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        return register_build(root, out)
    finally:
        stop.set()
        server.join()


def main() -> None:
    """Build, time and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if not (root / ".git").is_dir():
            build_history_repo(root, args.records, args.commits)
        shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)
        shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
        (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
        record = sorted((root / "records").rglob("*.md"))[0]
        plain = ours = again = (float("inf"), float("inf"))
        for run in range(args.repeat):
            plain_root = Path(folder) / f"plain-{run}"
            config = plain_site(plain_root, args.records)
            plain = min(plain, timed(partial(build, config)))
            out = Path(folder) / f"out-{run}"  # a fresh folder, as the plain build's
            forget_history()  # a build as `disputes build` runs it, in a new process
            ours = min(ours, register_build(root, out))
            record.write_text(record.read_text("utf-8") + f"\nSaved {run}.\n", "utf-8")
            again = min(again, serve_rebuild(root, out))  # into the last build, as serve
            shutil.rmtree(plain_root)
            shutil.rmtree(out)
    print(f"{args.records} records, {args.commits} commits; best of {args.repeat}, interleaved")
    print(f"plain mkdocs build of {args.records} pages: {plain[0]:6.2f} s   "
          f"(processor {plain[1]:5.2f} s)")
    print(f"disputes build (history included):  {ours[0]:6.2f} s   ratio {ours[0] / plain[0]:.2f} "
          f"(target at most 1.5)   (processor {ours[1]:5.2f} s, ratio {ours[1] / plain[1]:.2f})")
    print(f"serve's rebuild after saving one record: {again[0]:6.2f} s   ratio "
          f"{again[0] / plain[0]:.2f}   (processor {again[1]:5.2f} s)")


if __name__ == "__main__":
    main()

"""Benchmark: `disputes build` of a register with its git history, against a plain MkDocs build.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
then times, interleaved, best of REPEAT each:
  1. a plain `mkdocs build` of RECORDS minimal pages with the same theme and navigation;
  2. `disputes build` of the register (every record page with its audit trail);
  3. the rebuild `disputes serve` makes after one record is saved (a second build in the
     same process and into the same folder, as MkDocs' live reload runs it; the audit
     trails are kept from the first while no commit is made).
Both builds of 1 and 2 write into a fresh folder; 2 reads the history afresh each time.
Prints the figures and the ratios (target for 2: at most 1.5).

Run: PYTHONPATH=tools python tools/bench/bench_site.py [--records N] [--commits N] [--repo DIR]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import time
from pathlib import Path

from bench.bench_build import plain_build
from bench.generate import REPO
from bench.history_repo import build_history_repo
from disputes.site.build import build_site
from disputes.site.trails import forget_history


def register_build(root: Path, out: Path) -> float:
    """Seconds for one `disputes build` of the register at `root`."""
    start = time.perf_counter()
    build_site(root / "mkdocs.yml", out)
    return time.perf_counter() - start


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
        plain = ours = again = float("inf")
        for run in range(args.repeat):
            plain_root = Path(folder) / f"plain-{run}"
            plain = min(plain, plain_build(plain_root, args.records))
            out = Path(folder) / f"out-{run}"  # a fresh folder, as the plain build's
            forget_history()  # a build as `disputes build` runs it, in a new process
            ours = min(ours, register_build(root, out))
            record.write_text(record.read_text("utf-8") + f"\nSaved {run}.\n", "utf-8")
            again = min(again, register_build(root, out))  # into the last build, as serve
            shutil.rmtree(plain_root)
            shutil.rmtree(out)
    print(f"{args.records} records, {args.commits} commits; best of {args.repeat}, interleaved")
    print(f"plain mkdocs build of {args.records} pages: {plain:6.2f} s")
    print(f"disputes build (history included):  {ours:6.2f} s   ratio {ours / plain:.2f} "
          "(target at most 1.5)")
    print(f"rebuild after saving one record:    {again:6.2f} s   ratio {again / plain:.2f}")


if __name__ == "__main__":
    main()

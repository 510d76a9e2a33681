"""Benchmark: the audit trail of every record vs one `git log --name-status` of the history.

Builds a register of RECORDS records and COMMITS commits with `git fast-import`, then
times, in the same run:
  1. one `git log --name-status` of the whole history (the yardstick);
  2. `read_history(bulk=True)` + `audit_trails` for every record (what the site build needs);
  3. the naive way, one `git log --follow -p` per record, on a sample, extrapolated.

Run: PYTHONPATH=tools python tools/bench/bench_history.py [--records N] [--commits N]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from disputes.history import read_history
from disputes.history.audit import audit_trails

AGENCIES = ["Kent Police", "Children's Social Care", "Early Help Service",
            "Community Health Services", "Education (Schools)", "Housing Services"]


def record_text(number: int, version: int) -> str:
    """Record `number` after `version` edits: one more stage per edit, then resolved."""
    year, rng = 2020 + number % 6, random.Random(number)
    challenger, challenged = rng.sample(AGENCIES, 2)
    stages = [f"  - stage: {s}\n    started: {year}-0{s}-1{rng.randint(0, 9)}\n"
              + (f"    challenger_manager: {{name: Manager A{number}, designation: Sergeant, "
                 f"agency: {challenger}, email: a{number}@one.example}}\n"
                 f"    challenged_manager: {{name: Manager B{number}, designation: Team Manager, "
                 f"agency: {challenged}, email: b{number}@two.example}}\n" if s == 3 else "")
              for s in range(1, min(version, 3) + 2)]
    extra = version - 3 if version > 3 else 0
    resolved = (f"resolution:\n  stage: {len(stages)}\n  date: {year}-09-0{extra + 1}\n"
                f"  effectiveness: Edit {extra}.\n" if version >= 4 else "")
    return (
        f"---\nid: PD-{year}-{number:04d}\ntitle: Disagreement number {number}\n"
        f"status: {'resolved' if version >= 4 else 'open'}  # open | resolved | withdrawn\n"
        f"opened: {year}-01-1{rng.randint(0, 9)}\nimmediate_risk: false\n"
        f"categories: [levels-of-need, communication]\nchild:\n  reference: C-{number:06d}\n"
        f"challenger:\n  agency: {challenger}\nchallenged:\n  agency: {challenged}\n"
        f"stages:\n{''.join(stages)}{resolved}---\n## Summary of reason for dispute\n\n"
        f"Text of record {number}.\n\n## Agreed outcomes and actions\n\nVersion {version}.\n"
    )


def fast_import_stream(records: int, commits: int) -> bytes:
    """A fast-import stream: each record created, then edited until `commits` are made."""
    rng = random.Random(7)
    versions = [0] * records
    order = list(range(records)) + [rng.randrange(records) for _ in range(commits - records)]
    rng.shuffle(order)
    seen: set[int] = set()
    out: list[bytes] = []
    for index, number in enumerate(order):
        if number in seen:
            versions[number] += 1
        seen.add(number)
        path = f"records/{2020 + number % 6}/PD-{2020 + number % 6}-{number:04d}.md"
        body = record_text(number, versions[number]).encode()
        message = f"Edit {path}\n".encode()
        stamp = 1_600_000_000 + index * 60
        out += [b"commit refs/heads/main\n",
                f"committer Clerk <clerk@lscp.example> {stamp} +0000\n".encode(),
                b"data %d\n" % len(message), message,
                f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(body), body, b"\n"]
    return b"".join(out)


def build_repo(root: Path, records: int, commits: int) -> None:
    """A git repository holding the generated history."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, check=True,
                   input=fast_import_stream(records, commits))
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def timed(func: Any, *args: Any) -> tuple[float, Any]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def all_audit_trails(root: Path) -> int:
    """Read the history once and build every record's audit trail; the number of entries."""
    history = read_history(root, bulk=True)
    try:
        return sum(len(entries) for entries in audit_trails(history).values())
    finally:
        history.close()


def naive(root: Path, paths: list[str]) -> None:
    """One `git log --follow -p` per record: the way this module avoids."""
    for path in paths:
        subprocess.run(["git", "log", "--follow", "-p", "--format=%H %an %aI %G? %s", "--", path],
                       cwd=root, check=True, capture_output=True)


def best_of(repeat: int, root: Path) -> tuple[float, float, int]:
    """The fastest of `repeat` alternating runs of the yardstick and of ours (cold each time)."""
    logs, ours, entries = [], [], 0
    for _ in range(repeat):
        (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
        logs.append(timed(lambda: subprocess.run(["git", "log", "--name-status"], cwd=root,
                                                 check=True, capture_output=True))[0])
        took, entries = timed(all_audit_trails, root)
        ours.append(took)
    return min(logs), min(ours), entries


def main() -> None:
    """Build, time and print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--repo", type=Path, help="reuse a repository built before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if args.repo is None:
            built, _ = timed(build_repo, root, args.records, args.commits)
            print(f"built {args.records} records, {args.commits} commits in {built:.1f}s")
        log, ours, entries = best_of(args.repeat, root)
        paths = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))
        sample = random.Random(1).sample(paths, min(args.sample, len(paths)))
        some, _ = timed(naive, root, sample)
        whole = some * len(paths) / len(sample)
        print(f"best of {args.repeat} runs each; no signature cache in any run")
        print(f"git log --name-status (one pass):       {log:8.2f}s")
        print(f"audit trail of every record ({entries} entries): {ours:8.2f}s"
              f"  = {ours / log:.2f}x the single git log (target < 3x)")
        print(f"naive git log per record: {some:.2f}s for {len(sample)} records, "
              f"extrapolated to {len(paths)}: {whole:.1f}s = {whole / ours:.0f}x slower than ours")
        sys.exit(0 if ours < 3 * log else 1)


if __name__ == "__main__":
    main()

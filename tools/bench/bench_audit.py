"""Benchmark: `disputes audit ID` and `disputes sign ID` against `git log --follow -p -- FILE`.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
then for a sample of records times, as whole processes, interleaved, median (and best)
of REPEAT each:
  1. the floor: `git log --follow -p -- FILE` (git's own answer to "this file's history,
     with its changes");
  2. `disputes audit ID` (no signature cache: it is removed before each run), which must
     succeed (exit status 0), its compiled bytecode kept as an installed package has it
     (one untimed run first compiles it);
  3. the least any such command can cost: a Python process that loads click and PyYAML
     (as every `disputes` command does) and runs only the one `git log` walk `audit`
     makes (`history.trail.WALK`), reading nothing and judging nothing;
  4. for a sample of resolved records, `disputes sign ID --role challenged-manager` as
     that manager (their name and email from the record), which must succeed: it checks
     the record's sign-offs and commits one; the commit is taken back, untimed, after
     each run, so every run signs the same register.
Prints CPU and wall time per record and for the sample, and the ratios.
Target (issue 25): each at most 2x the floor, at 1,000 and at 10,000 records.

Run: PYTHONPATH=tools python tools/bench/bench_audit.py [--records N] [--commits N]
     [--repo DIR] [--sample K] [--repeat R] [--smoke]
"""

from __future__ import annotations

import random
import tempfile
import time
from functools import partial
from pathlib import Path

import yaml

from bench.history_repo import build_history_repo
from bench.timing import (
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
    python,
    run,
)
from disputes.history.trail import WALK


def follow(root: Path, file: str) -> Run:
    """git's own walk of one file's history, with its changes."""
    return run(["git", "log", "--follow", "-p", "--", file], cwd=root)


# Python with click and PyYAML loaded, running one git command given as its arguments
LEAST = (
    "import subprocess, sys, click, yaml; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)"
)


def least(root: Path, file: str, env: dict[str, str]) -> Run:
    """click and PyYAML loaded, then `audit`'s one walk of the record's path, and no more."""
    return run(python(LEAST, "git", *WALK, "HEAD", "--", file), cwd=root, env=env)


def audit(root: Path, record_id: str, env: dict[str, str]) -> Run:
    """`disputes audit ID`, with no remembered signature checks."""
    (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
    done = run(disputes("audit", record_id, "--root", str(root)), env=env)
    assert record_id in done.stdout, done.stdout[:500]
    return done


def sign(root: Path, record_id: str, env: dict[str, str]) -> Run:
    """`disputes sign ID` as the challenged manager; the commit is then taken back."""
    done = run(
        disputes("sign", record_id, "--role", "challenged-manager", "--root", str(root)), env=env
    )
    run(["git", "reset", "--quiet", "--soft", "HEAD~1"], cwd=root)
    return done


def manager_env(root: Path, file: str, env: dict[str, str]) -> dict[str, str]:
    """`env` with git's identity set to the record's challenged manager."""
    data = yaml.safe_load((root / file).read_text(encoding="utf-8").split("\n---\n")[0][4:])
    manager = next(s["challenged_manager"] for s in data["stages"] if s["stage"] == 3)
    who = {"NAME": manager["name"], "EMAIL": manager["email"]}
    return env | {f"GIT_{role}_{key}": who[key] for role in ("AUTHOR", "COMMITTER") for key in who}


def _signable(text: str) -> bool:
    """Resolved at stage 3 or later: its two managers sign it off."""
    return "\nstatus: resolved\n" in text and "challenged_manager:" in text


def main() -> None:
    """Build, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=5)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    if args.smoke:
        args.records, args.commits, args.sample, args.repeat = 30, 150, 1, 1
    env = process_env()
    with tempfile.TemporaryDirectory() as folder:
        root = args.repo or Path(folder) / "register"
        if not (root / ".git").is_dir():
            start = time.perf_counter()
            build_history_repo(root, args.records, args.commits)
            print(
                f"built {args.records} records, {args.commits} commits "
                f"in {time.perf_counter() - start:.0f} s"
            )
        files = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))
        sample = random.Random(1).sample(files, min(args.sample, len(files)))
        print(f"{len(sample)} records' trails; {heading(args.repeat)}; no signature cache")
        audit(root, Path(sample[0]).stem, env)  # compile and cache the bytecode, untimed
        floors: list[Run] = []
        bounds: list[Run] = []
        ours: list[Run] = []
        for file in sample:
            record_id = Path(file).stem
            runs = interleaved(
                args.repeat,
                follow=partial(follow, root, file),
                audit=partial(audit, root, record_id, env),
                least=partial(least, root, file, env),
            )
            print(describe(f"  {record_id}: git log --follow -p", runs["follow"]))
            print(
                describe(f"  {record_id}: click, yaml and the walk", runs["least"], runs["follow"])
            )
            print(describe(f"  {record_id}: disputes audit", runs["audit"], runs["follow"]))
            floors += runs["follow"]
            bounds += runs["least"]
            ours += runs["audit"]
        print(describe(f"all {len(sample)}: git log --follow -p", floors))
        print(describe(f"all {len(sample)}: click, yaml and the walk", bounds, floors))
        print(describe(f"all {len(sample)}: disputes audit", ours, floors, "target at most 2"))
        resolved = [f for f in files if _signable((root / f).read_text(encoding="utf-8"))]
        signing = random.Random(2).sample(resolved, min(args.sample, len(resolved)))
        print(f"{len(signing)} resolved records signed off; {heading(args.repeat)}")
        if signing:  # compile and cache the writer's bytecode, untimed
            sign(root, Path(signing[0]).stem, manager_env(root, signing[0], env))
        floors, ours = [], []
        for file in signing:
            record_id = Path(file).stem
            as_manager = manager_env(root, file, env)
            runs = interleaved(
                args.repeat,
                follow=partial(follow, root, file),
                sign=partial(sign, root, record_id, as_manager),
            )
            print(describe(f"  {record_id}: git log --follow -p", runs["follow"]))
            print(describe(f"  {record_id}: disputes sign", runs["sign"], runs["follow"]))
            floors += runs["follow"]
            ours += runs["sign"]
        print(describe(f"all {len(signing)}: git log --follow -p", floors))
        print(describe(f"all {len(signing)}: disputes sign", ours, floors, "target at most 2"))


if __name__ == "__main__":
    main()

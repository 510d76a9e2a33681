"""Benchmark: `disputes verify` on a register of resolved, signed-off records vs one git log.

Builds RECORDS records resolved at stage 4, each with two sign-off commits naming the
version they attest (unsigned: no schema/allowed_signers, so no ssh-keygen per commit),
with `git fast-import`, then times in the same run:
  1. one `git log --raw` of the whole history plus `git cat-file` of every record at
     HEAD (the floor: verify must read both);
  2. `verify_register` (history, every record's version, both sign-offs each).

Run: PYTHONPATH=tools python tools/bench/bench_verify.py [--records N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from disputes.history.attest import VERSION_TRAILER, version_of_text
from disputes.history.verify import verify_register

REPO = Path(__file__).resolve().parents[2]
MANAGERS = (("challenger-manager", "Ann Lee", "ann{n}@police.example", "Kent Police"),
            ("challenged-manager", "Bo Khan", "bo{n}@csc.example", "Children's Social Care"))


def record_text(n: int) -> str:
    """Record n, resolved at stage 4 with both stage 3 managers named."""
    people = "".join(
        f"    {role.replace('-', '_')}: {{name: {name}, designation: Manager, "
        f"agency: \"{agency}\", email: {email.format(n=n)}}}\n"
        for role, name, email, agency in MANAGERS
    )
    return (
        f"---\nid: PD-2026-{n:04d}\ntitle: Disagreement {n}\nstatus: resolved\n"
        "opened: 2026-03-02\nimmediate_risk: false\ncategories: [levels-of-need]\n"
        f"child:\n  reference: C-{n:06d}\nchallenger:\n  agency: Kent Police\n"
        "challenged:\n  agency: \"Children's Social Care\"\nstages:\n"
        "  - stage: 1\n    started: 2026-03-02\n  - stage: 2\n    started: 2026-03-03\n"
        f"  - stage: 3\n    started: 2026-03-05\n{people}  - stage: 4\n    started: 2026-03-12\n"
        "resolution:\n  stage: 4\n  date: 2026-03-20\n---\n## Summary of reason for dispute\n\n"
        f"Text {n}.\n\n## Agreed outcomes and actions\n\nOutcome {n}.\n"
    )


def _commit(who: str, stamp: int, message: str, change: bytes = b"") -> bytes:
    body = message.encode()
    return (b"commit refs/heads/main\n" + f"author {who} {stamp} +0000\n".encode()
            + f"committer {who} {stamp} +0000\n".encode() + b"data %d\n" % len(body) + body
            + change + b"\n")


def stream(records: int) -> bytes:
    """Each record added by the clerk, then signed off by each of its managers."""
    out, stamp = [], 1_700_000_000
    for n in range(1, records + 1):
        text = record_text(n)
        data = text.encode()
        path = f"records/2026/PD-2026-{n:04d}.md"
        out.append(_commit("Clerk <clerk@lscp.example>", stamp, f"Add {path}\n",
                           f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data))
        version = version_of_text(text)
        for role, name, email, _ in MANAGERS:
            stamp += 1
            address = email.format(n=n)
            message = (f"Sign-off PD-2026-{n:04d} as {role}\n\nSign-off: PD-2026-{n:04d} {role}\n"
                       f"{VERSION_TRAILER}: {version}\nSigned-off-by: {name} <{address}>\n")
            out.append(_commit(f"{name} <{address}>", stamp, message))
        stamp += 1
    return b"".join(out)


def build(root: Path, records: int) -> None:
    """The register: this repository's schema/ and the generated history."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, check=True, input=stream(records))
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    subprocess.run(["cp", "-r", str(REPO / "schema"), str(root / "schema")], check=True)


def floor(root: Path) -> None:
    """What verify cannot avoid: the whole log, and every record's text at HEAD."""
    subprocess.run(["git", "log", "--raw", "--no-abbrev"], cwd=root, check=True,
                   capture_output=True)
    names = subprocess.run(["git", "ls-tree", "-r", "--format=%(objectname)", "HEAD", "records"],
                           cwd=root, check=True, capture_output=True).stdout
    subprocess.run(["git", "cat-file", "--batch"], cwd=root, check=True, capture_output=True,
                   input=names)


def timed(func: Any, *args: Any) -> tuple[float, Any]:
    """Seconds taken by one call, and its result."""
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def main() -> None:
    """Build, time, print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "register"
        took, _ = timed(build, root, args.records)
        print(f"built {args.records} records, {3 * args.records} commits in {took:.1f}s")
        floors, ours, problems = [], [], []
        for _ in range(args.repeat):
            floors.append(timed(floor, root)[0])
            took, (problems, checked) = timed(verify_register, root)
            ours.append(took)
        errors = [i for i in problems if i.severity == "error"]
        print(f"best of {args.repeat} runs each")
        print(f"floor (git log --raw + cat-file of every record): {min(floors):8.2f}s")
        print(f"disputes verify ({checked} records, {len(errors)} errors): {min(ours):8.2f}s"
              f"  = {min(ours) / min(floors):.1f}x the floor")
        sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

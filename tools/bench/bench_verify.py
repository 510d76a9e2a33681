"""Benchmark: `disputes verify` on a register of resolved, signed-off records vs one git log.

Builds RECORDS records (default 1,000; run it with 10,000 too) resolved at stage 4, each
with two sign-off commits naming the version they attest (unsigned: no
schema/allowed_signers, so no ssh-keygen per commit), with `git fast-import`, then times,
as whole processes, interleaved, median (and best) of REPEAT each:
  1. the floor: one `git log` with signatures (%G?) and sign-off trailers, plus every
     record's text at HEAD read once (`git ls-tree`, one `git cat-file --batch`);
  2. the same floor with each record's front matter parsed by libyaml's C loader, as
     verify must to find the managers (a Python process, so start-up is in it too);
  3. `disputes verify`, which must pass (exit status 0: every record is signed off).
Prints CPU and wall time and the ratios.
Target (issue 25): verify at most 3x the floor, at 1,000 and at 10,000 records.

Run: PYTHONPATH=tools python tools/bench/bench_verify.py [--records N] [--repeat R] [--smoke]
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.generate import record_places
from bench.timing import Run, bench_parser, describe, disputes, heading, interleaved, python, run
from disputes.history.attest import VERSION_TRAILER, version_of_text

REPO = Path(__file__).resolve().parents[2]
MANAGERS = (
    ("challenger-manager", "Ann Lee", "ann{n}@police.example", "Kent Police"),
    ("challenged-manager", "Bo Khan", "bo{n}@csc.example", "Children's Social Care"),
)


def record_text(n: int, year: int = 2026, number: int | None = None) -> str:
    """Record n (PD-YEAR-NUMBER), resolved at stage 4 with both stage 3 managers named."""
    number = n if number is None else number
    people = "".join(
        f"    {role.replace('-', '_')}: {{name: {name}, designation: Manager, "
        f'agency: "{agency}", email: {email.format(n=n)}}}\n'
        for role, name, email, agency in MANAGERS
    )
    return (
        f"---\nid: PD-{year}-{number:04d}\ntitle: Disagreement {n}\nstatus: resolved\n"
        f"opened: {year}-03-02\nimmediate_risk: false\ncategories: [levels-of-need]\n"
        f"child:\n  reference: C-{n:06d}\nchallenger:\n  agency: Kent Police\n"
        'challenged:\n  agency: "Children\'s Social Care"\nstages:\n'
        f"  - stage: 1\n    started: {year}-03-02\n  - stage: 2\n    started: {year}-03-03\n"
        f"  - stage: 3\n    started: {year}-03-05\n{people}  - stage: 4\n    started: {year}-03-12\n"
        f"resolution:\n  stage: 4\n  date: {year}-03-20\n---\n## Summary of reason for dispute\n\n"
        f"Text {n}.\n\n## Agreed outcomes and actions\n\nOutcome {n}.\n"
    )


def _commit(who: str, stamp: int, message: str, change: bytes = b"") -> bytes:
    body = message.encode()
    return (
        b"commit refs/heads/main\n"
        + f"author {who} {stamp} +0000\n".encode()
        + f"committer {who} {stamp} +0000\n".encode()
        + b"data %d\n" % len(body)
        + body
        + change
        + b"\n"
    )


def stream(records: int) -> bytes:
    """Each record added by the clerk, then signed off by each of its managers."""
    out, stamp = [], 1_700_000_000
    for n, (year, number) in enumerate(record_places(records), start=1):
        record_id = f"PD-{year}-{number:04d}"
        text = record_text(n, year, number)
        data = text.encode()
        path = f"records/{year}/{record_id}.md"
        out.append(
            _commit(
                "Clerk <clerk@lscp.example>",
                stamp,
                f"Add {path}\n",
                f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data,
            )
        )
        version = version_of_text(text)
        for role, name, email, _ in MANAGERS:
            stamp += 1
            address = email.format(n=n)
            message = (
                f"Sign-off {record_id} as {role}\n\nSign-off: {record_id} {role}\n"
                f"{VERSION_TRAILER}: {version}\nSigned-off-by: {name} <{address}>\n"
            )
            out.append(_commit(f"{name} <{address}>", stamp, message))
        stamp += 1
    return b"".join(out)


def build(root: Path, records: int) -> None:
    """The register: this repository's schema/ and the generated history."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, check=True, input=stream(records))
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    subprocess.run(["cp", "-r", str(REPO / "schema"), str(root / "schema")], check=True)


# Each commit's hash, signature status and Sign-off trailers: what verify reads of the history.
LOG_FORMAT = "--format=%H %G? %(trailers:key=Sign-off,key=Signed-off-by,valueonly,separator=%x2C)"


# Every record's front matter parsed once with libyaml's C loader, from one cat-file --batch.
PARSE = """
import subprocess, sys, yaml
names = sys.stdin.buffer.read()
out = subprocess.run(["git", "cat-file", "--batch"], input=names, capture_output=True).stdout
at = 0
while at < len(out):
    end = out.index(b"\\n", at)
    size = int(out[at:end].split()[2])
    text = out[end + 1 : end + 1 + size].decode()
    at = end + 2 + size
    yaml.load(text.split("\\n---\\n", 1)[0][4:], Loader=yaml.CSafeLoader)
"""


def floor(root: Path, parse: bool) -> Run:
    """What verify cannot avoid: one log with signatures and sign-off trailers, and every
    record's text at HEAD read once (`git ls-tree` into one `git cat-file --batch`); with
    `parse`, each record's front matter also parsed (verify must read the managers' emails)."""
    names = run(["git", "ls-tree", "-r", "--format=%(objectname)", "HEAD", "records"], cwd=root)
    read = (
        run(python(PARSE), cwd=root, stdin=names.stdout.encode())
        if parse
        else run(["git", "cat-file", "--batch"], cwd=root, stdin=names.stdout.encode())
    )
    return run(["git", "log", LOG_FORMAT], cwd=root) + names + read


def verify(root: Path, records: int) -> Run:
    """`disputes verify`: every record signed off at its version, so it must pass."""
    done = run(disputes("verify", "--root", str(root)))
    assert f"{records} record" in done.stdout.splitlines()[-1], done.stdout[-500:]
    return done


def main() -> None:
    """Build, time, print the figures side by side."""
    parser = bench_parser(__doc__)
    parser.add_argument("--records", type=int, default=1_000)
    args = parser.parse_args()
    records, repeat = (10, 1) if args.smoke else (args.records, args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "register"
        start = time.perf_counter()
        build(root, records)
        print(
            f"built {records} records, {3 * records} commits in "
            f"{time.perf_counter() - start:.1f} s; {heading(repeat)}"
        )
        runs = interleaved(
            repeat,
            floor=partial(floor, root, False),
            parsed=partial(floor, root, True),
            verify=partial(verify, root, records),
        )
    print(describe("floor (git log %G? + trailers, cat-file)", runs["floor"]))
    print(describe("floor and each front matter parsed", runs["parsed"]))
    print(describe("disputes verify, against the git floor", runs["verify"], runs["floor"]))
    print(describe("disputes verify, against the parsed floor", runs["verify"], runs["parsed"]))
    print("target (issue 25): verify at most 3x its floor")


if __name__ == "__main__":
    main()

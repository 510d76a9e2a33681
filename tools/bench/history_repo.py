"""A register with a long git history, for benchmarks: N valid records, M commits, fast.

The records are `generate.py`'s (valid, a realistic mix); the history is written with
`git fast-import` (50,000 commits in well under a minute): the schema first, then each
record added, edited (title and notes) and, when resolved at stage 3 or later, signed
off by an empty commit naming it, as `disputes sign` makes them, in a shuffled order.

Usage: PYTHONPATH=tools python tools/bench/history_repo.py DIR RECORDS COMMITS
"""

from __future__ import annotations

import argparse
import random
import subprocess
from pathlib import Path

from bench.generate import REPO, _record, record_places

STAMP = 1_600_000_000


def _commit(message: str, stamp: int, changes: list[tuple[str, bytes]]) -> bytes:
    """One fast-import commit (on main, after the previous one) changing some files."""
    text = message.encode()
    out = [
        b"commit refs/heads/main\n",
        f"committer Reg Clerk <clerk@lscp.example> {stamp} +0000\n".encode(),
        b"data %d\n" % len(text),
        text,
    ]
    for path, data in changes:
        out += [f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(data), data]
    return b"".join(out) + b"\n"


def _edited(text: str, edit: int) -> str:
    """The record after one more edit: a new title and a new note (still valid)."""
    head, _, rest = text.partition("\ntitle: ")
    title, _, tail = rest.partition("\n")
    notes = tail.rsplit("## Additional notes\n\n", 1)[0]
    return (
        f"{head}\ntitle: {title.split(' (edit')[0]} (edit {edit})\n{notes}"
        f"## Additional notes\n\nEdited {edit} times.\n"
    )


def _sign_off(record_id: str, role: str) -> str:
    return (
        f"Sign-off {record_id} as {role}\n\nSign-off: {record_id} {role}\n"
        "Signed-off-by: Manager <manager@agency.example>\n"
    )


def history_stream(records: int, commits: int, seed: int = 0) -> tuple[bytes, dict[str, str]]:
    """The fast-import stream, and each record's text at the last commit."""
    rng = random.Random(seed)
    made = [_record(rng, year, number) for year, number in record_places(records)]
    texts = {path: text for path, text in made}
    schema = [
        (f"schema/{p.name}", p.read_bytes())
        for p in sorted((REPO / "schema").iterdir())
        if p.is_file()
    ]
    out = [_commit("Start the register\n", STAMP, schema)]
    later = [rng.randrange(records) for _ in range(max(commits - records - 1, 0))]
    order = [(i, True) for i in range(records)] + [(i, False) for i in later]
    rng.shuffle(order)
    seen: set[int] = set()
    edits = [0] * records
    for index, (number, _) in enumerate(order, start=1):
        path, _ = made[number]
        record_id = path.rsplit("/", 1)[1].removesuffix(".md")
        stamp = STAMP + index * 60
        if number not in seen:
            seen.add(number)
            out.append(_commit(f"Open {record_id}\n", stamp, [(path, texts[path].encode())]))
        elif "\nsign_off:" in texts[path] and rng.random() < 0.2:
            out.append(_commit(_sign_off(record_id, "challenger-manager"), stamp, []))
        else:
            edits[number] += 1
            texts[path] = _edited(texts[path], edits[number])
            out.append(_commit(f"{record_id}: edit\n", stamp, [(path, texts[path].encode())]))
    return b"".join(out), texts


def build_history_repo(root: Path, records: int, commits: int, seed: int = 0) -> Path:
    """A git repository at `root` holding the generated register and its history."""
    stream, _ = history_stream(records, commits, seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, check=True, input=stream)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("commits", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    build_history_repo(args.root, args.records, args.commits, args.seed)

"""Benchmark: `disputes build` and `disputes serve` of a register with its git history,
against plain MkDocs rendering the same pages.

Builds (or reuses) a register of RECORDS records and COMMITS commits (history_repo.py),
makes a plain MkDocs project of the very pages `disputes build` makes (bench_build.py:
every page's body, same theme, search, extensions and menu), then times, as whole
processes, interleaved, median (and best) of REPEAT each:
  1. a plain `mkdocs build` of those pages;
  2. `disputes build` (every record page with its audit trail read afresh: no signature
     cache), which must succeed;
and, with `disputes serve` and a plain `mkdocs serve` of the same pages both running,
save -> page: one record saved (a line added to its notes; the plain page likewise), the
clock running until its page, fetched over HTTP, shows the line (at most TIMEOUT
seconds, else the benchmark stops and says so); CPU is the server process' own and its
children's, from /proc.
Targets: the build at most 1.5x the plain build; save -> page at most 1.5x plain
`mkdocs serve` at 1,000 records (issue 25).

Run: PYTHONPATH=tools python tools/bench/bench_site.py [--records N] [--commits N]
     [--repo DIR] [--repeat R] [--smoke]
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from bench.bench_build import plain_build, plain_site, register_build, register_site
from bench.history_repo import build_history_repo
from bench.timing import (
    BenchFailure,
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    process_env,
)

TIMEOUT = 300.0


def fresh_build(root: Path, out: Path) -> Run:
    """`disputes build` as a new process runs it: no remembered signature checks."""
    (root / ".git" / "disputes-signatures.tsv").unlink(missing_ok=True)
    return register_build(root, out)


def free_address() -> str:
    """A local address no server listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def fetch(url: str) -> str:
    """The page at `url`, or "" while the server cannot give it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


def cpu_of(pid: int) -> float:
    """Processor seconds used by process `pid` and the children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def wait_for(server: subprocess.Popen[bytes], url: str, text: str, log: Path) -> None:
    """Until the page at `url` shows `text`; stop the benchmark after TIMEOUT seconds."""
    deadline = time.perf_counter() + TIMEOUT
    while text not in fetch(url):
        if server.poll() is not None or time.perf_counter() > deadline:
            raise BenchFailure(
                f"{url} did not show {text!r} within {TIMEOUT:.0f} s "
                f"(server exit status {server.poll()}); its log:\n"
                f"{log.read_text('utf-8', 'replace')[-3000:]}"
            )
        time.sleep(0.05)


@contextmanager
def serving(args: list[str], address: str, page: str, log: Path) -> Iterator[Server]:
    """A server process started with `args`, once it serves `page`; stopped at the end."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            args, env=process_env(), stdout=output, stderr=output, stdin=subprocess.DEVNULL
        )
    server = Server(process, f"http://{address}/{page}", log)
    try:
        wait_for(process, server.url, "</html>", log)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs stops its builds and server
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Server:
    """A running server and the page of the file a save changes."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process, self.url, self.log, self.saves = process, url, log, 0

    def save_to_page(self, file: Path) -> Run:
        """Add a line to `file`; the time until the page shows it."""
        self.saves += 1
        line = f"Saved for the benchmark, time {self.saves}."
        cpu, start = cpu_of(self.process.pid), time.perf_counter()
        file.write_text(file.read_text("utf-8") + f"\n{line}\n", "utf-8")
        wait_for(self.process, self.url, line, self.log)
        return Run(time.perf_counter() - start, cpu_of(self.process.pid) - cpu, 0.0)


def main() -> None:
    """Build, time and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repo", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    if args.smoke:
        args.records, args.commits, args.repeat = 10, 50, 1
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root = args.repo or tmp / "register"
        if not (root / ".git").is_dir():
            build_history_repo(root, args.records, args.commits)
        register_site(root)
        first = fresh_build(root, tmp / "first")
        config = plain_site(tmp / "first", tmp / "plain")
        builds = (
            interleaved(
                args.repeat,
                plain=partial(plain_build, config, tmp / "out-plain"),
                ours=partial(fresh_build, root, tmp / "out-ours"),
            )
            if not args.smoke
            else {  # the first build stands for ours
                "plain": [plain_build(config, tmp / "out-plain")],
                "ours": [first],
            }
        )
        record = sorted((root / "records").rglob("*.md"))[0]
        page = f"records/{record.stem}/"
        plain_serve = [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-q",
            "-f",
            str(config),
            "-a",
            (plain_address := free_address()),
        ]
        ours_serve = disputes("serve", "--root", str(root), "-a", (address := free_address()))
        with (
            serving(plain_serve, plain_address, page, tmp / "plain.log") as plain,
            serving(ours_serve, address, page, tmp / "ours.log") as ours,
        ):
            saves = interleaved(
                args.repeat,
                plain=partial(
                    plain.save_to_page, tmp / "plain" / "docs" / "records" / f"{record.stem}.md"
                ),
                ours=partial(ours.save_to_page, record),
            )
    print(f"{args.records} records, {args.commits} commits; {heading(args.repeat)}")
    print(describe("plain mkdocs build of the same pages", builds["plain"]))
    print(
        describe(
            "disputes build (history included)",
            builds["ours"],
            builds["plain"],
            "target at most 1.5",
        )
    )
    print(describe("plain mkdocs serve: save -> page", saves["plain"]))
    print(
        describe(
            "disputes serve: save -> page", saves["ours"], saves["plain"], "target at most 1.5"
        )
    )


if __name__ == "__main__":
    main()

"""The `disputes` command as real, separate processes, for races and operating-system failures."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

TOOLS = str(Path(__file__).resolve().parents[1] / "tools")
PROMPT_WAIT = 30  # seconds a process may take to ask its question: a wrong prompt fails, not hangs
FINISH_WAIT = 120  # seconds a process may take to end once answered

# Issue 12: an escalation to stage 4 names that stage's managers (schema/policy.yml).
STAGE_4_MANAGERS = {
    "challenger_manager": {
        "name": "Pat Doe",
        "designation": "Lead",
        "agency": "Kent Police",
        "email": "pat@x.example",
    },
    "challenged_manager": {
        "name": "Kim Loe",
        "designation": "Lead",
        "agency": "Children's Social Care",
        "email": "kim@x.example",
    },
}
TO_STAGE_4 = [
    arg
    for role, person in STAGE_4_MANAGERS.items()
    for part, value in person.items()
    for arg in (f"--{role.replace('_', '-')}-{part}", value)
]  # the options that name them


def escalated(text: str, on: date) -> str:
    """`text` escalated to stage 4 on `on` with STAGE_4_MANAGERS, as `disputes escalate` does."""
    from gitrepo import escalate

    return escalate(text, on, STAGE_4_MANAGERS)


def cli_env(home: Path) -> dict[str, str]:
    """The environment of a `disputes` process: this package, git with no outside config."""
    from gitrepo import isolated_env

    return {**os.environ, **isolated_env(home), "PYTHONPATH": TOOLS}


def command(*args: str) -> list[str]:
    """The argv that runs `disputes ARGS` with this Python."""
    return [sys.executable, "-m", "disputes", *args]


def run(
    args: Sequence[str], home: Path, *, prefix: Sequence[str] = (), stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `disputes ARGS` to the end (after `prefix`, e.g. a privilege drop)."""
    return subprocess.run(
        [*prefix, *command(*args)],
        env=cli_env(home),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=FINISH_WAIT,
        check=False,
    )


def start(args: Sequence[str], home: Path) -> subprocess.Popen[str]:
    """Start `disputes ARGS` with pipes for answering its prompts."""
    return subprocess.Popen(
        command(*args),
        env=cli_env(home),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=0,
    )


def wait_for_prompt(
    process: subprocess.Popen[str], prompt: str, timeout: float = PROMPT_WAIT
) -> None:
    """Block until the process has asked `prompt` (so it has read the record already).

    Reads its output a byte at a time straight from the pipe, so nothing after the prompt is
    taken; if the prompt has not come within `timeout` seconds (a changed question, say),
    the process is killed and the test fails instead of waiting for ever.
    """
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout
    seen = b""
    while not seen.decode("utf-8", "replace").endswith(prompt):
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            process.kill()
            process.communicate()
            raise AssertionError(f"no {prompt!r} within {timeout}s; it asked: {seen!r}")
        char = os.read(fd, 1)
        assert char, f"the process ended before asking {prompt!r}: {seen!r}"
        seen += char


def answer(process: subprocess.Popen[str], text: str) -> None:
    """Type an answer to the prompt the process is waiting at."""
    assert process.stdin is not None
    process.stdin.write(text)
    process.stdin.flush()


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for the process; its exit status, the rest of its stdout, and its stderr."""
    try:
        out, err = process.communicate(timeout=FINISH_WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"still running after {FINISH_WAIT}s: {out!r} {err!r}") from None
    return process.returncode, out, err


def without_file_permission_override() -> list[str] | None:
    """A prefix that makes a command obey file permissions even when the tests run as root.

    Root ignores permissions through CAP_DAC_OVERRIDE; `setpriv` drops it from the bounding
    set so the `disputes` process is refused like any user. None if that cannot be done.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def new_options(opened: str) -> list[str]:
    """Every option `disputes new` needs, so no question is asked (opened on `opened`)."""
    return [
        "--title", "A new disagreement", "--opened", opened, "--child-reference", "C-104233",
        "--challenger-agency", "Kent Police", "--challenged-agency", "Children's Social Care",
        "--category", "levels-of-need",
        # Issue 12: a new record names what its first stage needs (schema/policy.yml).
        "--worker-name", "Sam Patel", "--worker-designation", "Detective Constable",
        "--supervisor-name", "Di Shah", "--supervisor-designation", "Detective Sergeant",
        "--aim", "An assessment of the child's needs",
    ]  # fmt: skip

"""The `disputes` command as real, separate processes, for races and operating-system failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

TOOLS = str(Path(__file__).resolve().parents[1] / "tools")


def cli_env(home: Path) -> dict[str, str]:
    """The environment of a `disputes` process: this package, git with no outside config."""
    from gitrepo import isolated_env

    return {**os.environ, **isolated_env(home), "PYTHONPATH": TOOLS}


def command(*args: str) -> list[str]:
    """The argv that runs `disputes ARGS` with this Python."""
    return [sys.executable, "-m", "disputes", *args]


def run(args: Sequence[str], home: Path, *, prefix: Sequence[str] = (),
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `disputes ARGS` to the end (after `prefix`, e.g. a privilege drop)."""
    return subprocess.run([*prefix, *command(*args)], env=cli_env(home), input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def start(args: Sequence[str], home: Path) -> subprocess.Popen[str]:
    """Start `disputes ARGS` with pipes for answering its prompts."""
    return subprocess.Popen(command(*args), env=cli_env(home), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=0)


def wait_for_prompt(process: subprocess.Popen[str], prompt: str) -> None:
    """Block until the process has asked `prompt` (so it has read the record already)."""
    assert process.stdout is not None
    seen = ""
    while not seen.endswith(prompt):
        char = process.stdout.read(1)
        assert char, f"the process ended before asking {prompt!r}: {seen!r}"
        seen += char


def answer(process: subprocess.Popen[str], text: str) -> None:
    """Type an answer to the prompt the process is waiting at."""
    assert process.stdin is not None
    process.stdin.write(text)
    process.stdin.flush()


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for the process; its exit status, the rest of its stdout, and its stderr."""
    out, err = process.communicate(timeout=120)
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

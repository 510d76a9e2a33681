"""Issue 10 item 5: 30,000 levels of `- ` give a clear message in every command, never a crash.

Each command runs in its own process, so a segfault (exit 139) fails the test instead of
ending the test run; the honest record beside the deep one is read as usual.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TOOLS
from gitrepo import RECORD, GitRepo, fixture_record

DEEP = "level_of_need:\n" + "- " * 30_000 + "x"
CLEAR = ("nested more than 32 levels deep", "nested too deeply to read")


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A register whose PD-2026-0007 nests 30,000 levels deep, committed; PD-2026-0008 fine."""
    repo = GitRepo(tmp_path_factory.mktemp("deep") / "register")
    repo.write(RECORD, fixture_record().replace("level_of_need: child-in-need", DEEP))
    repo.write(
        RECORD.replace("0007", "0008"), fixture_record().replace("PD-2026-0007", "PD-2026-0008")
    )
    repo.commit("Deep")
    return repo


@pytest.mark.parametrize(
    "command",
    [
        "validate",
        "audit PD-2026-0007",
        "report --period 2026",
        "overdue",
        "escalate PD-2026-0007 --date 2026-03-12",
        "withdraw PD-2026-0007 --date 2026-03-09 --reason x",
        "sign PD-2026-0007 --role challenger-manager",
        "build -d {out}",
    ],
)
def test_every_command_answers_in_plain_words(
    deep: GitRepo, command: str, tmp_path: Path, isolated_git: None
) -> None:
    args = command.format(out=tmp_path / "site").split()
    done = subprocess.run(
        [sys.executable, "-m", "disputes", *args, "--root", str(deep.path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(TOOLS), "DISPUTES_AS_OF": "2026-04-01"},
    )
    said = done.stdout + done.stderr
    assert done.returncode in (0, 1, 2), said  # never a signal (-11) or a crash
    assert "Traceback" not in said
    if done.returncode or command.startswith(("audit", "build")):
        assert any(words in said for words in CLEAR), said

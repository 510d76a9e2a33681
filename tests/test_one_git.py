"""Issue 20: one git runner, one environment, for every git process the package starts.

`test_git_env.py` watches the processes `verify`, `audit`, `check` and `list` start. This
reads the package's source, so a git process added anywhere (an edit, the site build, an
import) is held to the same rule before any test runs it: it starts `history.git.GIT` with
`env=git_env()`. The fix that made git reads ignore replace refs once missed
`history/blobs.py` because it started git its own way.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "tools" / "disputes"
STARTERS = {"run", "Popen", "call", "check_call", "check_output"}


def _starts_a_process(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in STARTERS
        and isinstance(func.value, ast.Name)
        and func.value.id == "subprocess"
    )


def _names_git(node: ast.AST) -> bool:
    """Whether an argument list mentions GIT or the word git as a command."""
    return any(
        (isinstance(n, ast.Name) and n.id == "GIT")
        or (isinstance(n, ast.Constant) and n.value == "git")
        for n in ast.walk(node)
    )


def _git_starts() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _starts_a_process(node)
                and node.args
                and _names_git(node.args[0])
            ):
                found.append((path.relative_to(PACKAGE).as_posix(), node.lineno, node))
    return found


def test_every_git_process_in_the_source_gets_git_env() -> None:
    starts = _git_starts()
    assert len(starts) >= 4  # run_git, the log stream, cat-file readers
    for file, line, call in starts:
        env = {k.arg: k.value for k in call.keywords}.get("env")
        assert isinstance(env, ast.Call) and getattr(env.func, "id", "") == "git_env", (
            f"{file}:{line} starts git without env=git_env()"
        )
        assert _names_git(call.args[0]) and not any(
            isinstance(n, ast.Constant) and n.value == "git" for n in ast.walk(call.args[0])
        ), f"{file}:{line} spells 'git' itself instead of history.git.GIT"


def test_no_module_starts_a_process_some_other_way() -> None:
    """os.system, os.popen and os.exec* would start git with no say over its environment."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
            ):
                assert node.attr not in {
                    "system",
                    "popen",
                    "execv",
                    "execvp",
                    "execvpe",
                    "spawnv",
                    "spawnvp",
                    "posix_spawn",
                }, f"{path.relative_to(PACKAGE)}:{node.lineno} os.{node.attr}"

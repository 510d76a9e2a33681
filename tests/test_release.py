"""Release habits, and the tool as a partnership gets it: a wheel, installed on its own.

The slow test builds the source distribution and the wheel from it (`python -m build`),
installs the wheel into a fresh virtualenv in tmp_path (dependencies from the package
index or pip's cache, never from this checkout) and starts a register with it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT, run_cli
from gitrepo import CLERK, isolated_env

from disputes import __version__
from disputes.edit.manifest import TEMPLATE_DIR, stored
from disputes.edit.templates import template_files


def test_the_version_is_written_once_and_everything_names_it() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "disputes.__version__"}
    assert run_cli(["--version"]).stdout == f"disputes, version {__version__}\n"
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text()
    assert re.search(r"^## (\S+)", changelog, re.M).group(1) == __version__  # type: ignore[union-attr]
    hooks = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text()
    assert re.findall(r"rev: (\S+)", hooks) == [f"v{__version__}"]
    # Where the documents name a release, it is this one (so a release updates them).
    for document in ("README.md", "site/guides/administrator.md"):
        text = (REPO_ROOT / document).read_text()
        named = re.findall(r"(?:disputes==|disputes-|@v|rev: v)(\d+(?:\.\d+)*)", text)
        assert set(named) == {__version__}, (document, named)
    assert "MIT License" in (REPO_ROOT / "LICENSE").read_text()
    assert project["project"]["license-files"] == ["LICENSE"]


def test_the_tool_workflow_builds_the_wheel_and_runs_the_tests() -> None:
    workflow = yaml.safe_load((REPO_ROOT / ".github/workflows/tool.yml").read_text())
    triggers = workflow[True]
    for event in ("push", "pull_request"):
        assert {"tools/**", "tests/**", "pyproject.toml", "setup.py"} <= set(
            triggers[event]["paths"]
        )
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("python -m build" in r for r in runs)
    assert ".ci/run" in runs


def venv_env(tmp_path: Path, venv: Path) -> dict[str, str]:
    """A clean environment: the virtualenv first on PATH, git with a fixed clerk, nothing of
    this checkout (no PYTHONPATH), so the installed wheel is all that runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= isolated_env(tmp_path)
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "GIT_AUTHOR_NAME": CLERK[0],
        "GIT_AUTHOR_EMAIL": CLERK[1],
        "GIT_COMMITTER_NAME": CLERK[0],
        "GIT_COMMITTER_EMAIL": CLERK[1],
    }
    return env


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_a_register_from_the_installed_wheel(tmp_path: Path) -> None:
    dist, source = tmp_path / "dist", tmp_path / "source"
    # Built from a copy: building writes into its source folder (egg-info), not the checkout.
    shutil.copytree(
        REPO_ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "*.egg-info", "build", "dist", ".*_cache", "__pycache__", ".hypothesis"
        ),
    )
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)], tmp_path)
    (wheel,) = dist.glob("disputes-*.whl")
    assert wheel.name == f"disputes-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        # Every template of this checkout, byte for byte: the wheel cannot drift from it.
        for template in template_files():
            name = f"disputes/{TEMPLATE_DIR}/{stored(template.path)}"
            assert name in names, f"the wheel lacks {template.path}"
            text = template.text
            expected = text if isinstance(text, bytes) else text.encode("utf-8")
            assert archive.read(name) == expected, template.path
        assert f"disputes-{__version__}.dist-info/licenses/LICENSE" in names
        assert "disputes/py.typed" in names  # type checkers read the package's annotations
        assert not [n for n in names if n.startswith(("records/", "tests/"))]
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    env = venv_env(tmp_path, venv)
    run([str(venv / "bin/pip"), "install", "-q", str(wheel)], tmp_path, env)
    where = run(
        [str(venv / "bin/python"), "-c", "import disputes; print(disputes.__file__)"], tmp_path, env
    )
    assert where.startswith(str(venv)), where
    assert run(["disputes", "--version"], tmp_path, env) == f"disputes, version {__version__}\n"
    root = tmp_path / "wold"
    run(
        [
            "disputes",
            "init",
            str(root),
            "--name",
            "Wold & Fen Safeguarding Partnership",
            "--agency",
            "Wold Police",
            "--agency",
            "Fen Children's Services",
        ],
        tmp_path,
        env,
    )
    assert run(["git", "log", "--format=%s"], root, env) == (
        "Start the register: Wold & Fen Safeguarding Partnership\n"
    )
    for command in (
        ["validate", "--strict"],
        ["verify"],
        ["report"],
        ["overdue"],
        ["build"],
        ["build", "--profile", "public"],
    ):
        run(["disputes", *command], root, env)
    assert "No disputes are recorded yet" in (root / "build/site/index.html").read_text()
    assert (
        "Wold &amp; Fen Safeguarding Partnership" in (root / "build/public/index.html").read_text()
    )
    assert "already those of disputes" in run(["disputes", "init", "--upgrade"], root, env)
    assert run(["git", "status", "--porcelain"], root, env) == ""

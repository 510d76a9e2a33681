"""`check` against hostile names and a `.gitmodules` that hides submodules (attacks on the
gate's listing: one `ls-tree` searched as text, and git's diffs between trees).

Real git repositories and the real command line: every file a pull request adds under
records/ is either a record that validates under its own name or an error naming it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import RECORD, GitRepo, fixture_record, open_on_main

from disputes.cli import main

NEW_ID = "PD-2026-0008"
pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3; branch `pr` made."""
    return open_on_main(tmp_path / "register")


def check(repo: GitRepo) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--format", "json", "--root", str(repo.path)]
    )
    assert result.exit_code in (0, 1), result.output  # never a traceback
    return result.exit_code, json.loads(result.stdout)


def add_gitlink(repo: GitRepo, path: str) -> None:
    """A submodule entry at `path`, as a pull request can commit one."""
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{path}")


@pytest.mark.parametrize(
    "name",
    [
        f"{NEW_ID}.md\n",
        f"{NEW_ID}\n.md",
        f"-{NEW_ID}.md",
        f"--{NEW_ID}.md",
        f'"{NEW_ID}".md',
        f"{NEW_ID}\t.md",
        f"{NEW_ID}\u200b.md",
        f"{NEW_ID}.Md",
        "pd-2026-0008.md",
        f"{NEW_ID}.md.md",
        f"{NEW_ID}.md/{NEW_ID}.md",
        f"\t100644 blob {'0' * 40}\t{NEW_ID}.md",
    ],
    ids=[
        "newline-after",
        "newline-inside",
        "dash",
        "dashes",
        "quotes",
        "tab",
        "zero-width",
        "case",
        "lower-id",
        "double-suffix",
        "md-folder",
        "fake-entry",
    ],
)
def test_a_record_under_a_hostile_name_is_an_error_naming_the_file(
    repo: GitRepo, name: str
) -> None:
    path = f"records/2026/{name}"
    repo.write(path, fixture_record().replace("PD-2026-0007", NEW_ID))
    repo.commit("A record under an odd name")
    code, issues = check(repo)
    assert code == 1, issues
    assert any(i["file"] == path and i["severity"] == "error" for i in issues), issues


def test_the_same_record_under_its_own_name_passes(repo: GitRepo) -> None:
    """The honest path beside the attacks above."""
    repo.write(f"records/2026/{NEW_ID}.md", fixture_record().replace("PD-2026-0007", NEW_ID))
    repo.commit("A new record")
    code, issues = check(repo)
    assert code == 0, issues


@pytest.mark.parametrize(
    "target", [f"records/2026/{NEW_ID}.md", RECORD], ids=["added", "replacing-a-record"]
)
def test_a_submodule_that_gitmodules_tells_git_to_ignore_is_refused(
    repo: GitRepo, target: str
) -> None:
    """The attack in two steps: `.gitmodules` alone (`ignore = all` for a path under
    records/, configuration the gate lets through on its own), then a pull request that puts
    a submodule there, which git's diffs leave out unless asked to show every submodule."""
    repo.git("checkout", "-q", "main")
    repo.write(".gitmodules", f'[submodule "r"]\n\tpath = {target}\n\turl = ./r\n\tignore = all\n')
    repo.commit("Configuration alone")
    repo.git("checkout", "-q", "-B", "pr")
    if target == RECORD:
        repo.git("rm", "-q", "--cached", RECORD)
    add_gitlink(repo, target)
    repo.git("commit", "-q", "-m", "A submodule under records/")
    code, issues = check(repo)
    assert code == 1, issues
    assert any(i["file"] == target and "submodule" in i["message"] for i in issues), issues

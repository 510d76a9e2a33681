"""Issue 10, item 6: `disputes verify`, the register's integrity on main, from git only.

Real repositories with real SSH keys: deleted records, squash and rebase merges that
drop the managers' own sign-off commits, legacy sign-offs, and the demo register
signed again with tools/resign_demo.py, each beside the honest history passing.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT
from gitrepo import (
    ANN,
    BO,
    CLERK,
    RECORD,
    GitRepo,
    escalate,
    fixture_record,
    open_on_main,
    sign_off_message,
)

from disputes.cli import main
from disputes.edit.roundtrip import resolve
from disputes.history.signoffs import managers, needs_sign_off
from disputes.records.frontmatter import parse_record_text

ROLES = (("challenger-manager", ANN, "ann"), ("challenged-manager", BO, "bo"))

pytestmark = pytest.mark.usefixtures("isolated_git")


def verify(repo: GitRepo, *extra: str) -> tuple[int, list[dict[str, str]]]:
    result = CliRunner().invoke(
        main, ["verify", "--format", "json", "--root", str(repo.path), *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def errors(issues: list[dict[str, str]]) -> list[str]:
    return [i["message"] for i in issues if i["severity"] == "error"]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main with both keys listed and an open record; a branch `pr` resolves and signs it."""
    made = open_on_main(tmp_path / "register")
    made.write(
        RECORD, resolve(escalate(made.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4)
    )
    made.commit("PD-2026-0007: resolved at stage 4", when="2026-03-20T09:00:00Z")
    for role, who, key in ROLES:
        made.commit(
            sign_off_message(made, who, role),
            who=who,
            key=made.key(key),
            when="2026-03-21T09:00:00Z",
        )
    made.git("checkout", "-q", "main")
    return made


def test_merge_commit_keeps_the_sign_offs(repo: GitRepo) -> None:
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1")
    assert verify(repo) == (0, [])


def test_squash_merge_that_dropped_the_sign_offs_is_named(repo: GitRepo) -> None:
    log = repo.git("log", "--format=* %s%n%n%b", "main..pr")
    repo.git("merge", "-q", "--squash", "pr")
    squash = repo.commit(f"Resolve PD-2026-0007 (#1)\n\n{log}", who=CLERK)
    code, issues = verify(repo)
    assert code == 1 and len(errors(issues)) == 2
    for message in errors(issues):
        assert f"commit {squash[:10]} ('Resolve PD-2026-0007 (#1)') claims it" in message
        assert "A squash merge replaces those commits" in message


def test_rebase_merge_that_dropped_the_signatures_is_named(repo: GitRepo) -> None:
    for commit in repo.git("rev-list", "--reverse", "main..pr").split():
        repo.git(
            "cherry-pick", "--allow-empty", commit, who=CLERK
        )  # re-made by the clerk, unsigned
    code, issues = verify(repo)
    assert code == 1 and len(errors(issues)) == 2
    assert "re-made by Reg Clerk <clerk@lscp.example>, as a rebase merge does" in errors(issues)[0]


@pytest.mark.parametrize("how", ["git rm", "renamed to .txt", "renamed to .MD", "symlink"])
def test_a_deleted_record_is_named_with_the_commit(repo: GitRepo, how: str) -> None:
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1")
    if how == "git rm":
        repo.git("rm", "-q", RECORD)
    elif how == "symlink":
        target = repo.path / "elsewhere.md"
        shutil.move(repo.path / RECORD, target)
        (repo.path / RECORD).symlink_to(target)
    else:
        repo.git("mv", RECORD, RECORD.replace(".md", how[-4:].strip()))
    removal = repo.commit("Tidy up", who=CLERK)
    code, issues = verify(repo)
    assert code == 1
    (message,) = errors(issues)
    assert message.startswith(
        f"PD-2026-0007 is not in the register at HEAD but was once at {RECORD}; "
    )
    if how != "symlink":  # a file turned into a symlink is a type change, not a removal
        assert f"commit {removal[:10]} ('Tidy up'" in message


def test_legacy_sign_offs_are_warnings_not_forgeries(tmp_path: Path) -> None:
    made = GitRepo(tmp_path / "register")
    made.write(RECORD, fixture_record())
    made.commit("Open PD-2026-0007")
    made.write(
        RECORD, resolve(escalate(made.read(RECORD), date(2026, 3, 12)), date(2026, 3, 20), 4)
    )
    made.commit("Resolve")
    for role, who, _ in ROLES:
        made.commit(sign_off_message(made, who, role, version=None), who=who)
    code, issues = verify(made)
    assert code == 0
    assert [i["severity"] for i in issues] == ["warning", "warning"]
    assert all("legacy, version not attested" in i["message"] for i in issues)
    assert verify(made, "--strict")[0] == 1
    result = CliRunner().invoke(main, ["audit", "PD-2026-0007", "--root", str(made.path)])
    assert result.output.count("sign-off: legacy, version not attested") == 2


def demo_copy(tmp_path: Path) -> GitRepo:
    """The demo register's records in a new repository, signed off the old way."""
    made = GitRepo(tmp_path / "demo")
    shutil.copytree(REPO_ROOT / "records", made.path / "records")
    made.commit("The demo register")
    for path in sorted((made.path / "records").rglob("*.md")):
        parsed = parse_record_text(path.read_text(encoding="utf-8-sig"))
        if not needs_sign_off(parsed.data):
            continue
        for role, person in managers(parsed.data).items():
            if person.get("email"):
                who = (str(person["name"]), str(person["email"]))
                record = path.relative_to(made.path).as_posix()
                made.commit(
                    sign_off_message(
                        made, who, role.replace("_", "-"), version=None, record=record
                    ),
                    who=who,
                )
    return made


def test_resign_demo_signs_every_legacy_sign_off_again_once(tmp_path: Path) -> None:
    from resign_demo import resign

    made = demo_copy(tmp_path)
    code, issues = verify(made)
    legacy = [i for i in issues if "legacy, version not attested" in i["message"]]
    assert code == 0 and len(legacy) >= 10
    done = resign(made.path)
    assert len([line for line in done if ": signed by " in line]) == len(legacy)
    code, issues = verify(made)
    assert code == 0
    assert not [i for i in issues if "legacy" in i["message"]]
    head = made.git("rev-parse", "HEAD")
    assert all("you already signed" in line for line in resign(made.path))
    assert made.git("rev-parse", "HEAD") == head


def test_verify_reads_what_is_committed_not_the_working_files(repo: GitRepo) -> None:
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #1")
    (repo.path / RECORD).unlink()  # an uncommitted deletion changes nothing
    assert verify(repo) == (0, [])
    repo.write(RECORD, fixture_record())  # nor does an uncommitted rewrite
    assert verify(repo) == (0, [])
    repo.git("checkout", "-q", "--", RECORD)
    repo.write(RECORD, repo.read(RECORD).replace("Social care opens", "Social care declines"))
    repo.commit("Change the outcome\n\nAmends: PD-2026-0007 mistyped", who=CLERK)
    code, issues = verify(repo)
    assert code == 1 and len(errors(issues)) == 2
    assert "signed an earlier version" in errors(issues)[0]

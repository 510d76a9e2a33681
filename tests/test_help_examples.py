"""Issue 23, item 5: every example in every command's `--help` runs as written.

Each example is run in-process (no `--root`: as a user types it, in the register's folder)
on a fresh copy of the demo register committed to a real git repository, made into the
situation the example speaks of where its help names one (a misspelt agency, sources to
import, a clash of ids). Every example runs on its own copy, so none depends on another.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from conftest import REPO_ROOT, run_cli
from gitrepo import GitRepo
from importsources import aliases_yaml, write_forms, write_log_xlsx
from routehost import event, github_body

from disputes.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")


def examples() -> list[tuple[str, str]]:
    """(command, example) for every `disputes ...` line in every command's help, with its
    continuation lines joined and anything after `&&` (another program) left out."""
    context = click.Context(main)
    found: list[tuple[str, str]] = []
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        lines = iter((command.help or "").splitlines()) if command else iter(())
        for line in lines:
            text = line.strip()
            if not text.startswith("disputes "):
                continue
            while text.endswith("\\"):
                text = text[:-1] + " " + next(lines).strip()
            found.append((name, text.split("&&", 1)[0].strip()))
    return found


EXAMPLES = [(c, e) for c, e in examples() if c != "serve"]  # serve runs until stopped
# Commands whose exit status 1 says what they found in the register (the demo register has
# unsigned resolved records and overdue disputes), not that the example could not run.
JUDGING = {"check", "verify", "validate", "overdue"}


def typo_in_an_agency(repo: GitRepo, example: str) -> None:
    """The register the --rename-agency example speaks of: an agency misspelt in a record."""
    record = "records/2026/PD-2026-0011.md"
    repo.write(record, repo.read(record).replace("Kent Police", "Kent Polce"))
    repo.commit("PD-2026-0011 with a misspelt agency", when="2026-11-22T10:00:00Z")


def sources_to_import(repo: GitRepo, example: str) -> None:
    """A past log and two filled forms beside the register; the partnership's aliases."""
    write_log_xlsx(repo.path / "old-log.xlsx", 5)
    write_forms(repo.path / "forms", 3)
    (repo.path / "forms/form-03.docx").unlink()  # the one the import cannot map
    repo.write("schema/agencies.yml", repo.read("schema/agencies.yml") + aliases_yaml())
    repo.commit("The partnership's other spellings", when="2026-11-22T10:00:00Z")
    if "--mapping " in example:  # the mapping the first example writes
        assert run_cli(["import", "--write-mapping", "mapping.yml", "old-log.xlsx"]).exit_code == 0


def a_quarter_not_yet_released(repo: GitRepo, example: str) -> None:
    """The register the first release of 2026-Q3 is made in."""
    repo.git("rm", "-q", "-r", "releases/2026-Q3")
    repo.commit("Before 2026-Q3 was released", when="2026-11-22T10:00:00Z")


def the_challenger_manager(repo: GitRepo, example: str) -> None:
    """Run by the manager the record names, as the help says (their git identity)."""
    repo.git("config", "user.name", "Ivy Notreal")
    repo.git("config", "user.email", "ivy.notreal@probation.example")


def a_clash_with_main(repo: GitRepo, example: str) -> None:
    """A branch added PD-2026-0019 while main took the same id for another record."""
    made = repo.read("records/2026/PD-2026-0009.md").replace("PD-2026-0009", "PD-2026-0019")
    repo.write("records/2026/PD-2026-0019.md", made)
    repo.commit("PD-2026-0019 on main", when="2026-11-22T10:00:00Z")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    other = made.replace("Referral route for a neighbourhood concern", "Another dispute")
    repo.write("records/2026/PD-2026-0019.md", other)
    repo.commit("PD-2026-0019 on this branch", when="2026-11-22T11:00:00Z")


def a_git_identity(repo: GitRepo, example: str) -> None:
    """init makes a repository of its own: the person running it has a git identity."""
    config = repo.path.parent / "gitconfig"
    config.write_text("[user]\n\tname = Clerk Notreal\n\temail = clerk@lscp.example\n")
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)  # put back by isolated_git's monkeypatch


NOTE = {"id": "PD-2026-0014", "text": "Managers spoke by phone.", "date": "2026-11-20"}


def a_request_on_the_host(repo: GitRepo, example: str) -> None:
    """The workflow's event: a note asked for with the register's form by a listed account
    (the file is where the host puts it, $GITHUB_EVENT_PATH, set by the test)."""
    repo.write("schema/accounts.yml", "accounts:\n  clerk@lscp.example: clerk-notreal\n")
    repo.commit("The managers' accounts", when="2026-11-22T10:00:00Z")
    payload = event(github_body("note", NOTE), 12, "clerk-notreal")
    Path(os.environ["GITHUB_EVENT_PATH"]).write_text(json.dumps(payload), encoding="utf-8")


def a_downloaded_form(repo: GitRepo, example: str) -> None:
    """The form someone without an account filled in on the site and sent, saved beside
    the register's folder."""
    (repo.path.parent / "PD-form.txt").write_text(github_body("note", NOTE), encoding="utf-8")


# The situation each example speaks of (its help says so), by what the example says.
SITUATIONS: list[tuple[Callable[[str], bool], Callable[[GitRepo, str], None]]] = [
    (lambda e: "--rename-agency" in e, typo_in_an_agency),
    (lambda e: e.startswith("disputes import "), sources_to_import),
    (lambda e: e == "disputes release 2026-Q3", a_quarter_not_yet_released),
    (lambda e: e.startswith("disputes sign "), the_challenger_manager),
    (lambda e: e.startswith("disputes renumber "), a_clash_with_main),
    (lambda e: e.startswith("disputes init "), a_git_identity),
    (lambda e: e.startswith("disputes request --event"), a_request_on_the_host),
    (lambda e: e.startswith("disputes request --file"), a_downloaded_form),
]
# What the person running an example types when it asks (init --upgrade shows the changes,
# then asks before writing them).
ANSWERS = {"disputes init --upgrade": "y\n"}


def case(command: str, example: str) -> object:
    return pytest.param(command, example, id=example[:70])


def register(path: Path) -> GitRepo:
    """The demo register (records, schema, site, mkdocs.yml, releases) in a new repository."""
    repo = GitRepo(path)
    for part in ("records", "schema", "site", "releases", "examples"):
        if (REPO_ROOT / part).is_dir():
            shutil.copytree(REPO_ROOT / part, path / part, dirs_exist_ok=True)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", path / "mkdocs.yml")
    repo.commit("The demo register", when="2026-11-01T10:00:00Z")
    repo.git("config", "user.name", "Clerk Notreal")  # who runs the example
    repo.git("config", "user.email", "clerk@lscp.example")
    return repo


def test_every_command_with_an_example_is_found() -> None:
    assert len(EXAMPLES) >= 30 and {"show", "export", "new", "resolve"} <= {c for c, _ in EXAMPLES}


@pytest.mark.parametrize(("command", "example"), [case(c, e) for c, e in EXAMPLES])
def test_the_help_example_runs_as_written(
    command: str, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = register(tmp_path / "register")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")  # as in a clone of the register
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))  # as on the host
    for speaks_of, situation in SITUATIONS:
        if speaks_of(example):
            situation(repo, example)
    args = [os.path.expandvars(word) for word in shlex.split(example)[1:]]  # as a shell does
    result = run_cli(args, input=ANSWERS.get(example, ""))
    assert result.exit_code in ((0, 1) if command in JUDGING else (0,)), (example, result.output)
    assert "Traceback" not in result.output and "Usage:" not in result.output

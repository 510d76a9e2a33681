"""The CI, pre-commit and GitLab files run commands that the CLI really has."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from disputes.cli import main

ROOT = Path(__file__).resolve().parent.parent
CI_FILES = (
    ".github/workflows/pr-check.yml",
    ".github/workflows/site.yml",
    ".github/workflows/verify.yml",
    ".github/workflows/reminders.yml",
    ".github/workflows/requests.yml",
    "examples/gitlab-ci.yml",
    ".pre-commit-hooks.yaml",
    ".pre-commit-config.yaml",
)
# `${{ github.base_ref }}` and `$VARIABLE` stand for values the CI fills in.
PLACEHOLDER = re.compile(r"\$\{\{[^}]*\}\}|\$\{?[A-Z_][A-Z0-9_]*\}?")


def load(name: str) -> Any:
    """A CI file as data (it must be valid YAML)."""
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def strings(node: Any) -> Iterator[str]:
    """Every string value anywhere in a YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def disputes_commands(name: str) -> list[list[str]]:
    """The argument lists of every `disputes ...` command line in a file."""
    found = []
    for text in strings(load(name)):
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("disputes ") or line == "disputes":
                found.append(shlex.split(PLACEHOLDER.sub("VALUE", line))[1:])
    return found


CASES = [
    pytest.param(name, args, id=f"{name}: disputes {' '.join(args)}")
    for name in CI_FILES
    for args in disputes_commands(name)
]


def test_every_file_runs_disputes() -> None:
    names = {name for name in CI_FILES if disputes_commands(name)}
    assert names == set(CI_FILES)


def option_names(command: click.Command) -> set[str]:
    """Every spelling of every option the command accepts."""
    names = set(command.get_help_option_names(click.Context(command)))
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts + param.secondary_opts)
    return names


def command_problem(args: list[str]) -> str | None:
    """Why `disputes ARGS` would not run as written, or None if it would."""
    if not args:
        return "`disputes` is run without a command"
    command_name, *rest = args
    if command_name not in main.commands:
        return (
            f"the CLI has no command `disputes {command_name}` "
            f"(it has: {', '.join(sorted(main.commands))})"
        )
    command = main.commands[command_name]
    known = option_names(command)
    for token in rest:
        option = token.split("=", 1)[0]
        if token.startswith("-") and token != "-" and option not in known:
            return (
                f"`disputes {command_name}` has no option {option} "
                f"(it has: {', '.join(sorted(known))})"
            )
    try:  # let click parse it for real: choices, values, required arguments
        command.make_context(command_name, list(rest), parent=click.Context(main))
    except click.UsageError as exc:
        return f"`disputes {' '.join(args)}` is not valid: {exc.format_message()}"
    return None


@pytest.mark.parametrize(("name", "args"), CASES)
def test_command_exists_with_its_options(name: str, args: list[str]) -> None:
    problem = command_problem(args)
    if problem:
        pytest.fail(f"{name}: {problem}", pytrace=False)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "--format", "github"], None),
        (["no-such-command"], "the CLI has no command `disputes no-such-command`"),
        (["validate", "--formatt", "github"], "has no option --formatt"),
        (["validate", "--format", "xml"], "is not valid"),
    ],
)
def test_command_problems_are_found(args: list[str], expected: str | None) -> None:
    problem = command_problem(args)
    assert problem == expected if expected is None else expected in str(problem)


def triggers(workflow: dict[Any, Any]) -> Any:
    """The `on:` block (PyYAML reads the bare key `on` as True)."""
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of every job."""
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_pull_request_check_fetches_history_and_installs_the_tool() -> None:
    workflow = load(".github/workflows/pr-check.yml")
    assert "pull_request" in triggers(workflow)
    all_steps = steps(workflow)
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in all_steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == "3.11"
    runs = [s.get("run", "") for s in all_steps]
    # The gate is installed from the target branch: a pull request cannot rewrite its judge.
    assert "pip install ." not in runs
    install = next(r for r in runs if "pip install" in r)
    assert (
        'git worktree add --detach "$RUNNER_TEMP/base" "origin/${{ github.base_ref }}"' in install
    )
    # What the target branch's requirements.txt names (a register's one pinned release).
    # With the target branch's constraints.txt (the tested dependency versions) if it has one.
    assert install.strip().endswith(
        'cd "$RUNNER_TEMP/base"\n'
        'c=""; if [ -f constraints.txt ]; then c="-c constraints.txt"; fi\n'
        "if [ -f requirements.txt ]; then pip install $c -r requirements.txt; "
        "else pip install $c .; fi"
    )
    # Changed on purpose (issue 10, item 4): the shipped checks fail on warnings.
    assert "disputes validate --strict --format github" in runs
    assert "disputes check --base origin/${{ github.base_ref }} --strict --format github" in runs


def test_site_builds_both_profiles_on_main() -> None:
    workflow = load(".github/workflows/site.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    # and daily (issue 23): figures counted on the day of a build must not go stale
    assert [when["cron"] for when in triggers(workflow)["schedule"]] == ["17 5 * * *"]
    runs = [s.get("run", "") for s in steps(workflow)]
    assert "disputes build --profile internal -d build/internal" in runs
    assert "disputes build --profile public -d build/public" in runs
    uses = [s.get("uses", "") for s in steps(workflow)]
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    public = workflow["jobs"]["public"]
    assert public["permissions"]["pages"] == "write"
    internal_uploads = [s for s in workflow["jobs"]["internal"]["steps"] if "deploy" in str(s)]
    assert not internal_uploads, "the internal site must never be deployed to Pages"


def test_gitlab_example_fetches_history_and_publishes_only_the_public_profile() -> None:
    pipeline = load("examples/gitlab-ci.yml")
    assert pipeline["variables"]["GIT_DEPTH"] == 0
    assert "disputes build --profile public -d public" in pipeline["pages"]["script"]
    assert all("internal" not in line for line in pipeline["pages"]["script"])
    scripts = [
        line for job in pipeline.values() if isinstance(job, dict) for line in job.get("script", [])
    ]
    assert "disputes validate --strict" in scripts  # an unlisted agency fails the merge request


def test_pre_commit_hook_for_other_repositories() -> None:
    (hook,) = load(".pre-commit-hooks.yaml")
    assert hook["id"] == "disputes-validate"
    assert hook["entry"] == "disputes validate --strict"
    assert hook["language"] == "python"
    assert re.match(hook["files"], "records/2026/PD-2026-0007.md")
    assert not re.match(hook["files"], "README.md")


def test_own_pre_commit_config_runs_validate_and_ruff() -> None:
    config = load(".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    ids = {hook["id"] for hook in hooks}
    assert "disputes-validate" in ids
    assert {"ruff", "ruff-format"} & ids or "ruff-check" in ids


def test_shipped_checks_are_strict() -> None:
    """Safe by default: every shipped check of a change fails on warnings."""
    gitlab = load("examples/gitlab-ci.yml")["check-records"]["script"]
    assert all("--strict" in line for line in gitlab if line.startswith("disputes "))
    config = load(".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert next(h for h in hooks if h["id"] == "disputes-validate")["entry"].endswith("--strict")


def test_verify_runs_on_main_and_on_a_schedule() -> None:
    workflow = load(".github/workflows/verify.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert triggers(workflow)["schedule"][0]["cron"]
    all_steps = steps(workflow)
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("run", "").startswith("disputes verify --format github") for s in all_steps)
    gitlab = load("examples/gitlab-ci.yml")["verify-register"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in gitlab["rules"]
    assert gitlab["script"] == ["disputes verify"]


def test_gitlab_merge_request_check_installs_the_tool_from_the_target_branch() -> None:
    job = load("examples/gitlab-ci.yml")["check-records"]
    setup = " ".join(job["before_script"])
    assert (
        'git worktree add --detach /tmp/base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in setup
    )
    assert job["before_script"][-1] == (
        'cd /tmp/base && c=""; if [ -f constraints.txt ]; then c="-c constraints.txt"; fi && '
        "if [ -f requirements.txt ]; then pip install $c -r requirements.txt; "
        'else pip install $c .; fi && cd "$CI_PROJECT_DIR"'
    )
    assert "pip install ." not in " ".join(job["before_script"][:-1])  # only in /tmp/base


def test_every_workflow_installs_the_tool_from_the_one_pin() -> None:
    """requirements.txt is the one place a register names its tool: no workflow installs
    the register's own copy (`pip install .`) or a version of its own."""
    for name in (
        ".github/workflows/site.yml",
        ".github/workflows/verify.yml",
        ".github/workflows/reminders.yml",
    ):
        runs = [s.get("run", "") for s in steps(load(name))]
        installs = [r for r in runs if "pip install" in r]
        assert installs and all(
            r.strip() == "pip install -c constraints.txt -r requirements.txt" for r in installs
        )
    assert (
        "pip install -c constraints.txt -r requirements.txt"
        in load("examples/gitlab-ci.yml")["before_script"]
    )
    assert [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ] == ["."]


def test_every_install_of_the_tool_uses_the_constraints() -> None:
    """Ranges in pyproject.toml, exact tested versions in constraints.txt: each place that
    installs the tool installs with the constraints, so CI and registers run what was tested."""
    for name in CI_FILES[:4]:
        installs = [
            line
            for text in strings(load(name))
            for line in text.splitlines()
            if "pip install" in line
        ]
        assert installs, name
        for line in installs:
            assert "-c constraints.txt" in line or "pip install $c " in line, (name, line)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    test_command = next(line for line in readme.splitlines() if "pytest" in line)
    assert "pip install -q -c constraints.txt -e '.[test]'" in test_command
    assert test_command in ci_run.splitlines()  # .ci/run runs the README's command exactly
    pins = [
        line
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^\s=]+", line) for line in pins), pins


# --- issue 22 item 4: people told what waits for them ------------------------------------

EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def test_reminders_run_each_working_day_with_least_rights() -> None:
    """One issue kept up to date by a scheduled job that may write issues and nothing else;
    no value from an event or a file is pasted into a script (only `env:` carries them)."""
    workflow = load(".github/workflows/reminders.yml")
    assert triggers(workflow)["schedule"] == [{"cron": "23 6 * * 1-5"}]
    assert "workflow_dispatch" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    runs = [s.get("run", "") for s in steps(workflow)]
    assert all(not EXPRESSION.search(run) for run in runs), runs
    remind = 'disputes remind --working-days-only --output "$RUNNER_TEMP/waiting.md"'
    assert any(r.strip() == remind for r in runs)
    script = next(r for r in runs if "gh issue" in r)
    assert 'gh issue create --title "$TITLE" --body-file "$BODY"' in script
    assert 'gh issue edit "$number" --body-file "$BODY"' in script
    assert next(s for s in steps(workflow) if "gh issue" in s.get("run", ""))["env"]["TITLE"] == (
        "What waits for whom"
    )


def test_the_pull_request_check_tells_the_other_manager_without_running_the_change() -> None:
    """The check's job keeps read-only rights and writes the comment's text; the job that
    may comment checks nothing out and installs nothing, and pastes no value into a script."""
    workflow = load(".github/workflows/pr-check.yml")
    assert workflow["permissions"] == {"contents": "read"}
    check, tell = workflow["jobs"]["check"], workflow["jobs"]["tell"]
    assert "permissions" not in check
    assert tell["permissions"] == {"pull-requests": "write"} and tell["needs"] == "check"
    assert "head.repo.full_name == github.repository" in tell["if"]
    remind = next(s for s in check["steps"] if "disputes remind" in s.get("run", ""))
    assert remind["if"] == "${{ !cancelled() }}"  # a change the gate refuses still tells
    assert 'disputes remind --base "origin/$BASE"' in remind["run"]
    assert all(not s.get("uses", "").startswith("actions/checkout") for s in tell["steps"])
    assert all("pip" not in s.get("run", "") for s in tell["steps"])
    for step in [*check["steps"], *tell["steps"]]:
        if step.get("name", "").startswith(("What this", "Comment")):
            assert not EXPRESSION.search(step["run"]), step["run"]


def test_the_requests_workflow_keeps_the_request_text_out_of_its_scripts() -> None:
    """Issue 22: the request is untrusted. It reaches `disputes request` only as the event
    file the host wrote; no `run:` script interpolates anything of the event but its number
    and the default branch, and those only through the environment; permissions are
    granted per job and no wider than pushing a branch, a pull request and a comment."""
    workflow = load(".github/workflows/requests.yml")
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["request"]
    assert job["permissions"] == {
        "contents": "write", "pull-requests": "write", "issues": "write"
    }  # fmt: skip
    assert "disputes-request" in job["if"]
    for step in job["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
        for value in step.get("env", {}).values():
            assert value in (
                "${{ github.token }}",
                "${{ github.event.issue.number }}",
                "${{ github.event.repository.default_branch }}",
                "${{ github.repository }}",
            )
    assert triggers(workflow) == {"issues": {"types": ["opened", "edited"]}}

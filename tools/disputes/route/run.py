"""A request run: its answers read, the sender's account checked, and the step's own
`disputes` command run on them, on the request's branch, then committed with the host's
trailers. The command is the command line's, so every rule is the command line's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from disputes.edit import requestbranch as branch
from disputes.edit.signoff import SignError
from disputes.records.accounts import ACCOUNTS_FILE, load_accounts
from disputes.records.find import EditError
from disputes.route.answers import Answers, Problem, command_words, read_answers
from disputes.route.event import Request
from disputes.route.reply import commit_message, notes_from_output, problems_from_output
from disputes.route.signoff import sign_off_request

STEP_TIMEOUT = 300  # seconds: one record's step takes well under one


@dataclass
class Outcome:
    """What a request did: the commit made, or the problems that stopped it."""

    summary: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    commit: str | None = None
    branch: str | None = None


def account_problem(root: Path, account: str | None) -> Problem | None:
    """Why the account may not ask for a step, or None. Any manager listed in
    schema/accounts.yml may; no one may when the register lists none."""
    if account is None:
        return None
    accounts = load_accounts(root)
    if accounts.email_for(account) is not None:
        return None
    if not accounts.by_email:
        why = (
            f"this register lists no managers' accounts ({ACCOUNTS_FILE}), so it takes no requests"
        )
    else:
        why = f"the account {account} is not in the register's list of managers ({ACCOUNTS_FILE})"
    return Problem(None, (
        f"{why}. Ask the business unit to add your work email and account to the list, or "
        "download the filled form from the register's site and send it to the business unit"))  # fmt: skip


def _preflight(root: Path, request: Request) -> tuple[Answers, list[Problem]]:
    answers = read_answers(request.body)
    problems = list(answers.problems)
    refused = account_problem(root, request.account)
    if refused:
        problems.insert(0, refused)
    step = answers.step
    if (
        step is not None
        and step.name == "amend"
        and not set(answers.values) - {"id", "reason", "stage"}
    ):
        problems.append(Problem(None, "say what to change: answer at least one question "
                                      "after 'The stage the answers below change'"))  # fmt: skip
    return answers, problems


def _command(root: Path, answers: Answers, as_of: date | None) -> subprocess.CompletedProcess[str]:
    assert answers.step is not None
    options, arguments = command_words(answers)
    day = ["--as-of", as_of.isoformat()] if as_of else []
    argv = [sys.executable, "-m", "disputes", answers.step.run, *options, "--root", str(root),
            *day, "--", *arguments]  # fmt: skip
    env = {**os.environ, "EDITOR": "false", "VISUAL": "false"}  # never an editor: no one to type
    return subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8",
        errors="replace", env=env, timeout=STEP_TIMEOUT, check=False,
    )  # fmt: skip


def _new_record(root: Path) -> str:
    """The id of the record a `new` step wrote (its file's name)."""
    made = [p for p in branch.changed_paths(root) if p.endswith(".md")]
    return Path(made[0]).stem if len(made) == 1 else ""


def run_request(root: Path, request: Request, as_of: date | None = None) -> Outcome:
    """Run the request's step as the command line runs it, and commit what it did."""
    answers, problems = _preflight(root, request)
    if problems or answers.step is None:
        return Outcome(problems=problems)
    step = answers.step
    original = branch.current_branch(root)
    name = f"request/{request.number}" if request.number is not None else None
    before = branch.start_branch(root, name) if name else branch.clean_head(root)
    if step.name == "sign":
        return _sign_off(root, answers, request, name, original)
    try:
        done = _command(root, answers, as_of)
    except subprocess.TimeoutExpired:
        done = subprocess.CompletedProcess([], 2, "", f"the step took more than {STEP_TIMEOUT} s")
    if done.returncode != 0:
        if name:
            branch.drop_branch(root, name, original)
        return Outcome(problems=problems_from_output(step, done.stderr) or [
            Problem(None, f"the step stopped (exit status {done.returncode})")])  # fmt: skip
    record = answers.record_id or _new_record(root)
    message = commit_message(done.stdout) or f"{record}: new record\n"
    trailers = {"Host-Account": request.account, "Host-Request": str(request.number)}
    try:
        commit = branch.commit_request(
            root, before, message, {k: v for k, v in trailers.items() if request.number and v}
        )
    except EditError as error:
        if name:
            branch.drop_branch(root, name, original)
        return Outcome(problems=[Problem(None, str(error))])
    summary = branch.subject(root, commit)
    return Outcome(summary, notes=notes_from_output(done.stderr), commit=commit, branch=name)


def _sign_off(
    root: Path, answers: Answers, request: Request, name: str | None, original: str
) -> Outcome:
    """The sign-off step: the commit `disputes sign` makes, unsigned, with the host's
    trailers (the hosting site signs it when the workflow pushes it through its API)."""
    refused = None
    if not request.account or request.number is None:
        refused = "a sign-off is made only through the hosting site, for the account that asks"
    else:
        try:
            made = sign_off_request(
                root, answers.record_id, answers.values.get("role", ""),
                answers.values.get("version", ""), account=request.account,
                request=request.number,
            )  # fmt: skip
        except (SignError, EditError) as error:
            refused = str(error)
    if refused is not None:
        if name:
            branch.drop_branch(root, name, original)
        return Outcome(problems=[Problem(None, refused)])
    return Outcome(branch.subject(root, made.hash), commit=made.hash, branch=name)

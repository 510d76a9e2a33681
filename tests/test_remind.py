"""Issue 22 item 4: people told what waits for them (`disputes remind`).

A real register in git at fixed dates: a concern raised waiting for the other manager, a
stage 3 concern not yet raised, stage 4 deadlines (one across the Easter bank holidays),
a sign-off awaited; the managers' accounts in schema/accounts.yml. Every free-text value
of every record is collected and must not appear in what is posted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitrepo import ANN, BO, GitRepo, escalate, fixture_record, sign_off_message

from disputes.cli import main
from disputes.edit.roundtrip import resolve
from disputes.records.frontmatter import parse_record_text

pytestmark = pytest.mark.usefixtures("isolated_git")

DI = ("Di Roe", "di.roe@police.example")  # a manager with no account listed
ACCOUNTS = f"accounts:\n  {ANN[1]}: ann-lee\n  {BO[1]}: bo-khan\n"
# Values that are not free text: ids, dates, fixed vocabularies, the register's agencies.
NOT_FREE_TEXT = {
    "id",
    "status",
    "opened",
    "started",
    "raised",
    "ended",
    "date",
    "agency",
    "level_of_need",
    "categories",
    "outcome",
    "email",
}


def record(number: int, text: str = "") -> tuple[str, str]:
    """Record PD-2026-00NN from the fixture (or `text`), with a distinctive token planted in
    its title, its worker's name, its case reference and every paragraph of its text."""
    text = (text or fixture_record()).replace("PD-2026-0007", f"PD-2026-{number:04d}")
    token = f"Zq{number}"
    text = (
        text.replace("title: Threshold for", f"title: {token}title Threshold for")
        .replace("Sam Patel", f"Sam {token}worker")
        .replace('"C-104233"', f'"C-{number}{token}"')
    )
    text = re.sub(r"(?m)^([A-Z][^\n]*\.)$", rf"\1 {token}body", text)
    return f"records/2026/PD-2026-{number:04d}.md", text


@pytest.fixture
def register(tmp_path: Path) -> GitRepo:
    """main on 2026-03-21: six records at fixed dates, Ann's sign-off of PD-2026-0011 only."""
    repo = GitRepo(tmp_path / "register")
    repo.allow((ANN[1], repo.key("ann")), (BO[1], repo.key("bo")))
    repo.write("schema/accounts.yml", ACCOUNTS)
    stage_3 = fixture_record()
    not_raised = stage_3.replace(
        "    raised: 2026-03-06        # concern reached the other agency's manager\n", ""
    )
    not_raised = not_raised.replace("Ann Lee", DI[0]).replace(ANN[1], DI[1])
    resolved = resolve(
        escalate(stage_3, date(2026, 3, 12)), date(2026, 3, 20), 4, "decision-changed"
    )
    for number, text in (
        (7, stage_3),  # the concern was raised with Bo on 6 March: it waits for him
        (8, not_raised),  # stage 3 since 5 March, not raised: 48 hours, due 7 March
        (9, escalate(stage_3, date(2026, 3, 12))),  # stage 4: 14 days, due 26 March
        (10, escalate(stage_3, date(2026, 3, 24))),  # due 7 April, after Easter
        (11, resolved),
        (12, resolved),
    ):
        repo.write(*record(number, text))
    repo.commit("Open the records", when="2026-03-20T09:00:00Z")
    for number, signers in ((11, [ANN]), (12, [ANN, BO])):
        for who in signers:
            role = "challenger-manager" if who == ANN else "challenged-manager"
            message = sign_off_message(repo, who, role, record=record(number)[0])
            key = repo.key("ann" if who == ANN else "bo")
            repo.commit(message, who=who, key=key, when="2026-03-21T09:00:00Z")
    return repo


def remind(repo: GitRepo, *args: str) -> str:
    result = CliRunner().invoke(main, ["remind", "--root", str(repo.path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def free_text(node: Any, key: str = "") -> Iterator[str]:
    """Every string value under a key that holds free text (names, titles, references...)."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from free_text(value, str(name))
    elif isinstance(node, list):
        for value in node:
            yield from free_text(value, key)
    elif isinstance(node, str) and key not in NOT_FREE_TEXT:
        yield node


def leaks(repo: GitRepo, output: str) -> list[str]:
    """What of the records' text, names, references and emails appears in `output`."""
    found = []
    for path in sorted((repo.path / "records").rglob("*.md")):
        parsed = parse_record_text(path.read_text(encoding="utf-8"))
        values = list(free_text(parsed.data))
        values += [line for line in parsed.body.splitlines() if line and not line[0] == "#"]
        values += re.findall(r"Zq\d+\w*", path.read_text(encoding="utf-8"))
        values += re.findall(r"[\w.]+@[\w.]+", path.read_text(encoding="utf-8"))  # emails
        found += [v for v in values if v in output]
    return found


WEDNESDAY = """\
<!-- disputes remind -->
What waits for whom, with record ids and deadlines only (a deadline is shown from one \
working day before it, as the policy's calendar counts working days).

### @ann-lee

- **PD-2026-0009**: stage 4: resolve or escalate; deadline 2026-03-26, within one working day

### @bo-khan

- **PD-2026-0007**: a concern was raised with the challenged manager at stage 3 and waits \
for their answer
- **PD-2026-0009**: stage 4: resolve or escalate; deadline 2026-03-26, within one working day
- **PD-2026-0011**: the challenged manager's sign-off is awaited (resolved at stage 4)

### No hosting-site account listed

The administrator adds each manager's account to `schema/accounts.yml`, so that the \
hosting site tells them.

- **PD-2026-0008**: the challenger manager (Kent Police): stage 3: raise the concern with \
the other agency's manager; deadline 2026-03-07 has passed
"""


def test_who_is_told_what_a_working_day_before_a_deadline(register: GitRepo) -> None:
    output = remind(register, "--as-of", "2026-03-25")
    assert output == WEDNESDAY
    assert leaks(register, output) == []
    planted = "Zq7title Sam Zq9worker C-11Zq11 Zq8body Bo Khan Team Manager di.roe@police.example"
    assert {"Zq7title", "Sam Zq9worker", "C-11Zq11", "Bo Khan", "Team Manager"} <= set(
        leaks(register, planted)
    )  # the leak check finds each kind of value it looks for


def test_a_deadline_two_working_days_away_is_not_yet_told(register: GitRepo) -> None:
    output = remind(register, "--as-of", "2026-03-24")
    assert "PD-2026-0009" not in output and "PD-2026-0011" in output


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2026-03-26", "deadline 2026-03-26 is today"),
        ("2026-03-27", "deadline 2026-03-26 has passed"),
    ],
)
def test_a_deadline_on_the_day_and_after_it(register: GitRepo, day: str, words: str) -> None:
    output = remind(register, "--as-of", day)
    told = [line for line in output.splitlines() if "PD-2026-0009" in line]
    assert told == [f"- **PD-2026-0009**: stage 4: resolve or escalate; {words}"] * 2
    assert leaks(register, output) == []


def test_working_days_come_from_the_policys_bank_holidays(register: GitRepo) -> None:
    """Thursday 2 April 2026: Good Friday and Easter Monday are bank holidays in England,
    so Tuesday 7 April is the next working day; the day before, it is two away."""
    assert "PD-2026-0010" in remind(register, "--as-of", "2026-04-02")
    assert "PD-2026-0010" not in remind(register, "--as-of", "2026-04-01")


def test_a_sign_off_made_is_no_longer_awaited(register: GitRepo) -> None:
    output = remind(register, "--as-of", "2026-03-25")
    assert "PD-2026-0012" not in output  # both signed
    assert "PD-2026-0011**: the challenger" not in output  # Ann signed


def test_nothing_waiting_says_so(tmp_path: Path) -> None:
    """At stage 2 the policy sets no timescale, and no manager is named yet."""
    repo = GitRepo(tmp_path / "register")
    text = fixture_record()
    repo.write(*record(7, text[: text.index("  - stage: 3")] + text[text.index("---\n## ") :]))
    repo.commit("Open PD-2026-0007")
    assert remind(repo, "--as-of", "2026-03-09").endswith("\nNothing waits for anyone.\n")


# --- a pull request: the other manager mentioned ------------------------------------------


def test_a_pull_request_mentions_the_manager_it_waits_for(register: GitRepo) -> None:
    """Resolving PD-2026-0009 awaits both sign-offs; deadlines are the daily list's. The
    accounts are the base branch's: a change to accounts.yml cannot choose who is told."""
    register.git("checkout", "-q", "-b", "pr")
    path, text = record(9)
    text = register.read(path)
    register.write(path, resolve(text, date(2026, 3, 25), 4, "decision-upheld"))
    register.write("schema/accounts.yml", ACCOUNTS.replace("bo-khan", "mallory"))
    register.commit("PD-2026-0009: resolved at stage 4", when="2026-03-25T09:00:00Z")
    output = remind(register, "--base", "main", "--as-of", "2026-03-25")
    assert output.splitlines()[1] == "This pull request asks something of the other manager:"
    told = [line for line in output.splitlines() if line.startswith(("###", "- "))]
    assert told == [
        "### @ann-lee",
        "- **PD-2026-0009**: the challenger manager's sign-off is awaited (resolved at stage 4)",
        "### @bo-khan",
        "- **PD-2026-0009**: the challenged manager's sign-off is awaited (resolved at stage 4)",
    ]
    assert "mallory" not in output and leaks(register, output) == []


def test_a_pull_request_asking_nothing_writes_nothing(register: GitRepo, tmp_path: Path) -> None:
    register.git("checkout", "-q", "-b", "pr")
    path = record(9)[0]
    register.write(path, register.read(path).replace("Zq9title", "Zq9title clearer"))
    register.commit("Clearer title", when="2026-03-25T09:00:00Z")
    assert remind(register, "--base", "main", "--as-of", "2026-03-25") == ""
    target = tmp_path / "comment.md"
    remind(register, "--base", "main", "--as-of", "2026-03-25", "--output", str(target))
    assert not target.exists()


def test_output_goes_to_a_new_file_never_the_registers(register: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "waiting.md"
    assert remind(register, "--as-of", "2026-03-25", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == WEDNESDAY
    result = CliRunner().invoke(
        main,
        ["remind", "--root", str(register.path), "--output", str(register.path / "records/x.md")],
    )
    assert result.exit_code == 2 and "records/" in result.output


def test_a_bank_holiday_writes_nothing(register: GitRepo, tmp_path: Path) -> None:
    """Good Friday 2026 in England: the daily job leaves the list as it was."""
    target = tmp_path / "waiting.md"
    args = ["--working-days-only", "--output", str(target)]
    remind(register, "--as-of", "2026-04-03", *args)
    assert not target.exists()
    remind(register, "--as-of", "2026-04-02", *args)
    assert target.read_text(encoding="utf-8").startswith("<!-- disputes remind -->")


def test_a_pull_request_that_raises_a_concern_mentions_the_other_manager(
    register: GitRepo,
) -> None:
    """`disputes raised` on PD-2026-0008 (Di Roe's concern reached Bo): Bo is told."""
    from disputes.edit.stages import set_raised

    register.git("checkout", "-q", "-b", "pr")
    path = record(8)[0]
    register.write(path, set_raised(register.read(path), date(2026, 3, 6)))
    register.commit("PD-2026-0008: stage 3 concern raised", when="2026-03-06T12:00:00Z")
    output = remind(register, "--base", "main", "--as-of", "2026-03-06")
    told = [line for line in output.splitlines() if line.startswith(("###", "- "))]
    assert told == [
        "### @bo-khan",
        "- **PD-2026-0008**: a concern was raised with the challenged manager at stage 3 and "
        "waits for their answer",
    ]
    assert leaks(register, output) == []

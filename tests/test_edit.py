"""Round-trip edits: only the lines an edit must change differ, byte for byte."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import RECORD, SCHEMA, escalate, fixture_record
from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.cli import main
from disputes.edit.roundtrip import resolve, withdraw
from disputes.records.find import EditError

AS_OF = "2026-04-01"
STAGE3_LINES = 5  # the stage 3 entry is the last five lines of the fixture's front matter


def at_stage_2() -> str:
    lines = fixture_record().splitlines(keepends=True)
    end = lines.index("---\n", 1)
    return "".join(lines[: end - STAGE3_LINES] + lines[end:])


def stage_4_lines(newline: str) -> list[str]:
    """What escalating the fixture to stage 4 inserts: stage 3's end, then stage 4 and its people."""
    return [
        f"    ended: 2026-03-12{newline}",
        f"  - stage: 4{newline}",
        f"    started: 2026-03-12{newline}",
        "    challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent "
        f"Police, email: ann.lee@police.example}}{newline}",
        "    challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's "
        f"Social Care, email: bo.khan@csc.example}}{newline}",
    ]


def changes(before: str, after: str) -> list[tuple[str, list[str], list[str]]]:
    """(op, old lines, new lines) for every difference, line endings included."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (op, old[i1:i2], new[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


@pytest.mark.parametrize("newline,bom", [("\n", ""), ("\r\n", ""), ("\r\n", "\ufeff")])
def test_escalate_only_ends_the_stage_and_adds_the_next(newline: str, bom: str) -> None:
    before = bom + fixture_record().replace("\n", newline)
    after = escalate(before, date(2026, 3, 12))
    assert changes(before, after) == [("insert", [], stage_4_lines(newline))]
    assert after.startswith(bom + "---" + newline)


def test_resolve_changes_status_and_adds_resolution_and_sign_off() -> None:
    before = escalate(fixture_record(), date(2026, 3, 12)).replace("\n", "\r\n")
    after = resolve(before, date(2026, 3, 20), 4, "decision-changed", "Clear route: good.")
    assert changes(before, after) == [
        (
            "replace",
            ["status: open                  # open | resolved | withdrawn\r\n"],
            ["status: resolved              # open | resolved | withdrawn\r\n"],
        ),
        (
            "insert",
            [],
            [
                "resolution:\r\n",
                "  stage: 4\r\n",
                "  date: 2026-03-20\r\n",
                "  outcome: decision-changed\r\n",
                "  effectiveness: 'Clear route: good.'\r\n",
                "sign_off:\r\n",
                "  challenger_manager: {name: Ann Lee, designation: Detective Sergeant, "
                "agency: Kent Police, date: 2026-03-20}\r\n",
                "  challenged_manager: {name: Bo Khan, designation: Team Manager, "
                "agency: Children's Social Care, date: 2026-03-20}\r\n",
            ],
        ),
    ]


def test_withdraw_keeps_quotes_comments_and_body() -> None:
    before = fixture_record()
    after = withdraw(before, date(2026, 3, 9), "Agreed after new information")
    assert changes(before, after) == [
        (
            "replace",
            ["status: open                  # open | resolved | withdrawn\n"],
            ["status: withdrawn             # open | resolved | withdrawn\n"],
        ),
        (
            "insert",
            [],
            ["withdrawn:\n", "  date: 2026-03-09\n", "  reason: Agreed after new information\n"],
        ),
    ]


def test_escalate_to_stage_3_writes_managers_in_flow_style() -> None:
    managers = {
        "challenger_manager": {
            "name": "Ann Lee",
            "designation": "Detective Sergeant",
            "agency": "Kent Police",
            "email": "ann.lee@police.example",
        },
        "challenged_manager": {
            "name": "Bo Khan",
            "designation": "Team Manager",
            "agency": "Children's Social Care",
            "email": "bo.khan@csc.example",
        },
    }
    after = escalate(at_stage_2(), date(2026, 3, 5), managers)
    assert changes(at_stage_2(), after) == [
        (
            "insert",
            [],
            [
                "    ended: 2026-03-05\n",
                "  - stage: 3\n",
                "    started: 2026-03-05\n",
                "    challenger_manager: {name: Ann Lee, designation: Detective Sergeant, agency: Kent "
                "Police, email: ann.lee@police.example}\n",
                "    challenged_manager: {name: Bo Khan, designation: Team Manager, agency: Children's "
                "Social Care, email: bo.khan@csc.example}\n",
            ],
        )
    ]


def test_closed_record_is_not_edited() -> None:
    closed = withdraw(fixture_record(), date(2026, 3, 9), "No longer needed")
    with pytest.raises(EditError, match="the record is withdrawn, so it cannot be escalated"):
        escalate(closed, date(2026, 3, 12))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    for source in SCHEMA.iterdir():
        (tmp_path / "schema" / source.name).write_bytes(source.read_bytes())
    record = tmp_path / RECORD
    record.parent.mkdir(parents=True)
    record.write_bytes(fixture_record().replace("\n", "\r\n").encode())
    return tmp_path


def invoke(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--as-of", AS_OF], input=stdin)
    return result.exit_code, result.output


# Issue 12: resolve asks the form's closing questions; stage 4 names its own managers.
CLOSING = (
    "--decision",
    "Agreed at the meeting",
    "--shared-with",
    "Jo Worker",
    "--debrief",
    "--effectiveness",
    "It worked",
    "--suggestions",
    "None",
    "--outstanding",
    "None.",
    "--agreed",
    "The plan goes ahead.",
)
STAGE_4 = tuple(
    arg
    for role, name, agency in (
        ("challenger", "Pat Doe", "Kent Police"),
        ("challenged", "Kim Loe", "Children's Social Care"),
    )
    for arg in (
        f"--{role}-manager-name",
        name,
        f"--{role}-manager-designation",
        "Lead",
        f"--{role}-manager-agency",
        agency,
        f"--{role}-manager-email",
        f"{name.split()[0].lower()}@x.example",
    )
)


def test_refused_edit_leaves_the_file_identical(register: Path) -> None:
    before = (register / RECORD).read_bytes()
    code, out = invoke(
        register, "resolve", "PD-2026-0007", "--date", "2026-03-01", "--stage", "3", *CLOSING
    )
    assert code == 2  # issue 23: the date is refused as given, before any question
    assert "Invalid value for --date: 2026-03-01 is before 2026-03-05" in out
    assert (register / RECORD).read_bytes() == before
    code, out = invoke(
        register, "resolve", "PD-2026-0007", "--date", "2026-03-20", "--stage", "2", *CLOSING
    )
    assert code == 1 and "can only be resolved at stage 3" in out
    assert (register / RECORD).read_bytes() == before


def test_cli_escalate_then_resolve(register: Path) -> None:
    assert invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-12", *STAGE_4)[0] == 0
    code, out = invoke(
        register,
        "resolve",
        "PD-2026-0007",
        "--date",
        "2026-03-20",
        "--stage",
        "4",
        "--outcome",
        "decision-upheld",
        *CLOSING,
    )
    assert code == 0, out
    text = (register / RECORD).read_bytes().decode()
    assert "status: resolved" in text and "\n" not in text.replace("\r\n", "")


def test_missing_value_without_stdin_is_a_usage_error(register: Path) -> None:
    # Issue 12: the date defaults to today; stage 4's managers have no default.
    code, out = invoke(register, "escalate", "PD-2026-0007")
    assert code == 2
    assert "--challenger-manager-name is needed" in out


def test_stage_4_prompts_for_its_managers_and_stage_5_is_a_referral(register: Path) -> None:
    # Issue 12: stage 4 asks for its managers; stage 5 is referred before the group meets.
    answers = "Pat Doe\nLead\n1\npat@x.example\nKim Loe\nLead\n\nkim@x.example\n"
    code, out = invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-12", stdin=answers)
    assert code == 0, out
    code, out = invoke(register, "escalate", "PD-2026-0007", "--date", "2026-03-20")
    assert code == 0, out
    text = (register / RECORD).read_bytes().decode()
    assert "challenger_manager: {name: Pat Doe, designation: Lead, agency: Kent Police" in text
    assert (
        "    ended: 2026-03-20\r\n  - stage: 5\r\n    started: 2026-03-20\r\n"
        "    referred: 2026-03-20\r\n---"
    ) in text


def test_unknown_id_is_a_usage_error(register: Path) -> None:
    code, out = invoke(
        register, "withdraw", "PD-2026-0099", "--date", "2026-03-09", "--reason", "x y z"
    )
    assert code == 2 and "no record PD-2026-0099" in out


TOP_KEYS = [i for i, line in enumerate(fixture_record().split("\n")[:26]) if line[:1].isalpha()]


@settings(max_examples=40, deadline=None)
@given(
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    comments=st.sets(st.sampled_from(TOP_KEYS)),
    title=st.sampled_from(["{}", "'{}'", '"{}"']),
)
def test_escalate_only_ever_inserts_the_new_stage(
    newline: str, bom: bool, comments: set[int], title: str
) -> None:
    lines = fixture_record().split("\n")
    lines[2] = "title: " + title.format(lines[2][len("title: ") :])
    for index in sorted(comments, reverse=True):
        lines.insert(index, f"# a note before line {index}")
    before = ("\ufeff" if bom else "") + newline.join(lines)
    after = escalate(before, date(2026, 3, 12))
    assert [(op, old) for op, old, _ in changes(before, after)] == [("insert", [])]
    assert changes(before, after)[0][2] == stage_4_lines(newline)

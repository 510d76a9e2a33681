"""Record text printed on a terminal shows control and bidi characters as visible escapes:
one helper (`records.text.for_terminal`) in every text renderer and the error handler."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AS_OF, MakeRegister, run_cli, valid_record_text
from gitrepo import RECORD, GitRepo, fixture_record

from disputes.records.text import UNSAFE, for_terminal

FILE = "records/2026/PD-2026-0007.md"
CLEAR = "\x1b[2J\x1b[31m"  # clear the screen, then red text
RAW = "\x1b\x9b\x07\x08\r\u202e\u2066"  # what must never reach a terminal as it is


def raw_characters(text: str) -> set[str]:
    return {c for c in text if c in RAW or UNSAFE.match(c)}


def test_the_helper_shows_each_character_as_a_visible_escape() -> None:
    assert for_terminal(f"a{CLEAR}b\u202ec\td\r\ne\rf") == (
        "a\\x1b[2J\\x1b[31mb\\u202ec\td\ne\\x0df"
    )
    assert for_terminal("Zoë Ní Bhriain — שלום 👍\n") == "Zoë Ní Bhriain — שלום 👍\n"


def test_an_escaped_title_never_reaches_the_terminal(make_register: MakeRegister) -> None:
    """The attack: `title: "\\u001b[2J"` written as a YAML escape cleared the screen of
    whoever ran `list` or `show`. The record is refused (records are text), and nothing
    of it reaches the terminal as it is."""
    text = valid_record_text().replace(
        "title: Threshold for a child in need assessment", 'title: "\\u001b[2J\\u202eesac"'
    )
    root = make_register(
        {FILE: text, "records/2026/PD-2026-0008.md": valid_record_text("PD-2026-0008")}
    )
    for command in (
        ["list"],
        ["show", "PD-2026-0007"],
        ["report"],
        ["overdue"],
        ["validate"],
        ["show", "PD-2026-0008"],
    ):
        result = run_cli([*command, "--root", str(root), "--as-of", AS_OF])
        assert "Traceback" not in result.output
        assert raw_characters(result.output) == set(), (command, result.output)
    listed = run_cli(["list", "--root", str(root), "--as-of", AS_OF])
    assert "PD-2026-0008" in listed.stdout and "PD-2026-0007" not in listed.stdout


def test_a_file_name_with_an_escape_sequence_is_shown_escaped(
    make_register: MakeRegister,
) -> None:
    root = make_register({FILE: valid_record_text(), f"records/2026/{CLEAR}.md": "x"})
    result = run_cli(["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert "records/2026/\\x1b[2J\\x1b[31m.md:1: " in result.output
    assert raw_characters(result.output) == set()


@pytest.mark.usefixtures("isolated_git")
def test_a_commit_subject_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    """`disputes audit` prints authors and subjects from git: anyone can write those."""
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    repo.commit(
        f"Open PD-2026-0007{CLEAR}\u202eall signed",
        when="2026-03-06T09:00:00Z",
        who=("Reg\x1b]0;pwned\x07 Clerk", "clerk@lscp.example"),
    )
    result = run_cli(["audit", "PD-2026-0007", "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    assert "Open PD-2026-0007\\x1b[2J\\x1b[31m\\u202eall signed" in result.output
    assert raw_characters(result.output) == set()


def test_every_text_renderer_uses_the_helper() -> None:
    """Defence in depth: a value reaching a renderer by any road is shown escaped."""
    from disputes.records.issue_formats import issue_line
    from disputes.records.model import Issue
    from disputes.report.describe import Section
    from disputes.report.form import form_text
    from disputes.report.inputs import left_out_warning
    from disputes.report.listing import rows_text
    from disputes.report.render import overdue_text

    row = {
        "id": "PD-1",
        "status": "open",
        "stage": 1,
        "opened": "2026-01-01",
        "challenger": "A",
        "challenged": "B",
        "title": CLEAR,
        "next_deadline": "",
        "days_overdue": 0,
    }
    overdue = {
        "id": "PD-1",
        "stage": 3,
        "deadline": "2026-01-02",
        "days_overdue": 3,
        "challenger": "A",
        "challenged": "B",
        "title": CLEAR,
    }
    shown = [
        rows_text([row]),
        form_text([Section("Record", [("Title", CLEAR)])]),
        overdue_text([overdue], "2026-11-22"),
        issue_line(Issue(f"records/{CLEAR}.md", 1, "title", "x")),
        left_out_warning({f"records/{CLEAR}.md": []}),
    ]
    for text in shown:
        assert "\\x1b[2J" in text and raw_characters(text) == set(), text

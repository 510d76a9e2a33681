"""Records are text: no NUL, no other control character, no bidi override or isolate,
written as it is or as a YAML escape, in the front matter or the body. `validate`,
`validate --strict` and the gate (`check`) say where, with the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attacks import FILE, attacked_register
from click.testing import CliRunner
from conftest import MakeRegister, run_cli, valid_record_text
from gitrepo import RECORD, open_on_main

from disputes.cli import main

TITLE = "title: Threshold for a child in need assessment"

# (old text, new text, line, field, words the message holds)
ATTACKS = {
    "NUL in the body": ("None.\n", "None.\x00 hidden\n", 58, "body", "U+0000 (NUL)"),
    "NUL escaped in a field": (
        "  reference: C-104233",
        '  reference: "C-104233\\0"',
        10,
        "child.reference",
        "U+0000 (NUL)",
    ),
    "escape sequence in the title": (
        TITLE,
        'title: "\\e[2J\\e[31mAll clear"',
        3,
        "title",
        "U+001B (ESCAPE)",
    ),
    "C1 CSI in the body": ("None.\n", "None.\x9b2J\n", 58, "body", "U+009B"),
    "right-to-left override in the title": (
        TITLE,
        "title: Threshold \u202eesac",
        3,
        "title",
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
    "override escaped in a name": (
        "Sam Patel",
        '"Sam \\u202ePatel"',
        13,
        "challenger.worker.name",
        "U+202E",
    ),
    "isolate in a YAML comment": (
        "  agency: Kent Police\n",
        "  agency: Kent Police  # \u2066hidden\u2069\n",
        12,
        "challenger.agency",
        "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    ),
    "override in the body": (
        "Repeated incidents",
        "Repeated \u202dincidents",
        46,
        "body",
        "U+202D",
    ),
    "right-to-left mark in a name": (
        "Sam Patel",
        "Sam\u200f Patel",
        13,
        "challenger.worker.name",
        "U+200F (RIGHT-TO-LEFT MARK)",
    ),
    "vertical tab in a field": (
        "  reference: C-104233",
        "  reference: C-10\x0b4233",
        10,
        "child.reference",
        "U+000B",
    ),
}


@pytest.mark.parametrize("name", ATTACKS)
def test_validate_refuses_it_with_line_and_field(name: str, make_register: MakeRegister) -> None:
    root = attacked_register(make_register, ATTACKS[name])
    listed = run_cli(["list", "--root", str(root)])  # left out, named, and no crash
    assert listed.exit_code == 0 and f"left out of these figures: {FILE}" in listed.output


GATE_ATTACKS = {  # on the gate's fixture record: (old, new, field, words)
    "NUL in the body": (
        "## Additional notes\n",
        "## Additional notes\x00\n",
        "body",
        "U+0000 (NUL)",
    ),
    "override in the title": ("title: ", "title: \u202e", "title", "U+202E"),
    "escape sequence in the title": (TITLE, 'title: "\\e[2J"', "title", "U+001B (ESCAPE)"),
    "isolate in a comment": ("status: open", "status: open # \u2067x", "status", "U+2067"),
}


@pytest.mark.usefixtures("isolated_git")
@pytest.mark.parametrize("name", GATE_ATTACKS)
def test_the_gate_refuses_it(name: str, tmp_path: Path) -> None:
    repo = open_on_main(tmp_path / "register")
    old, new, field, words = GATE_ATTACKS[name]
    text = repo.read(RECORD)
    assert old in text, text
    repo.write(RECORD, text.replace(old, new, 1))
    repo.commit("PD-2026-0007: notes", when="2026-03-07T09:00:00Z")
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--format", "json", "--root", str(repo.path)]
    )
    assert result.exit_code == 1, result.output
    issues = json.loads(result.output)
    assert any(
        i["file"] == RECORD and i["path"] == field and words in i["message"] for i in issues
    ), issues


def test_honest_text_still_passes(make_register: MakeRegister) -> None:
    """Tabs, CRLF line ends, accents, Arabic and Hebrew letters and emoji are text."""
    text = (
        valid_record_text()
        .replace("Sam Patel", "Zoë Ní Bhriain-حسن")
        .replace("None.\n", "None.\tSee the\tplan. שלום 👍\n")
        .replace("\n", "\r\n")
    )
    root = make_register({FILE: text})
    result = run_cli(["validate", "--strict", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_the_record_format_page_says_records_are_text(repo_root: Path) -> None:
    from disputes.records.config import load_schema
    from disputes.site.pages.format_guide import record_format_page

    page = record_format_page(load_schema(repo_root))
    assert "Tab and line ends are the only control characters it may hold" in page
    assert "`3`, never `3.0`" in page

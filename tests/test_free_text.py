"""Issue 23, item 5: free text written by any command reads back as the same text.

`disputes withdraw ID --reason "No"` was refused; so were other words YAML 1.1 reads as
something else. Each writing command is run as a user runs it, with text given as an option:
either the field's own rule refuses it at once and the record is untouched, or the record
reads back (as `validate` reads it) exactly the text given, and `show` prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MakeRegister
from gitrepo import CLERK, RECORD, as_identity, fixture_record, open_committed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disputes.cli import main
from disputes.records.frontmatter import parse_record_text

ID = "PD-2026-0007"
AS_OF = "2026-04-01"
# The words of the issue, and others a YAML reader, a Markdown reader or a terminal might
# take for something else.
AWKWARD = [
    "No", "Yes", "On", "Off", "~", "null", "0x10", "1e3", "2026-03-01", "2026-03-01 10:00",
    " leading space", "trailing space ", "a # not a comment", "key: value", "two\nlines",
    "'single quoted'", '"double quoted"', "- a list?", "[a, b]", "{a: b}", "& anchor",
    "* alias", "! tag", "% directive", "@ at", "` tick", "| block", "> folded", "? key",
    "1:20", "012", "-.inf", "<<", "=", "#", "--- three dashes", "...", "\\ backslash",
    "émigré café", "   ", "",
]  # fmt: skip
TEXT = st.sampled_from(AWKWARD) | st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")) | st.just("\n"),
    max_size=30,
)

# A command's arguments for a text, and the values the record then holds it in.
Writer = tuple[Callable[[str], list[str]], Callable[[dict[str, Any]], list[Any]]]
CLOSING = ["--date", "2026-03-20", "--debrief", "--outstanding", "None.", "--agreed", "Agreed."]
WRITERS: dict[str, Writer] = {
    "withdraw --reason": (
        lambda t: ["withdraw", ID, "--date", "2026-03-09", "--reason", t],
        lambda d: [d["withdrawn"]["reason"]],
    ),
    "resolve --decision": (
        lambda t: [
            "resolve",
            ID,
            *CLOSING,
            "--decision",
            t,
            "--shared-with",
            "Sam Patel",
            "--effectiveness",
            "Well.",
            "--suggestions",
            "None.",
        ],
        lambda d: [d["stages"][-1]["decision"]],
    ),  # fmt: skip
    "resolve --effectiveness, --suggestions, --shared-with": (
        lambda t: [
            "resolve",
            ID,
            *CLOSING,
            "--decision",
            "Agreed",
            "--shared-with",
            t,
            "--effectiveness",
            t,
            "--suggestions",
            t,
        ],
        lambda d: [
            *(d["resolution"][k] for k in ("effectiveness", "suggestions")),
            *d["resolution"]["shared_with"],
        ],
    ),  # fmt: skip
    "new --title, worker, supervisor, aim": (
        lambda t: [
            "new",
            "--title",
            t,
            "--opened",
            "2026-03-30",
            "--child-reference",
            "C-1",
            "--challenger-agency",
            "Kent Police",
            "--category",
            "other",
            "--challenged-agency",
            "Children's Social Care",
            *[
                f"--{who}-{part}={t}"
                for who in ("worker", "supervisor")
                for part in ("name", "designation")
            ],
            "--aim",
            t,
        ],
        lambda d: [
            d["title"],
            *d["challenger"]["worker"].values(),
            d["stages"][0]["aim"],
            d["stages"][0]["supervisor"]["name"],
            d["stages"][0]["supervisor"]["designation"],
        ],
    ),  # fmt: skip
    "escalate --decision, managers' names": (
        lambda t: [
            "escalate",
            ID,
            "--date",
            "2026-03-12",
            "--decision",
            t,
            *[
                f"--{r}-manager-{p}={t if p in ('name', 'designation') else v}"
                for r, agency, email in (
                    ("challenger", "Kent Police", "a@police.example"),
                    ("challenged", "Children's Social Care", "b@csc.example"),
                )
                for p, v in (
                    ("name", ""),
                    ("designation", ""),
                    ("agency", agency),
                    ("email", email),
                )
            ],
        ],
        lambda d: [
            d["stages"][-2]["decision"],
            *(
                d["stages"][-1][r][p]
                for r in ("challenger_manager", "challenged_manager")
                for p in ("name", "designation")
            ),
        ],
    ),  # fmt: skip
}


NEW = "records/2026/PD-2026-0008.md"  # what `new` writes beside the fixture record


def write_and_read(root: Path, writer: str, text: str) -> tuple[int, Any, str]:
    """Run the command on a fresh copy of the record: its status, the value read back, show."""
    (root / RECORD).write_text(fixture_record(), encoding="utf-8")
    (root / NEW).unlink(missing_ok=True)
    args, read = WRITERS[writer]
    result = CliRunner().invoke(main, [*args(text), "--root", str(root), "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    file = NEW if writer.startswith("new ") else RECORD
    if result.exit_code != 0:
        assert (root / RECORD).read_text(encoding="utf-8") == fixture_record()
        assert not (root / NEW).exists(), "a refused command wrote a record"
        return result.exit_code, None, result.output
    after = (root / file).read_text(encoding="utf-8")
    record_id = Path(file).stem
    shown = CliRunner().invoke(main, ["show", record_id, "--root", str(root), "--as-of", AS_OF])
    return 0, read(parse_record_text(after).data), shown.output


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    return make_register({RECORD: fixture_record()})


@pytest.mark.parametrize("text", ["No", "Yes", "On", "Off", "~", "null", "0x10", "1e3",
                                  "2026-03-01", " leading", "trailing ", "a # b", "a: b",
                                  "two\nlines", "'q'", '"q"'])  # fmt: skip
def test_withdraw_keeps_the_issues_reasons_exactly(register: Path, text: str) -> None:
    code, value, shown = write_and_read(register, "withdraw --reason", text)
    assert (code, value) == (0, [text]), shown
    assert text in shown


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize("text", AWKWARD)
def test_every_writing_command_keeps_awkward_text(register: Path, writer: str, text: str) -> None:
    code, value, shown = write_and_read(register, writer, text)
    if code == 0:
        assert set(value) == {text}
        assert text.strip() in shown
    else:  # refused by the rule of the field, at once (2), or by validate (1): said why
        assert code in (1, 2) and ("Invalid value" in shown or "Error" in shown), shown
        assert not text.strip() or len(text.strip()) < 3, (text, shown)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT, writer=st.sampled_from(list(WRITERS)))
def test_any_text_any_command_writes_reads_back_identical(
    register: Path, writer: str, text: str
) -> None:
    code, value, shown = write_and_read(register, writer, text)
    if code == 0:
        assert set(value) == {text}
        assert text.strip() in shown


@pytest.mark.parametrize("text", AWKWARD)
def test_reopen_and_amend_keep_awkward_text(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two commands that commit: reopen's reason, and any field amend --set writes."""
    as_identity(monkeypatch, CLERK, "2026-03-30T09:00:00Z")
    repo = open_committed(tmp_path / "register")
    root = ["--root", str(repo.path), "--as-of", AS_OF]
    steps = [
        ["withdraw", ID, "--date", "2026-03-09", "--reason", "Agreed", *root],
        ["reopen", ID, "--reason", text, *root],
        ["amend", ID, "--reason", "Title", "--set", f"title={text}", *root],
    ]
    codes = []
    for args in steps:
        codes.append(CliRunner().invoke(main, args).exit_code)
        if args[0] == "withdraw":
            repo.commit("Withdrawn", when="2026-03-09T09:00:00Z")
    data = parse_record_text(repo.read(RECORD)).data
    if codes[1] == 0:
        assert data["reopened"][-1]["reason"] == text
    else:  # a blank reason is refused as given, and nothing changes
        assert codes[1] == 2 and not text.strip() and data["status"] == "withdrawn"
    if codes[2] == 0:
        assert data["title"] == text
    else:  # a title of fewer than three characters is refused as given
        assert codes[2] == 2 and len(text) < 3

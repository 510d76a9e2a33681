"""Issue 20: one YAML dialect: what an edit writes, `validate` reads back as the same value.

The edits wrote YAML 1.2 (ruamel) and `validate`, the gate and MkDocs read YAML 1.1
(PyYAML), so `disputes withdraw ID --reason "No"` wrote `reason: No`, read back as false and
refused by the schema. Now a new text value that YAML 1.1 would read as something else is
written quoted, and what was already in the file is written as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeRegister
from gitrepo import RECORD, SAME_MANAGERS, escalate, fixture_record
from hypothesis import given, settings
from hypothesis import strategies as st

from disputes.cli import main
from disputes.edit.roundtrip import edit_front_matter, withdraw
from disputes.records.frontmatter import parse_record_text

AS_OF = "2026-04-01"
WORDS_YAML_11_READS_OTHERWISE = [
    "No",
    "Yes",
    "On",
    "Off",
    "yes",
    "OFF",
    "true",
    "null",
    "~",
    "1:20",
    "012",
    "0x1F",
    "1_000",
    "3.5",
    "-.inf",
    "<<",
    "=",
]


@pytest.fixture
def register(make_register: MakeRegister) -> Path:
    return make_register({RECORD: fixture_record()})


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize("reason", ["Yes", "Off", "No", "On"])
def test_withdraw_with_a_reason_yaml_11_reads_as_a_boolean(register: Path, reason: str) -> None:
    code, output = invoke(
        register, "withdraw", "PD-2026-0007", "--date", "2026-03-09", "--reason", reason
    )
    # before: refused, "withdrawn.reason: ... is not of type 'string'" (read back as a boolean)
    assert "type" not in output and "string" not in output, output
    assert code == 0, output  # issue 23: any reason but a blank one, "No" included
    text = (register / RECORD).read_text(encoding="utf-8")
    assert parse_record_text(text).data["withdrawn"]["reason"] == reason
    assert invoke(register, "validate")[0] == 0


@pytest.mark.parametrize("word", WORDS_YAML_11_READS_OTHERWISE)
def test_every_value_yaml_11_reads_otherwise_is_written_as_text(word: str) -> None:
    written = withdraw(fixture_record(), date(2026, 3, 9), word)
    assert parse_record_text(written).data["withdrawn"]["reason"] == word


def test_values_already_in_the_file_are_written_as_they_were() -> None:
    """An unquoted `yes` the file holds is YAML 1.1's true for every reader: an edit of
    another field leaves the line alone, neither quoting it nor rewriting it."""
    text = fixture_record().replace("\ntitle: ", "\nflag: yes  # as typed\nmood: on\ntitle: ", 1)
    after = edit_front_matter(text, lambda data: data.__setitem__("title", "No"))
    assert "\nflag: yes  # as typed\nmood: on\ntitle: 'No'\n" in after
    data = parse_record_text(after).data
    assert (data["flag"], data["mood"], data["title"]) == (True, True, "No")


# Any text without control, format (bidi) or separator characters, which validate refuses
# whoever writes them.
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), min_size=1, max_size=40
) | st.sampled_from(WORDS_YAML_11_READS_OTHERWISE)


@settings(max_examples=200, deadline=None)
@given(reason=TEXT, name=TEXT)
def test_any_text_an_edit_writes_reads_back_identical(reason: str, name: str) -> None:
    """Block values (withdraw's reason) and flow mappings (escalate's managers) alike."""
    withdrawn = withdraw(fixture_record(), date(2026, 3, 9), reason)
    assert parse_record_text(withdrawn).data["withdrawn"]["reason"] == reason
    managers = {
        **SAME_MANAGERS,
        "challenger_manager": {
            **SAME_MANAGERS["challenger_manager"],
            "name": name,
            "designation": reason,
        },
    }
    escalated = parse_record_text(escalate(fixture_record(), date(2026, 3, 12), managers))
    manager = escalated.data["stages"][-1]["challenger_manager"]
    assert (manager["name"], manager["designation"]) == (name, reason)

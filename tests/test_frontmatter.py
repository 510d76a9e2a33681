"""Splitting a record file: front matter, body, line numbers, BOM, CRLF, bad bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import valid_record_text

from disputes.records.frontmatter import (
    MAX_BYTES,
    FileProblem,
    Parsed,
    parse_record_text,
    read_text,
)
from disputes.records.yamlsafe import format_path

SMALL = "---\nid: PD-2026-0001\nchild:\n  reference: C-1\n---\n## Summary\n\nText.\n"


def test_split_and_file_line_numbers() -> None:
    parsed = parse_record_text(SMALL)
    assert parsed.data == {"id": "PD-2026-0001", "child": {"reference": "C-1"}}
    assert parsed.lines[("id",)] == 2
    assert parsed.lines[("child", "reference")] == 4
    assert parsed.body == "## Summary\n\nText.\n"
    assert parsed.body_line == 6


def test_body_line_of_the_spec_example() -> None:
    text = valid_record_text()
    parsed = parse_record_text(text)
    lines = text.splitlines()
    assert lines[parsed.body_line - 1] == "## Summary of reason for dispute"
    assert lines[parsed.lines[("stages", 2, "raised")] - 1].strip().startswith("raised:")
    assert lines[parsed.lines[("sign_off", "challenged_manager")] - 1].startswith(
        "  challenged_manager:"
    )


def test_bom_and_crlf_give_the_same_data_and_lines() -> None:
    plain = parse_record_text(valid_record_text())
    windows = parse_record_text("\ufeff" + valid_record_text().replace("\n", "\r\n"))
    assert windows.data == plain.data
    assert windows.lines == plain.lines
    assert windows.body_line == plain.body_line
    assert windows.body == plain.body.replace("\n", "\r\n")  # the body is kept as written


def test_crlf_inside_a_quoted_value_does_not_leak() -> None:
    parsed = parse_record_text("---\r\ntitle: 'two\r\n  lines'\r\n---\r\n")
    assert parsed.data == {"title": "two lines"}


def test_dots_never_close_the_front_matter() -> None:
    # Issue 10: one front-matter syntax everywhere; '...' is refused, not read another way.
    with pytest.raises(FileProblem) as caught:
        parse_record_text("---\na: 1\n...\nbody\n")
    assert caught.value.line == 3
    assert "end it with a line '---' instead" in caught.value.message


def test_empty_body() -> None:
    parsed = parse_record_text("---\na: 1\n---\n")
    assert (parsed.body, parsed.body_line) == ("", 4)


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("", 1, "the file is empty"),
        ("\n \n\t\n", 1, "the file is empty"),
        ("\ufeff", 1, "the file is empty"),
        ("id: PD-2026-0001\n", 1, "the file has no front matter"),
        ("# Title\n---\nid: x\n---\n", 1, "the file has no front matter"),
        ("---\nid: x\ntitle: y\n", 3, "the front matter is not closed"),
        ("---\n", 1, "the front matter is not closed"),
        ("---\n- a\n- b\n---\n", 2, "the front matter must be a list of 'field: value' lines"),
        ("---\n---\nbody\n", 2, "the front matter must be a list of 'field: value' lines"),
        ("---\njust text\n---\n", 2, "the front matter must be a list of 'field: value' lines"),
        ("---\na: 1\nb: [\n---\n", 4, "the front matter is not valid YAML"),
        ("---\na: &x 1\nb: *x\n---\n", 2, "YAML anchors and aliases"),
        ("---\na: 1\na: 2\n---\n", 3, "the field 'a' appears twice"),
    ],
)
def test_unreadable_front_matter(text: str, line: int, start: str) -> None:
    with pytest.raises(FileProblem) as caught:
        parse_record_text(text)
    assert caught.value.message.startswith(start)
    assert caught.value.line == line


def test_problem_keeps_the_key_path() -> None:
    with pytest.raises(FileProblem) as caught:
        parse_record_text("---\nstages:\n  - stage: 1\n    stage: 2\n---\n")
    assert (caught.value.line, caught.value.path) == (4, ("stages", 0, "stage"))


def test_line_of_falls_back_to_the_nearest_parent() -> None:
    parsed = Parsed({}, {(): 2, ("stages",): 5, ("stages", 1): 8})
    assert parsed.line_of(("stages", 1, "raised")) == 8
    assert parsed.line_of(("stages", 4)) == 5
    assert parsed.line_of(("sign_off",)) == 2
    assert Parsed({}).line_of(("x",)) == 1


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("id",), "id"),
        (("child", "reference"), "child.reference"),
        (("stages", 1, "raised"), "stages[2].raised"),
        (("stages", 0), "stages[1]"),
        (("stages", 4, "panel", 2), "stages[5].panel[3]"),
        (("sign_off", "challenger_manager", "name"), "sign_off.challenger_manager.name"),
        ((0, "a"), "[1].a"),
    ],
)
def test_format_path_counts_list_positions_from_1(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_read_text_strips_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\na: 1\r\n---\r\n")
    assert read_text(path) == "---\r\na: 1\r\n---\r\n"  # line endings kept for the splitter


def test_read_text_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(FileProblem) as caught:
        read_text(path)
    assert caught.value.line == 2
    assert caught.value.message == (
        "a character on this line is not UTF-8 text (byte 0xe9), often from saving as 'ANSI' "
        "in Word or Excel; save the file as UTF-8 in your editor"
    )


def test_read_text_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: its size is all that is looked at
    with pytest.raises(FileProblem) as caught:
        read_text(path)
    assert caught.value.message.startswith("the file is 3.0 MB; a record should be a few KB.")


def test_read_text_accepts_a_file_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"a" * MAX_BYTES)
    assert len(read_text(path)) == MAX_BYTES


@pytest.mark.parametrize("size", [10, MAX_BYTES + 1])
def test_read_text_of_a_file_growing_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    """The size fstat gave is only where reading starts: a file longer by the time it is
    read is read whole, and refused once it is over the limit."""
    path = tmp_path / "r.md"
    path.write_bytes(b"a" * size)
    real_fstat = os.fstat

    def earlier(descriptor: int) -> os.stat_result:  # the size before it grew
        found = list(real_fstat(descriptor))
        found[stat.ST_SIZE] = 3
        return os.stat_result(found)

    monkeypatch.setattr(os, "fstat", earlier)
    if size <= MAX_BYTES:
        assert read_text(path) == "a" * size
    else:
        with pytest.raises(FileProblem, match="the file is 1.0 MB"):
            read_text(path)


def test_read_text_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblem) as caught:
        read_text(tmp_path / "gone.md")
    assert caught.value.message == "the file cannot be read (No such file or directory)"

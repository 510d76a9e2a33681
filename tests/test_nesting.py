"""Deeply nested YAML is refused with a message, never a crash (libyaml recurses per level)."""

import pytest

from disputes.records.frontmatter import FileProblem, parse_record_text


@pytest.mark.parametrize("depth", [40, 1_000, 300_000])
def test_flow_nesting_is_refused_not_crashing(depth: int) -> None:
    text = "---\nid: " + "[" * depth + "]" * depth + "\n---\n"
    with pytest.raises(FileProblem) as caught:
        parse_record_text(text)
    assert caught.value.line == 2
    assert "nested more than 32 levels deep" in caught.value.message


def test_block_nesting_is_refused() -> None:
    levels = 1_400
    text = "".join(" " * i + "a:\n" for i in range(levels)) + " " * levels + "b: 1\n"
    with pytest.raises(FileProblem) as caught:
        parse_record_text("---\n" + text + "---\n")
    assert "nested more than 32 levels deep" in caught.value.message


def test_ordinary_nesting_is_fine() -> None:
    parsed = parse_record_text("---\na: {b: [1, {c: [2]}]}\n---\nbody\n")
    assert parsed.data == {"a": {"b": [1, {"c": [2]}]}}

"""Safe YAML: plain data, a line for every key path, dates as text, no aliases, no tags."""

from __future__ import annotations

import os

import pytest

from disputes.records.yamlsafe import YamlProblem, load_yaml

NESTED = """\
id: PD-2026-0007
child:
  reference: C-1
stages:
  - stage: 1
    started: 2026-03-02
  - stage: 3
    challenger_manager: {name: Ann Lee,
      agency: Kent Police}
    panel:
      - A
      - B
"""


def test_line_map_of_nested_keys_and_list_items() -> None:
    data, lines = load_yaml(NESTED)
    assert data["stages"][1]["panel"] == ["A", "B"]
    assert lines[()] == 1
    assert lines[("id",)] == 1
    assert lines[("child",)] == 2
    assert lines[("child", "reference")] == 3
    assert lines[("stages",)] == 4
    assert lines[("stages", 0)] == 5
    assert lines[("stages", 0, "stage")] == 5
    assert lines[("stages", 0, "started")] == 6
    assert lines[("stages", 1)] == 7
    assert lines[("stages", 1, "challenger_manager")] == 8
    assert lines[("stages", 1, "challenger_manager", "name")] == 8
    assert lines[("stages", 1, "challenger_manager", "agency")] == 9
    assert lines[("stages", 1, "panel")] == 10
    assert lines[("stages", 1, "panel", 0)] == 11
    assert lines[("stages", 1, "panel", 1)] == 12


def test_every_path_in_the_data_has_a_line() -> None:
    data, lines = load_yaml(NESTED)

    def paths(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
        found = [path]
        if isinstance(value, dict):
            for key, item in value.items():
                found += paths(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found += paths(item, (*path, index))
        return found

    assert set(paths(data)) == set(lines)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-02",
        "'2026-03-02'",
        '"2026-03-02"',
        "2026-02-30",
        "2026-03-05T09:30:00+00:00",
        "2026-03-05 09:30:00+01:00",
        "2026-03-05T09:30:00Z",
    ],
)
def test_dates_stay_text(text: str) -> None:
    data, _ = load_yaml(f"opened: {text}\n")
    assert data == {"opened": text.strip("'\"")}


def test_plain_scalars_keep_their_types() -> None:
    data, _ = load_yaml("a: 1\nb: true\nc: false\nd: null\ne: 1.5\nf: text\ng: ''\nh:\n")
    assert data == {
        "a": 1,
        "b": True,
        "c": False,
        "d": None,
        "e": 1.5,
        "f": "text",
        "g": "",
        "h": None,
    }


def test_explicit_str_tag_is_allowed() -> None:
    assert load_yaml("reference: !!str 104233\n")[0] == {"reference": "104233"}


def test_empty_document() -> None:
    assert load_yaml("") == (None, {})
    assert load_yaml("# only a comment\n") == (None, {})


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x [1]\nb: [*x]\n",
    ],
)
def test_aliases_are_refused(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert caught.value.message == (
        "YAML anchors and aliases (& and *) are not allowed in a record; "
        "write each value out in full"
    )


def test_merge_keys_are_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml("a: &x {k: 1}\nb:\n  <<: *x\n")
    assert caught.value.line == 3


def test_an_anchor_never_used_is_harmless() -> None:
    assert load_yaml("a: &x 1\nb: 2\n")[0] == {"a": 1, "b": 2}


def test_billion_laughs_is_refused() -> None:
    levels = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]
    with pytest.raises(YamlProblem) as caught:  # refused at the first alias, never expanded
        load_yaml("\n".join(levels) + "\n")
    assert "anchors and aliases" in caught.value.message


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('t: !!python/object/apply:os.system ["touch PWNED"]\n', "python/object/apply:os.system"),
        ("t: !!python/name:os.system ''\n", "python/name:os.system"),
        ("t: !!binary aGVsbG8=\n", "binary"),
        ("t: !!set {a, b}\n", "set"),
        ("t: !!timestamp 2026-03-02\n", "timestamp"),
        ("t: !!omap [a: 1]\n", "omap"),
        ("t: !custom value\n", "!custom"),
    ],
)
def test_tags_are_refused_without_being_constructed(
    text: str, tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert calls == []
    assert caught.value.line == 1 and caught.value.path == ("t",)
    assert tag in caught.value.message
    assert caught.value.message.endswith(
        "is not allowed in a record; remove it and write the value as plain text, "
        "a number, true/false, a list or a mapping"
    )


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, ("a",)),
        ("child:\n  reference: C-1\n  reference: C-2\n", 3, ("child", "reference")),
        ("s:\n  - {stage: 1, stage: 2}\n", 2, ("s", 0, "stage")),
    ],
)
def test_duplicate_keys_are_refused(text: str, line: int, path: tuple[str | int, ...]) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert (caught.value.line, caught.value.path) == (line, path)
    assert caught.value.message == f"the field '{path[-1]}' appears twice; keep one of them"


def test_a_key_that_is_a_list_is_refused() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml("? [a, b]\n: 1\n")
    assert caught.value.message == "a field name must be plain text"


def test_number_keys_become_text() -> None:
    assert load_yaml("1: one\n")[0] == {"1": "one"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a: b\n", 1),
        ("a: 1\nb: [1, 2\n", 3),
        ("a: 1\n  b: 2\n", 2),
        ("a: 'unclosed\n", 2),
    ],
)
def test_malformed_yaml_names_the_line(text: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert caught.value.message.startswith("the front matter is not valid YAML: ")
    assert caught.value.message.endswith(
        "Check the indentation and that text containing ': ' or '#' is in quotes"
    )


@pytest.mark.parametrize("before", ["1", "[" * 130 + "]" * 130, "Zoë Côté 👍 " * 20])
def test_control_characters_are_one_plain_line(before: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(f"a: {before}\nb: pasted\x0btext\nc: 1\n")
    assert caught.value.line == 2
    assert caught.value.path == (() if "[" in before else ("b",))  # too deep: no field
    assert caught.value.message == (
        "the text contains an invisible control character, U+000B (VERTICAL TAB), often left "
        "by copying from a word processor; delete it or retype the text around it"
    )

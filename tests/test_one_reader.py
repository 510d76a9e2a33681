"""Issue 20: one front matter reader for validate, the edits, the history and the gate.

Four readers of "where the front matter ends" had drifted: the edits' one split lines on
U+2028 (`str.splitlines`) and took '...' as the closing line, which the others refuse; the
history's took a '---' with a non-breaking space as no closing line at all. Now
`records.frontmatter.split_front` is the only one: each edge case below is fed to every
reader, and they agree, field for field, or refuse it in the same words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import CLERK, RECORD, SCHEMA, GitRepo, as_identity, fixture_record

from disputes.cli import main
from disputes.edit.roundtrip import split_record
from disputes.history.safety import version_problem
from disputes.history.versions import split_sections
from disputes.records.config import load_schema
from disputes.records.find import EditError
from disputes.records.frontmatter import DOTS_CLOSING, ODD_BREAK, FileProblem, parse_record_text
from disputes.records.snapshot import validate_sources

TODAY = date(2026, 4, 1)
ID = "PD-2026-0007"


def closing(text: str, line: str) -> str:
    """`text` with the line closing its front matter replaced by `line`."""
    front, body = text.split("\n---\n", 1)
    return f"{front}\n{line}\n{body}"


CASES = {
    "u2028-in-a-line": (
        lambda t: t.replace("\ntitle: ", "\ntitle: A\u2028status: x ", 1),
        ODD_BREAK,
    ),
    "dots-closing": (lambda t: closing(t, "..."), DOTS_CLOSING),
    "nbsp-after-closing": (lambda t: closing(t, "---\u00a0"), ODD_BREAK),
    "cr-only": (lambda t: t.replace("\n", "\r"), None),
    "crlf": (lambda t: t.replace("\n", "\r\n"), None),
    "bom": (lambda t: "\ufeff" + t, None),
    "bom-crlf-spaced-markers": (
        lambda t: "\ufeff---  " + closing(t, "--- \t")[3:].replace("\n", "\r\n"),
        None,
    ),
}


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(("make", "refused"), CASES.values(), ids=CASES.keys())
def test_validate_edit_history_and_gate_agree(make, refused: str | None) -> None:  # type: ignore[no-untyped-def]
    text = make(fixture_record())
    gate = validate_sources({RECORD: text}, load_schema(SCHEMA.parent), [], today=TODAY)
    gate_errors = [i.message for i in gate.errors]
    sections, history_body = split_sections(text)
    if refused is not None:
        with pytest.raises(FileProblem) as validate_says:
            parse_record_text(text)
        assert validate_says.value.message == refused
        with pytest.raises(EditError) as edit_says:  # before: the edit read on
            split_record(text)
        assert refused in str(edit_says.value)
        assert version_problem(text) == refused  # before: the history read on
        assert sections == {}
        assert gate_errors == [refused]
        return
    parsed = parse_record_text(text)
    cut = split_record(text)
    assert version_problem(text) is None and gate_errors == []
    # The same fields, every one of them, and the same body.
    assert "\n".join(sections.values()) + "\n" == cut.yaml_text
    assert parse_record_text("---\n" + cut.yaml_text + "---\n").data == parsed.data
    assert lf(cut.body) == lf(parsed.body) == history_body
    assert gate.records[0].title == parsed.data["title"]


@pytest.mark.parametrize("case", ["u2028-in-a-line", "dots-closing", "nbsp-after-closing"])
@pytest.mark.usefixtures("isolated_git")
def test_an_edit_and_the_audit_refuse_what_validate_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    make, refused = CASES[case]
    repo = GitRepo(tmp_path / "register")
    repo.write(RECORD, fixture_record())
    repo.commit("Open PD-2026-0007", when="2026-03-06T09:00:00Z")
    repo.write(RECORD, make(fixture_record()))
    repo.commit("An odd version", when="2026-03-07T09:00:00Z")
    as_identity(monkeypatch, CLERK, "2026-03-30T09:00:00Z")
    before = repo.read(RECORD)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--root", str(repo.path)])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result.exit_code, result.output

    code, output = run(
        "note", ID, "Managers spoke.", "--date", "2026-03-08", "--as-of", "2026-04-01"
    )
    assert code == 1, output
    assert refused[:60] in " ".join(output.split()), output
    assert repo.read(RECORD) == before  # nothing written
    code, output = run("audit", ID)
    assert code == 0, output
    assert refused[:60] in " ".join(output.split()), output  # reported, in validate's words

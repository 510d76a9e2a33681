"""The validator, the gate and the history read a record's front matter alike (attacks).

Lines end at LF, CRLF or CR for `validate` and the history's readers alike; YAML also breaks
lines at Unicode line separators, and `str.splitlines` at more. A record that used such a
difference would show one set of fields to `validate` and `check` and another to the audit
trail, so it is refused; marker lines and line ends `validate` allows are read alike.
Real git repositories, the real command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import RECORD, GitRepo, open_on_main

from disputes.cli import main

AS_OF = "2026-04-01"
pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: PD-2026-0007 open at stage 3; branch `pr` made."""
    return open_on_main(tmp_path / "register")


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception  # never a traceback
    return result.exit_code, result.output


def with_closing(text: str, closing: str) -> str:
    """`text` with the line closing its front matter replaced by `closing` (no newline)."""
    front, body = text.split("\n---\n", 1)
    return f"{front}\n{closing}{body}"


ODD = {
    "nbsp": lambda t: with_closing(t, "---\u00a0\n"),
    "form-feed": lambda t: with_closing(t, "---\x0c\n"),
    "line-separator": lambda t: with_closing(t, "---\u2028"),
    "next-line": lambda t: with_closing(t, "---\x85"),
    "separator-in-a-field": lambda t: t.replace("\ntitle: ", "\ntitle: A\u2028status: x\n  ", 1),
}


@pytest.mark.parametrize("make", ODD.values(), ids=ODD.keys())
def test_line_ends_only_yaml_sees_are_refused_by_validate_and_check(repo: GitRepo, make) -> None:  # type: ignore[no-untyped-def]
    repo.write(RECORD, make(repo.read(RECORD)))
    code, output = run(["validate", "--root", str(repo.path), "--as-of", AS_OF])
    assert code == 1, output
    assert RECORD in output and "Unicode line or paragraph separator" in output
    assert "ordinary line endings" in output  # the fix
    repo.commit("Odd line ends")
    code, output = run(["check", "--base", "main", "--format", "json", "--root", str(repo.path)])
    assert code == 1, output
    issues = json.loads(output)
    assert any(
        i["file"] == RECORD and "Unicode line or paragraph separator" in i["message"]
        for i in issues
    ), issues


ALLOWED = {
    "spaced-markers": lambda t: "---  " + with_closing(t, "--- \t\n")[3:],
    "cr-only": lambda t: t.replace("\n", "\r"),
    "crlf": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("make", ALLOWED.values(), ids=ALLOWED.keys())
def test_what_validate_allows_the_audit_reads_alike(repo: GitRepo, make) -> None:  # type: ignore[no-untyped-def]
    """Trailing spaces on the marker lines (invisible in an editor) and old line endings are
    allowed by `validate`; the audit must still see the fields, not only "body changed"."""
    repo.write(RECORD, make(repo.read(RECORD)).replace("Threshold for", "Threshold of"))
    code, output = run(["validate", "--root", str(repo.path), "--as-of", AS_OF])
    assert code == 0, output
    repo.commit("Retitle with spaced markers")
    code, output = run(["audit", "PD-2026-0007", "--root", str(repo.path)])
    assert code == 0, output
    assert (
        "- title Threshold for a child in need assessment → Threshold of a child in need assessment"
    ) in output  # not "body text changed": the fields were read

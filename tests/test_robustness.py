"""Whatever a record file holds, loading and validating give Issues, never a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import REPO_ROOT, valid_record_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disputes.records.frontmatter import FileProblem, parse_record_text
from disputes.records.issue_formats import issue_line
from disputes.records.model import Issue
from disputes.records.validate import validate_text

TODAY = date(2026, 11, 22)
FILE = "records/2026/PD-2026-0007.md"
LINES = valid_record_text().splitlines(keepends=True)
FRONT = LINES.index("---\n", 1)  # the closing line of the front matter
YAMLISH = st.text(alphabet=st.sampled_from(list("ab1-:#'\"[]{}&*!|>?,. \n\t\\%@`\x0b\ufeffé")))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_record_or_a_file_problem(text: str) -> None:
    try:
        parse_record_text(text)
    except FileProblem as problem:
        assert problem.line >= 1 and "\n" not in problem.message


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_front_matter_is_a_record_or_a_file_problem(yaml_text: str) -> None:
    try:
        parse_record_text(f"---\n{yaml_text}\n---\n")
    except FileProblem as problem:
        assert 1 <= problem.line <= yaml_text.count("\n") + 3
        assert "\n" not in problem.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=1, max_value=FRONT - 1),
    st.one_of(YAMLISH, st.sampled_from(["", "0000-01-01", "2026-02-29", "9999-12-31", "99", "-1", "[]", "{}", "null", "~", "true", "1.5", "1e9"])),
)  # fmt: skip
def test_any_value_on_any_line_gives_issues_not_a_crash(index: int, value: str) -> None:
    lines = list(LINES)
    key, colon, _ = lines[index].partition(":")
    lines[index] = f"{key}{colon} {value}\n" if colon else f"{value}\n"
    text = "".join(lines)
    issues = validate_text(text, FILE, Path(REPO_ROOT), today=TODAY)
    assert all(isinstance(i, Issue) and 1 <= i.line <= len(lines) + 1 for i in issues)
    assert all("\n" not in issue_line(i) for i in issues)  # one line per problem


def test_a_long_value_is_quoted_on_one_line_and_cut_short() -> None:
    text = valid_record_text().replace(
        "reference: C-104233", "reference: 'C 1\n\n  " + "x" * 300 + "'"
    )
    (issue,) = validate_text(text, FILE, Path(REPO_ROOT), today=TODAY)
    assert issue.message.startswith("'C 1 " + "x" * 53 + "...' is not in the expected form (")

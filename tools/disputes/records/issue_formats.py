"""Issues as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from disputes.records.model import Issue
from disputes.records.text import for_terminal

LABELS = {"error": "", "warning": "warning: ", "review": "needs an administrator's review: "}


def issue_line(issue: Issue) -> str:
    """`FILE:LINE: KEY.PATH: message`, with `warning:` before a warning's message (and
    `needs an administrator's review:` before a review's)."""
    where = f"{issue.file}:{issue.line}: " + (f"{issue.path}: " if issue.path else "")
    message = " ".join(issue.message.splitlines())  # a quoted value may hold a line break
    return for_terminal(where + LABELS[issue.severity] + message)


def issues_text(issues: Sequence[Issue], checked: int) -> str:
    """One line per issue, then a summary a manager can read."""
    lines = [issue_line(i) for i in issues]
    lines.append(summary(issues, checked))
    return "\n".join(lines) + "\n"


def summary(issues: Sequence[Issue], checked: int) -> str:
    """'3 errors and 1 warning in 2 files (12 records checked).' or all clear."""
    errors = sum(1 for i in issues if i.severity == "error")
    reviews = sum(1 for i in issues if i.severity == "review")
    warnings = len(issues) - errors - reviews
    if not issues:
        return f"{_plural(checked, 'record')} checked: no problems found."
    files = len({i.file for i in issues})
    parts = [_plural(errors, "error")] if errors else []
    parts += [_plural(warnings, "warning")] if warnings else []
    parts += [f"{_plural(reviews, 'change')} for an administrator to review"] if reviews else []
    return f"{' and '.join(parts)} in {_plural(files, 'file')} ({_plural(checked, 'record file')} checked)."


def not_counted_line(count: int, day: date | None) -> str:
    """'3 records opened after 2026-01-31 are not counted as of that day.'"""
    verb = "is" if count == 1 else "are"
    return f"{_plural(count, 'record')} opened after {day} {verb} not counted as of that day."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def issues_json(issues: Sequence[Issue], checked: int) -> str:
    """A JSON list of {file, line, path, message, severity}."""
    return json.dumps([i.as_dict() for i in issues], indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def issues_github(issues: Sequence[Issue], checked: int) -> str:
    """GitHub Actions workflow commands, so problems show on the changed lines (a change for
    an administrator's review as a `::warning` titled so: it shows on the file, never fails)."""
    lines = []
    for issue in issues:
        review = issue.severity == "review"
        title = _escape_property(
            "needs an administrator's review" if review else issue.path or "record"
        )
        lines.append(
            f"::{'warning' if review else issue.severity} file={_escape_property(issue.file)},line={issue.line},"
            f"title={title}::{_escape_data(issue.message)}"
        )
    lines.append(summary(issues, checked))
    return "\n".join(lines) + "\n"


ISSUE_RENDERERS: dict[str, Callable[[Sequence[Issue], int], str]] = {
    "text": issues_text,
    "json": issues_json,
    "github": issues_github,
}

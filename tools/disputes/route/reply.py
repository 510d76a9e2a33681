"""What the step's command said, turned into the answer on the request: what was done, or
each answer to correct (which question, what is wrong, how to fix it), in plain English.

The command's own messages are kept word for word; only where they name an option or a
field of the record is that replaced by the question of the form that answers it.
"""

from __future__ import annotations

import re

from disputes.records.text import for_terminal
from disputes.route.answers import Problem
from disputes.route.questions import Step

ISSUE_LINE = re.compile(r"^[^\s:]+:\d+: (?:([A-Za-z0-9_.\[\]]+): )?(.*)$")
OPTION = re.compile(r"--[a-z][a-z-]*")
NEEDED = re.compile(r"^--[a-z-]+ is needed \(")
INVALID = re.compile(r"^Invalid value for '--[a-z-]+': ")
COMMIT_HINT = re.compile(r"Commit it: git commit -am '(.+)'$", re.M)
DROPPED = ("Usage:", "Try '", "Aborted", "Your edit is kept")
HOW = (
    "Correct the answers above by editing this request (the **...** menu of its first "
    "comment, then **Edit**): it is checked again when you save it. Nothing was changed."
)
MOST = 400  # characters of one message shown
ELSEWHERE = (
    " (if this form does not ask for it, add it first with the record's 'Amend a record' "
    "form, then send this request again)"
)


def question_for_path(step: Step, path: str) -> str | None:
    """The label of the question that answers a record's field (`stages[2].decision`)."""
    parts = [p for p in re.split(r"[.\[\]]+", path) if p and not p.isdigit()]
    for key in ("_".join(parts[-2:]), parts[-1] if parts else ""):
        question = step.question(key) if key else None
        if question is not None:
            return question.label
    return None


def question_for_words(step: Step, words: str) -> str | None:
    """The label of the question whose option a message names."""
    for option in OPTION.findall(words):
        question = step.question(option)
        if question is not None:
            return question.label
    return None


def problems_from_output(step: Step, stderr: str) -> list[Problem]:
    """Each problem the command reported, under its question where one answers it."""
    problems = []
    for raw in stderr.splitlines():
        line = raw.strip()
        if not line or line.startswith(DROPPED) or line.startswith("warning:"):
            continue
        if line.endswith("(see above)."):
            continue  # "was not changed": the answer says so once
        line = line.removeprefix("Error: ")
        found = ISSUE_LINE.match(line)
        if found:
            path, message = found.groups()
            label = question_for_path(step, path) if path else None
            problems.append(
                Problem(
                    label,
                    message if label else f"the record would not be valid: {message}{ELSEWHERE}",
                )
            )
        else:
            label = question_for_words(step, line)
            problems.append(Problem(label, _without_option(line) if label else line))
    return problems


def _without_option(message: str) -> str:
    """A command's message about one of its options, said of the question that answers it."""
    if NEEDED.match(message):
        return "needs an answer for this step"
    return INVALID.sub("", message)


def notes_from_output(stderr: str) -> list[str]:
    """Warnings the command gave on a change it made (worth knowing, nothing to correct)."""
    return [
        line.split("warning: ", 1)[1]
        for line in stderr.splitlines()
        if "warning: " in line and not line.startswith("Error:")
    ]


def commit_message(stdout: str) -> str | None:
    """The commit the command tells its user to make, as its message."""
    found = COMMIT_HINT.search(stdout)
    return found.group(1) + "\n" if found else None


def markdown_text(text: str) -> str:
    """Text from a request or a command shown in Markdown as plain words: no link, mention,
    markup or control character, and no more than MOST characters."""
    text = " ".join(for_terminal(text).split())
    text = text if len(text) <= MOST else text[: MOST - 1] + "…"
    text = re.sub(r"([\\`*_{}\[\]<>()#+!|~])", r"\\\1", text)
    return text.replace("@", "&#64;").replace("http", "h&#116;tp")


def refused_text(problems: list[Problem]) -> str:
    """The answer to a refused request."""
    lines = ["**Some answers need correcting before this request can be made.**", ""]
    for problem in problems:
        what = markdown_text(problem.message)
        lines.append(f"- **{markdown_text(problem.question)}**: {what}" if problem.question
                     else f"- {what}")  # fmt: skip
    return "\n".join([*lines, "", HOW]) + "\n"


def done_text(summary: str, branch: str | None, notes: list[str]) -> str:
    """The answer to a request that was made."""
    lines = [f"**Done: {markdown_text(summary)}.**", ""]
    if branch:
        lines.append(
            f"The change is on the branch `{branch}`, in a pull request linked below; the "
            "register's check runs on it, and the business unit merges it into the register."
        )
    for note in notes:
        lines.append(f"- Worth knowing: {markdown_text(note)}")
    return "\n".join(lines) + "\n"

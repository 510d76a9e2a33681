"""An answered form read back: the issue's text (`### Question` then the answer, as the
hosting site lays out an issue form) into the step and the command's options.

Only what a question of the step names is read; every answer goes to the command as one
`--option=value` word, and the command's arguments after `--`, so no answer can become an
option, a path or a second command. The command itself checks each answer, as on the
command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from disputes.records.text import UNSAFE, unsafe_message
from disputes.route.questions import CHOICE, CONFIRM, NO, TEXT, YES, YES_NO, Question, Step
from disputes.route.steps import STEPS

MOST = 65_536  # characters: the hosting site's own limit on an issue's text
BLANK = "_No response_"
TICKED = re.compile(r"^- \[[xX]\] ", re.M)


@dataclass(frozen=True)
class Problem:
    """An answer to correct: which question (None: the form as a whole) and what is wrong."""

    question: str | None
    message: str


@dataclass
class Answers:
    """A form's answers: the step, the command's words, and what must be corrected first."""

    step: Step | None
    values: dict[str, str] = field(default_factory=dict)  # question id -> answer as typed
    problems: list[Problem] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        """The record the step is about ('' for a new record)."""
        return self.values.get("id", "")


def _sections(body: str, labels: set[str]) -> tuple[dict[str, str], list[str]]:
    """Each known heading's text; headings answered twice."""
    found: dict[str, list[str]] = {}
    twice: list[str] = []
    current: list[str] | None = None
    for line in body.splitlines():
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in labels:
            if heading in found:
                twice.append(heading)
            current = found.setdefault(heading, [])
        elif current is not None:
            current.append(line)
    return {label: "\n".join(lines).strip() for label, lines in found.items()}, twice


def find_step(body: str) -> Step | None:
    """The step whose form this text answers: the one whose first question heads a section."""
    headings = {line[4:].strip() for line in body.splitlines() if line.startswith("### ")}
    matches = [step for step in STEPS.values() if step.questions[0].label in headings]
    return matches[0] if len(matches) == 1 else None


def read_answers(body: str) -> Answers:
    """The step and answers of a form's text, with every problem found in the answers."""
    if len(body) > MOST:
        return Answers(None, problems=[Problem(None, (
            f"the request is {len(body):,} characters long, more than the {MOST:,} a form's "
            "answers can be; shorten the longest answers (details go in the record's text)"))])  # fmt: skip
    step = find_step(body)
    if step is None:
        return Answers(None, problems=[Problem(None, (
            "this request does not answer one of the register's forms; open the form for the "
            "step from the record's page (or 'New issue') and answer it there"))])  # fmt: skip
    sections, twice = _sections(body, {q.label for q in step.questions})
    answers = Answers(step)
    for label in twice:
        answers.problems.append(Problem(label, "is answered twice; keep one answer"))
    for question in step.questions:
        text = sections.get(question.label, "")
        answer = "" if text == BLANK else text
        if question.kind == CONFIRM:
            answer = "yes" if TICKED.search(text) else ""
        problem = _problem(question, answer)
        if problem:
            answers.problems.append(Problem(question.label, problem))
        elif answer:
            answers.values[question.id] = answer
    return answers


def _problem(question: Question, answer: str) -> str:
    unsafe = UNSAFE.search(answer)
    if unsafe:  # the record's own rule, said before the answer could reach the command
        return unsafe_message(unsafe.group())
    if not answer:
        if question.kind == CONFIRM:
            return "needs its box ticked: " + question.help
        return "needs an answer" if question.required else ""
    if question.kind == YES_NO and answer not in (YES, NO):
        return f"answer {YES} or {NO}"
    if question.kind == CHOICE:
        wrong = [c for c in _items(question, answer) if c not in question.choices]
        if wrong:
            return f"'{wrong[0]}' is not one of the choices ({', '.join(question.choices)})"
    if question.kind != TEXT and "\n" in answer:
        return "takes a one-line answer"
    return ""


def _items(question: Question, answer: str) -> list[str]:
    """A question's answers: one a line (text), or the choices separated by commas."""
    if not question.many:
        return [answer]
    parts = answer.splitlines() if question.kind == TEXT else answer.split(",")
    return [p.strip() for p in parts if p.strip()]


def command_words(answers: Answers) -> tuple[list[str], list[str]]:
    """The step's options (`--option=value`, one word each) and its arguments, in order."""
    assert answers.step is not None
    options: list[str] = []
    arguments: list[str] = []
    for question in answers.step.questions:
        answer = answers.values.get(question.id, "")
        if not answer or question.kind == CONFIRM:
            continue
        if question.argument:
            arguments.append(answer)
        elif question.kind == YES_NO:
            options.append(question.option if answer == YES else question.no_option)
        else:
            options += [f"{question.option}={item}" for item in _items(question, answer)]
    return options, arguments


def issue_text(step: Step, values: dict[str, str]) -> str:
    """A form's answers laid out as the hosting site lays out an issue (the download form's
    layout, which `disputes request --file` reads)."""
    parts = []
    for question in step.questions:
        answer = values.get(question.id, "")
        if question.kind == CONFIRM:
            answer = f"- [{'X' if answer else ' '}] {question.help}"
        parts.append(f"### {question.label}\n\n{answer or BLANK}")
    return "\n\n".join(parts) + "\n"

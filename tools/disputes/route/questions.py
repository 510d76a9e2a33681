"""A form's questions: one definition each, from which the issue forms, the site's download
form and the reading of an answered form are all made.

A question's `id` is the command's option (`date` is `--date`), so a link can fill it in
(`?template=escalate.yml&id=PD-2026-0007`) and an answer becomes that option.
"""

from __future__ import annotations

from dataclasses import dataclass

INPUT = "input"  # one line
TEXT = "textarea"  # several lines
CHOICE = "dropdown"  # one of `choices` (or several, with `many`)
YES_NO = "yes-no"  # a dropdown of Yes and No: --ID or --no-ID
CONFIRM = "checkboxes"  # one box the person must tick; not passed to the command

YES, NO = "Yes", "No"


@dataclass(frozen=True)
class Question:
    """One question of a step's form."""

    id: str
    label: str
    kind: str = INPUT
    help: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    many: bool = False  # several answers: one a line (text) or several choices
    argument: bool = False  # the command's argument (the record's id, a note's text)
    negative: str = ""  # YES_NO: the option that says No (default --no-ID)
    option_name: str = ""  # the option, when it is not --ID (e.g. --category)
    field: str = ""  # the record's field it fills, when it is not ID (e.g. panel)

    @property
    def option(self) -> str:
        """The command's option this question answers (`--challenger-manager-email`)."""
        return self.option_name or "--" + self.id.replace("_", "-")

    @property
    def no_option(self) -> str:
        """For a yes-or-no question, the option that says No."""
        return self.negative or "--no-" + self.id.replace("_", "-")


@dataclass(frozen=True)
class Step:
    """One step: its command, its form's name and its questions, in the form's order."""

    name: str  # the command, and the form's file name (`<name>.yml`)
    title: str  # the form's name on the hosting site
    about: str  # one sentence under the name
    questions: tuple[Question, ...]
    needs_record: bool = True  # the step changes a record named by its id (`raise` makes one)
    command: str = ""  # the `disputes` command, when it is not `name`
    intro: str = ""  # a paragraph at the top of the form

    @property
    def run(self) -> str:
        """The `disputes` command the step runs."""
        return self.command or self.name

    def question(self, key: str) -> Question | None:
        """The question with this id or option, or None."""
        for question in self.questions:
            if key in (question.id, question.option, question.no_option, question.field):
                return question
        return None


def record_id(verb: str) -> Question:
    """The first question of a step on a record: which record (filled in from its page)."""
    return Question(
        "id",
        f"Id of the record to {verb}",
        help="For example PD-2026-0007. The link on the record's page fills it in.",
        required=True,
        argument=True,
    )


def day(label: str, help: str = "", required: bool = False) -> Question:
    """A date question (--date)."""
    return Question(
        "date", label, help=(help + " Write it as YYYY-MM-DD.").strip(), required=required
    )


def person(
    role: str, words: str, *, agency: bool = True, email: bool = True
) -> tuple[Question, ...]:
    """A person's name, job title and, where asked, agency and work email."""
    parts = [("name", "name"), ("designation", "job title")]
    parts += [("agency", "agency")] if agency else []
    parts += [("email", "work email")] if email else []
    return tuple(Question(f"{role}_{part}", f"The {words}'s {what}") for part, what in parts)


NO_NAMES = Question(
    "no_names",
    "Before you send",
    CONFIRM,
    "I have not written a child's or a family member's name anywhere in this form.",
    required=True,
)

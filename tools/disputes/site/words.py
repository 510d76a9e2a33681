"""Plain words for the codes records use, so no page shows `need-for-action` to a reader."""

from __future__ import annotations

from collections.abc import Iterable

WORDS = {
    # categories
    "levels-of-need": "Levels of need",
    "roles-and-responsibilities": "Roles and responsibilities",
    "need-for-action": "Need for action",
    "communication": "Communication",
    # outcomes
    "decision-changed": "Decision changed",
    "decision-upheld": "Decision upheld",
    "further-assessment": "Further assessment agreed",
    # levels of need
    "early-help": "Early help",
    "child-in-need": "Child in need",
    "child-protection": "Child protection",
    "looked-after": "Looked after",
    # statuses, roles and timescale outcomes
    "open": "Open",
    "resolved": "Resolved",
    "withdrawn": "Withdrawn",
    "challenger_manager": "Challenging agency's manager",
    "challenged_manager": "Challenged agency's manager",
    "met": "Met",
    "breached": "Breached",
    "pending": "Pending",
    "overdue": "Overdue",
    "other": "Other",
    "not-recorded": "Not recorded",
}
NOT_YET = "Not yet recorded"


def word(code: str | None) -> str:
    """A code in plain words; an unknown code is shown with its dashes as spaces."""
    if not code:
        return NOT_YET
    return WORDS.get(code, code.replace("-", " ").replace("_", " ").capitalize())


def words(codes: Iterable[str]) -> str:
    """Several codes in plain words, comma separated."""
    return ", ".join(word(c) for c in codes) or NOT_YET

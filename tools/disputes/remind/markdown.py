"""What waits for whom as Markdown: the body of one issue kept up to date, or a pull
request's comment. Each person with a hosting-site account is mentioned (@login), so the
site tells them; everyone else is named by role and agency only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from disputes.history.signoffs import ROLE_WORDS
from disputes.remind.waiting import Waiting

MARKER = "<!-- disputes remind -->"  # the workflow finds its own issue or comment by it
UNLISTED = "No hosting-site account listed"


INTRO = (
    "What waits for whom, with record ids and deadlines only (a deadline is shown from one "
    "working day before it, as the policy's calendar counts working days)."
)
PULL_REQUEST = "This pull request asks something of the other manager:"


def waiting_markdown(found: Iterable[Waiting], today: date, *, intro: str = INTRO) -> str:
    """The Markdown: one section per person, then those with no account listed. It names
    no day of its own, so it changes only when what waits changes."""
    found = sorted(found)
    lines = [MARKER, intro, ""]
    if not found:
        return "\n".join([*lines, "Nothing waits for anyone.", ""])
    accounts = sorted({w.account for w in found if w.account}, key=str.casefold)
    for account in accounts:
        lines += [f"### @{account}", ""]
        lines += [f"- {_line(w, today)}" for w in found if w.account == account]
        lines.append("")
    rest = [w for w in found if not w.account]
    if rest:
        lines += [
            f"### {UNLISTED}",
            "",
            "The administrator adds each manager's account to `schema/accounts.yml`, so "
            "that the hosting site tells them.",
            "",
        ]
        lines += [f"- {_line(w, today, who=True)}" for w in rest]
        lines.append("")
    return "\n".join(lines)


def _line(item: Waiting, today: date, *, who: bool = False) -> str:
    """One thing waiting, in words: id, what, role, date; `who`: the role and agency first."""
    role = ROLE_WORDS.get(item.role, item.role)
    person = f"the {role} ({item.agency}): " if who else ""
    if item.what == "concern":
        what = f"a concern was raised with the {role} at stage 3 and waits for their answer"
    elif item.what == "sign-off":
        what = f"the {role}'s sign-off is awaited (resolved at stage {item.stage})"
    elif item.what == "raise":
        what = f"stage 3: raise the concern with the other agency's manager; {_due(item, today)}"
    else:
        what = f"stage {item.stage}: resolve or escalate; {_due(item, today)}"
    return f"**{item.record_id}**: {person}{what}"


def _due(item: Waiting, today: date) -> str:
    due = item.due.isoformat() if item.due else "?"
    if item.overdue:
        return f"deadline {due} has passed"
    if item.due == today:
        return f"deadline {due} is today"
    return f"deadline {due}, within one working day"

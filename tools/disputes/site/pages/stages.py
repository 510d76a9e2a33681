"""Who handled each stage and what the referral and panel were, for the record page.

Kept apart from `sections.py` so the stage model's fields have one small renderer; what
an older record never held reads "not recorded". `who` (a person as text, with the email
only where the site shows emails) lives here so that both `sections.py`, which imports
this module, and `record.py` use the one rule.
"""

from __future__ import annotations

from disputes.records.model import Person, Record, Stage

NOT_RECORDED = "not recorded"


def who(person: Person | None, show_emails: bool) -> str:
    """A person as 'name, designation, agency' (and email only where the site shows them).

    Plain text: the page escapes it where it is written.
    """
    if person is None:
        return ""
    text = ", ".join(p for p in (person.name, person.designation, person.agency) if p)
    return text + (f" <{person.email}>" if show_emails and person.email else "")


def stage_people(record: Record, stage: Stage, show_emails: bool) -> list[tuple[str, str]]:
    """The people and facts of one stage, as (label, value); emails only if `show_emails`."""

    def _who(person: Person | None) -> str:
        return NOT_RECORDED if person is None else who(person, show_emails)

    rows: list[tuple[str, str]] = []
    if stage.stage == 1:
        rows += [("Worker", _who(record.challenger_worker)), ("Supervisor", _who(stage.supervisor)),
                 ("Aim", stage.aim or NOT_RECORDED)]  # fmt: skip
    if stage.stage == 2:
        rows += [("Challenging worker", _who(record.challenger_worker)),
                 ("Challenged worker", _who(record.challenged_worker))]  # fmt: skip
    if stage.stage >= 3 and (stage.stage < 5 or stage.challenger_manager):
        rows += [("Challenging agency's manager", _who(stage.challenger_manager)),
                 ("Challenged agency's manager", _who(stage.challenged_manager))]  # fmt: skip
    if stage.stage == 5:
        panel = "; ".join(_who(p) for p in stage.representatives) or ", ".join(stage.panel)
        rows += [
            ("Referred", stage.referred.isoformat() if stage.referred else NOT_RECORDED),
            ("Panel", panel or NOT_RECORDED),
            ("Representations received",
             {True: "yes", False: "no", None: NOT_RECORDED}[stage.representations_received]),
        ]  # fmt: skip
    return rows

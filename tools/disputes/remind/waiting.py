"""What waits for whom: the steps that need a named manager, and deadlines close or passed.

Read from the records as they stand, the policy's timescales and calendar, and the
history's sign-offs (judged as `verify` judges them). Each thing waiting carries only a
record's id, a fixed phrase, a role, an agency from the register's list and a date: never
a record's free text, a child's reference or a professional's name, so the list can be
posted where everyone with access to the hosting site reads it.

- **a concern raised**: a record open at stage 3 whose concern reached the other agency's
  manager (`raised`), waiting for that manager (the challenged manager);
- **a sign-off awaited**: a record resolved at stage 3 or later whose manager's sign-off
  does not count yet (`history.signoffs.judge`, the rules `verify` applies);
- **a deadline a working day away or passed**: the stage an open record is working to
  (`policy.timescales.next_deadline`), due on or before the next working day of the
  policy's calendar, for the managers who must act (stage 3: the challenger manager, who
  raises the concern; later stages: both managers of the dispute).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from disputes.history.log import History
from disputes.history.placement import Rules
from disputes.history.signoffs import ROLE_WORDS, judge, managers
from disputes.policy.calendars import add_working_days
from disputes.policy.settings import Policy
from disputes.policy.timescales import next_deadline
from disputes.records.accounts import Accounts
from disputes.records.frontmatter import Parsed
from disputes.records.model import Person, Record

CHALLENGER, CHALLENGED = "challenger_manager", "challenged_manager"
People = Mapping[str, tuple[str, str | None]]  # role -> (agency, account or None)


@dataclass(frozen=True, order=True)
class Waiting:
    """One thing waiting for one person: a record's id, what waits, and when it is due."""

    record_id: str
    what: str  # "concern", "sign-off", "raise" (stage 3's deadline) or "deadline"
    role: str  # challenger_manager or challenged_manager
    agency: str  # from the register's agency list, for someone with no account listed
    account: str | None = None  # the hosting-site account listed for the manager's email
    due: date | None = None  # the deadline (a deadline only)
    stage: int = 0
    overdue: bool = False


def waiting_for(
    records: Iterable[Record],
    parsed: Mapping[str, Parsed],
    policy: Policy,
    today: date,
    *,
    history: History | None,
    rules: Rules | None,
    accounts: Accounts,
) -> list[Waiting]:
    """Everything waiting for someone named in `records`, on `today` (sorted). Sign-offs
    are read only with a `history` (and the `rules` to judge them by)."""
    found: list[Waiting] = []
    for record in records:
        data = parsed[record.file].data if record.file in parsed else {}
        people = _people(record, data, accounts)
        found += _concern(record, accounts)
        found += _deadline(record, policy, today, people)
        if history is not None and rules is not None and record.file in parsed:
            found += _sign_offs(record, parsed[record.file], history, rules, people)
    return sorted(set(found))


def _people(record: Record, data: Mapping[str, Any], accounts: Accounts) -> People:
    """The dispute's two managers by role: (agency, account) of the managers who sign it
    (of a stage being worked to now, the latest stage that names managers)."""
    people: dict[str, tuple[str, str | None]] = {}  # as People, being filled
    for role, manager in managers(dict(data)).items():
        email, agency = str(manager.get("email") or ""), str(manager.get("agency") or "")
        people[role] = (agency or _agency(record, role), accounts.account_for(email) or None)
    return people


def _told(person: Person | None, role: str, record: Record, accounts: Accounts) -> Waiting:
    """A concern waiting for `person` (the manager named at the stage) in `role`."""
    agency = (person.agency if person else "") or _agency(record, role)
    account = accounts.account_for(person.email) if person and person.email else None
    return Waiting(record.id, "concern", role, agency, account, stage=3)


def _concern(record: Record, accounts: Accounts) -> list[Waiting]:
    """A concern raised with the other agency's manager at stage 3, waiting for them."""
    if record.status != "open" or not record.stages:
        return []
    last = record.stages[-1]
    if last.stage != 3 or last.raised is None or last.ended is not None:
        return []
    return [_told(last.challenged_manager, CHALLENGED, record, accounts)]


def _deadline(record: Record, policy: Policy, today: date, people: People) -> list[Waiting]:
    """The deadline an open record works to, when it is due by the next working day."""
    soon = add_working_days(today, 1, policy.bank_holidays)
    timescale = next_deadline(record, policy, today)
    if timescale is None or timescale.deadline is None:
        return []
    due = policy.local_day(timescale.deadline)
    if due > soon:
        return []
    rule = policy.timescale(timescale.stage)
    raising = rule is not None and rule.clock_stops == "raised"
    roles = [CHALLENGER] if raising else list(ROLE_WORDS)
    return [
        Waiting(
            record.id,
            "raise" if raising else "deadline",
            role,
            *people.get(role, (_agency(record, role), None)),
            due,
            timescale.stage,
            due < today,
        )
        for role in roles
    ]


def _sign_offs(
    record: Record,
    parsed: Parsed,
    history: History,
    rules: Rules,
    people: People,
) -> list[Waiting]:
    """Each manager whose sign-off of a record resolved at stage 3 or later is awaited."""
    _issues, chosen = judge(record.file, parsed, history, rules)
    return [
        Waiting(
            record.id,
            "sign-off",
            role,
            *people.get(role, (_agency(record, role), None)),
            stage=record.resolution.stage if record.resolution else 0,
        )
        for role, claim in chosen.items()
        if claim is None
    ]


def _agency(record: Record, role: str) -> str:
    return record.challenger_agency if role == CHALLENGER else record.challenged_agency

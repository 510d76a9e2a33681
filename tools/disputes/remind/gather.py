"""What waits for whom in a register: its records, policy, sign-offs and accounts read once.

The records are those `report` reads (valid, as they stand on the day); the sign-offs are
judged over the history at HEAD, as `verify` judges them. For a pull request (`base`), only
the records it changes count, only a concern raised or a sign-off awaited is told (the
daily list tells the deadlines), and the accounts are the base branch's: a pull request
that edits `schema/accounts.yml` cannot choose whom the check mentions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from disputes.history.log import read_history
from disputes.history.ops import changed_records, file_at, merge_base, resolve_rev
from disputes.history.signoffs import needs_sign_off
from disputes.history.standing import register_rules
from disputes.policy.calendars import is_working_day
from disputes.policy.settings import load_policy
from disputes.records.accounts import ACCOUNTS_FILE, Accounts, accounts_from_text, load_accounts
from disputes.remind.waiting import Waiting, waiting_for
from disputes.report.inputs import report_inputs


def what_waits(root: Path, today: date, *, base: str | None = None) -> list[Waiting]:
    """Everything waiting for someone in the register at `root` on `today` (see `waiting`);
    with `base`, what a pull request from there to HEAD asks of the other manager."""
    inputs = report_inputs(root, today)
    records, accounts = inputs.records, load_accounts(root)
    if base is not None:
        base_commit = resolve_rev(root, base)
        fork = merge_base(root, base_commit)
        changed = {c.path for c in changed_records(root, fork) if c.status != "D"}
        records = [r for r in records if r.file in changed]
        accounts = _accounts_at(root, base_commit, base)
    signing = [r for r in records if needs_sign_off(inputs.parsed[r.file].data)]
    history = read_history(root, remember=False) if signing else None
    try:
        found = waiting_for(
            records,
            inputs.parsed,
            inputs.policy,
            today,
            history=history,
            rules=register_rules(root, today),
            accounts=accounts,
        )
    finally:
        if history is not None:
            history.close()
    return [w for w in found if base is None or w.what in ("concern", "sign-off")]


def is_working_day_at(root: Path, today: date) -> bool:
    """Whether `today` is a working day in the register's policy (its bank holidays)."""
    return is_working_day(today, load_policy(root).bank_holidays)


def _accounts_at(root: Path, commit: str, name: str) -> Accounts:
    return accounts_from_text(file_at(root, commit, ACCOUNTS_FILE) or "", f"{name}:{ACCOUNTS_FILE}")

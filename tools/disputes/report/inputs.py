"""What `report` and `overdue` read: the valid records and the policy, with any problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from disputes.policy.settings import Policy, load_policy
from disputes.records.asof import register_as_of
from disputes.records.frontmatter import Parsed
from disputes.records.model import Issue, Record
from disputes.records.text import for_terminal
from disputes.records.validate import validate_register


@dataclass(frozen=True)
class ReportInputs:
    """Records fit to report on, the policy, and the files left out (with why)."""

    records: list[Record]
    policy: Policy
    left_out: dict[str, list[Issue]]
    parsed: dict[str, Parsed] = field(default_factory=dict)  # each file as read, by file


def report_inputs(root: Path, today: date, *, checked_on: date | None = None) -> ReportInputs:
    """Validate the register; keep the records with no errors, each as it stood on `today`.

    `today` may be a past day (`--as-of`): records opened after it are simply not
    counted (nor checked, nor left out) and stages after it not seen. Dates are checked
    against `checked_on` (the real today), as `validate --as-of` checks them.
    """
    register = validate_register(root, today=checked_on or today, as_of=today)
    left_out: dict[str, list[Issue]] = {}
    for issue in register.errors:
        left_out.setdefault(issue.file, []).append(issue)
    records = [r for r in register.records if r.file not in left_out]
    return ReportInputs(
        register_as_of(records, today), load_policy(root), left_out, register.parsed
    )


def left_out_warning(left_out: dict[str, list[Issue]]) -> str:
    """A plain warning that names the files the report leaves out."""
    count = len(left_out)
    files = ", ".join(sorted(left_out))
    return for_terminal(
        f"warning: {count} record file{'' if count == 1 else 's'} with errors "
        f"{'is' if count == 1 else 'are'} left out of these figures: {files}. "
        "Run `disputes validate` to see the problems and fix them."
    )

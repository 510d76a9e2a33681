"""The Python API: open a register, validate it, report on it, read one record's history.

The commands `disputes validate`, `report` and `audit` are a thin layer over this module;
a script gets the same answers as typed values instead of text. Only the names in
`__all__` are the API (documented on the site's "Python API" guide); everything else in
the package is internal and may change in any release.

    from disputes.api import Register

    register = Register.open("path/to/register")
    result = register.validate()
    report = register.report(period="2026-Q3")
    trail = register.history("PD-2026-0007")
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from disputes.records.config import (
    AGENCIES_FILE,
    POLICY_FILE,
    RECORDS_DIR,
    SCHEMA_FILE,
    ConfigError,
    check_root,
    record_files,
)
from disputes.records.model import Issue

if TYPE_CHECKING:
    from disputes.history.audit import AuditEntry
    from disputes.history.git import GitError
    from disputes.records.find import UnknownRecord
    from disputes.report.sections import (
        AgencyCounts,
        DaySpread,
        DaysToResolution,
        DaySummary,
        Learning,
        Overdue,
        Report,
        StageCounts,
        TimescaleCounts,
        TimescaleRule,
        Totals,
    )

# The report, the history and their errors are imported when first used (`__getattr__`
# below), as is validation, so that `import disputes.api` costs what opening a register
# costs and `disputes audit` pays for neither the report nor the register's validation.
_LAZY = {
    "AgencyCounts": "disputes.report.sections",
    "DaySpread": "disputes.report.sections",
    "DaysToResolution": "disputes.report.sections",
    "DaySummary": "disputes.report.sections",
    "Learning": "disputes.report.sections",
    "Overdue": "disputes.report.sections",
    "Report": "disputes.report.sections",
    "StageCounts": "disputes.report.sections",
    "TimescaleCounts": "disputes.report.sections",
    "TimescaleRule": "disputes.report.sections",
    "Totals": "disputes.report.sections",
    "AuditEntry": "disputes.history.audit",
    "GitError": "disputes.history.git",
    "UnknownRecord": "disputes.records.find",
}

__all__ = [
    "AgencyCounts",
    "AuditEntry",
    "ConfigError",
    "DaySpread",
    "DaySummary",
    "DaysToResolution",
    "GitError",
    "Issue",
    "Learning",
    "Overdue",
    "RecordHistory",
    "Register",
    "Report",
    "StageCounts",
    "TimescaleCounts",
    "TimescaleRule",
    "Totals",
    "UnknownRecord",
    "ValidationResult",
]


def __getattr__(name: str) -> object:
    """The names of `_LAZY`, imported on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ValidationResult:
    """What `Register.validate` found: every problem, and how many records were checked."""

    issues: tuple[Issue, ...]
    checked: int  # record files read and checked
    not_counted: int = 0  # records opened after the `as_of` day, so not checked

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The problems that fail the check (`disputes validate` exits with status 1)."""
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The problems that are warnings (errors only with `strict=True`)."""
        return tuple(i for i in self.issues if i.severity != "error")

    @property
    def ok(self) -> bool:
        """True when no record has an error."""
        return not self.errors


@dataclass(frozen=True)
class RecordHistory:
    """One record's audit trail from git, oldest commit first, as `disputes audit` shows it."""

    record_id: str
    file: str  # relative to the register, e.g. records/2026/PD-2026-0007.md
    version: str | None  # the committed version's digest (what a sign-off attests)
    entries: tuple[AuditEntry, ...]
    sign_offs: dict[str, str]  # each manager's sign-off in words, as `verify` judges it


@dataclass(frozen=True)
class Register:
    """A register on disk: a folder with `schema/dispute.schema.json` and `records/`."""

    root: Path

    @classmethod
    def open(cls, path: str | PathLike[str]) -> Register:
        """The register in the folder `path`; `ConfigError` if it is not one."""
        return cls(check_root(Path(path)))

    @property
    def records_dir(self) -> Path:
        """The folder of record files."""
        return self.root / RECORDS_DIR

    @property
    def schema_file(self) -> Path:
        """The record JSON Schema."""
        return self.root / SCHEMA_FILE

    @property
    def policy_file(self) -> Path:
        """The partnership's timescales and calendar."""
        return self.root / POLICY_FILE

    @property
    def agencies_file(self) -> Path:
        """The partnership's agency names."""
        return self.root / AGENCIES_FILE

    def record_files(self) -> list[Path]:
        """Every record file under `records/`, sorted."""
        return record_files(self.root)

    def validate(
        self,
        paths: Sequence[str | PathLike[str]] | None = None,
        *,
        today: date | None = None,
        strict: bool = False,
        as_of: date | None = None,
    ) -> ValidationResult:
        """Check the records (or only the files and folders `paths`, relative to the current
        folder as the command takes them) against the schema and the policy's rules.

        Dates are checked against `today` (the real today if not given); with `as_of`,
        the register as it stood that day: records opened later are not counted.
        """
        from disputes.records.streamed import validate_streamed

        chosen = [Path(p) for p in paths or ()] or None
        found = validate_streamed(
            self.root, chosen, today=today or _policy_today(self.root), strict=strict, as_of=as_of
        )
        return ValidationResult(tuple(found.issues), found.checked, found.not_counted)

    def report(
        self,
        *,
        today: date | None = None,
        period: str | None = None,
        opened_from: date | None = None,
        opened_to: date | None = None,
    ) -> Report:
        """The monitoring report of the disputes opened in `period` ("2026", "2026-Q3",
        "2026-07") or from `opened_from` to `opened_to`, with figures as of `today`.

        Records with errors are left out; `Report.left_out` names them with their issues.
        A period that is not one of those forms is a `ValueError`.
        """
        from disputes.report.build import monitoring_report
        from disputes.report.inputs import report_inputs
        from disputes.report.period import period_range

        if period is not None:
            if opened_from or opened_to:
                raise ValueError("give either period or opened_from/opened_to, not both")
            opened_from, opened_to = period_range(period)
        real_today = _policy_today(self.root)  # the policy's day, not the machine's
        day = today or real_today
        inputs = report_inputs(self.root, day, checked_on=real_today)
        made = monitoring_report(
            inputs.records, inputs.policy, day, opened_from=opened_from, opened_to=opened_to
        )
        return replace(made, left_out=inputs.left_out)

    def history(self, record_id: str, *, today: date | None = None) -> RecordHistory:
        """One record's audit trail (`UnknownRecord` if no record has that id; `GitError`
        if the register is not a git repository). Sign-offs are judged as of `today`."""
        from disputes.history import file_at
        from disputes.history.attest import version_of_text
        from disputes.history.audit import audit_trail
        from disputes.history.standing import committed_standing, register_rules
        from disputes.history.trail import read_record_history
        from disputes.records.config import relative
        from disputes.records.find import find_record

        file = relative(find_record(self.root, record_id), self.root)
        history = read_record_history(self.root, file)  # this record's history only
        try:
            rules = register_rules(self.root, today or _policy_today(self.root))
            entries = audit_trail(file, history, host=rules.host)
            committed = file_at(self.root, "HEAD", file) or ""
            judged = committed_standing(file, committed, history, rules)
        finally:
            history.close()
        return RecordHistory(record_id, file, version_of_text(committed), tuple(entries), judged)


def _policy_today(root: Path) -> date:
    """Today in the policy's time zone (`policy.zone.policy_today`), loaded when used."""
    from disputes.policy.zone import policy_today

    return policy_today(root)

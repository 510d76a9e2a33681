"""The register's data: records, stages, problems found. Plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

# "review": a change only an administrator can judge (code, scripts); it never fails a check
Severity = Literal["error", "warning", "review"]
Moment = date | datetime  # a datetime here always carries its UTC offset

STATUSES = ("open", "resolved", "withdrawn")
CATEGORIES = (
    "levels-of-need",
    "roles-and-responsibilities",
    "need-for-action",
    "communication",
    "other",
)
OUTCOMES = ("decision-changed", "decision-upheld", "further-assessment", "other")
LEVELS_OF_NEED = ("early-help", "child-in-need", "child-protection", "looked-after")
ROLES = ("challenger_manager", "challenged_manager")
ACCEPTANCE_RESPONSES = ("accepted", "challenged")
BODY_HEADINGS = (
    "Summary of reason for dispute",
    "Views of the agencies",
    "Agreed outcomes and actions",
    "Additional notes",
)
REQUIRED_WHEN_RESOLVED = ("Summary of reason for dispute", "Agreed outcomes and actions")


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in one file, located by line and key path."""

    file: str
    line: int
    path: str
    message: str
    severity: Severity = "error"

    def as_dict(self) -> dict[str, Any]:
        """The issue as the JSON output shows it."""
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Person:
    """A named professional: worker, manager or signatory."""

    name: str
    designation: str = ""
    agency: str = ""
    email: str = ""
    date: date | None = None  # set on sign-off entries only


@dataclass(frozen=True)
class Acceptance:
    """An agency's answer to the QAPM group's binding decision: accepted or challenged."""

    agency: str
    response: str  # accepted | challenged
    date: date


@dataclass(frozen=True)
class Stage:
    """One stage of the policy that a dispute reached."""

    stage: int
    started: Moment
    raised: Moment | None = None
    group_date: date | None = None
    panel: tuple[str, ...] = ()  # the agencies on the QAPM panel
    challenger_manager: Person | None = None
    challenged_manager: Person | None = None
    ended: Moment | None = None
    decision: str = ""
    supervisor: Person | None = None
    aim: str = ""
    referred: date | None = None
    representatives: tuple[Person, ...] = ()  # the panel's members, when named
    agencies_represented: bool | None = None
    representations_received: bool | None = None
    not_recorded: tuple[str, ...] = ()  # asked for now, never held by an older record
    acceptance: tuple[Acceptance, ...] = ()  # stage 5: each agency's answer to the decision


@dataclass(frozen=True)
class Resolution:
    """How and when a dispute was resolved."""

    stage: int
    date: date
    outcome: str | None = None
    effectiveness: str = ""
    suggestions: str = ""
    shared_with: tuple[str, ...] = ()
    debrief: bool | None = None
    not_recorded: tuple[str, ...] = ()
    # The worker who raised the concern was among those told (None: not recorded).
    raising_worker_told: bool | None = None


@dataclass(frozen=True)
class Withdrawal:
    """Why and when a dispute was withdrawn."""

    date: date
    reason: str


@dataclass(frozen=True)
class Reopening:
    """A closed dispute opened again: when, why, and how it had been closed."""

    date: date
    reason: str
    was: str = ""


@dataclass(frozen=True)
class Record:
    """One dispute, as read from `records/<year>/<id>.md`."""

    file: str
    id: str
    title: str
    status: str
    opened: date
    immediate_risk: bool
    categories: tuple[str, ...]
    child_reference: str
    challenger_agency: str
    challenged_agency: str
    stages: tuple[Stage, ...]
    level_of_need: str | None = None
    challenger_worker: Person | None = None
    challenged_worker: Person | None = None
    resolution: Resolution | None = None
    withdrawn: Withdrawal | None = None
    sign_off: dict[str, Person] = field(default_factory=dict)
    body: str = ""
    version: int = 1
    reopened: tuple[Reopening, ...] = ()
    unrecorded: tuple[str, ...] = ()  # an imported record's 'not recorded' fields (dotted paths)
    days_taken: int | None = None  # an imported record's days to resolution, as its source gave
    imported: bool = False  # brought in by `disputes import` (its `imported:` block)
    signed_on_paper: bool = False  # an imported paper sign-off (`sign_off.on_paper`)

    @property
    def current_stage(self) -> int:
        """The highest stage the dispute has reached."""
        return self.stages[-1].stage if self.stages else 0

    @property
    def closed_on(self) -> date | None:
        """The date the dispute was resolved or withdrawn, if it was."""
        if self.resolution:
            return self.resolution.date
        if self.withdrawn:
            return self.withdrawn.date
        return None

    @property
    def days_to_resolution(self) -> int | None:
        """Calendar days from opened to resolution (see the Record format page)."""
        if self.resolution is None:
            return None
        if self.days_taken is not None:
            return self.days_taken
        if "opened" in self.unrecorded or "resolution.date" in self.unrecorded:
            return None
        return (self.resolution.date - self.opened).days

    def stage_dated(self, index: int) -> bool:
        """Whether the stage's start and end are both recorded (not an imported stand-in)."""
        if not self.unrecorded:
            return True
        if f"stages.{index}.started" in self.unrecorded:
            return False
        if self.stages[index].ended is not None:
            return True
        if index + 1 < len(self.stages):
            return f"stages.{index + 1}.started" not in self.unrecorded
        return self.resolution is None or "resolution.date" not in self.unrecorded


def day_of(moment: Moment) -> date:
    """The calendar date of a date or date-time."""
    return moment.date() if isinstance(moment, datetime) else moment

"""The monitoring report as typed values, and their one conversion to the stable JSON shape.

`report/build.py` makes a `Report`; `Report.as_dict()` gives the object `disputes report
--format json` prints (ARCHITECTURE.md, "Contracts"; `tests/golden/report.json` pins it),
which the tables, the text and CSV output and the site read. A script reads the fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from disputes.records.model import Issue
from disputes.report.stats import Number


@dataclass(frozen=True)
class Totals:
    """How many disputes the report counts, by status."""

    records: int
    open: int
    resolved: int
    withdrawn: int


@dataclass(frozen=True)
class StageCounts:
    """One stage: how many disputes reached it, were resolved at it, are open at it."""

    reached: int = 0
    resolved: int = 0
    open: int = 0


@dataclass(frozen=True)
class TimescaleCounts:
    """One timed stage: how often its deadline was met, breached, is pending or overdue."""

    met: int = 0
    breached: int = 0
    pending: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class TimescaleRule:
    """A stage's timescale in the policy's words, so a reader can see the rule."""

    name: str
    allowance: str
    description: str
    waiting: str = ""  # stage 5 before the group has a date: `referral_to_meeting` in words


@dataclass(frozen=True)
class DaySummary:
    """Day counts: how many, the median and the longest (None when there are none)."""

    count: int
    median: Number | None
    max: int | None


@dataclass(frozen=True)
class DaySpread(DaySummary):
    """A `DaySummary` with the 90th percentile: 9 in 10 took at most this many days."""

    p90: int | None = None


@dataclass(frozen=True)
class DaysToResolution:
    """Calendar days from opening to resolution; in working days; by the stage resolved at."""

    count: int
    median: Number | None
    max: int | None
    p90: int | None
    working_days: DaySpread
    by_stage: dict[str, DaySummary]


@dataclass(frozen=True)
class AgencyCounts:
    """How often an agency raised a dispute (challenger) and was challenged."""

    challenger: int = 0
    challenged: int = 0


@dataclass(frozen=True)
class Learning:
    """What people said about the policy when a dispute was resolved."""

    id: str
    effectiveness: str
    suggestions: str


@dataclass(frozen=True)
class Overdue:
    """An open dispute's stage past its deadline."""

    id: str
    title: str
    stage: int
    deadline: str  # ISO day, in the partnership's time zone
    days_overdue: int
    challenger: str
    challenged: str


@dataclass(frozen=True)
class Report:
    """The monitoring report of the disputes opened in a period, as of one day.

    Mappings keep the order the report shows them in (stages "1" to "5", agencies by
    name, categories in the schema's order, then any unexpected value).
    """

    as_of: date
    opened_from: date | None
    opened_to: date | None
    totals: Totals
    stages: dict[str, StageCounts]
    timescales: dict[str, TimescaleCounts]
    timescale_rules: dict[str, TimescaleRule]
    stage_names: dict[str, str]  # every stage's name, from policy.yml
    days_to_resolution: DaysToResolution
    agencies: dict[str, AgencyCounts]
    agency_matrix: dict[str, dict[str, int]]  # challenger, then challenged: a count
    categories: dict[str, int]
    outcomes: dict[str, int]
    levels_of_need: dict[str, int]
    open_by_age: dict[str, int]
    recording: dict[str, int]  # the facts the policy asks for, held or not (report/recording)
    learning: tuple[Learning, ...]
    overdue: tuple[Overdue, ...]
    # record files left out of the figures because they have errors, with the errors
    left_out: dict[str, list[Issue]] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The report as `disputes report --format json` prints it (the stable shape)."""
        data = asdict(replace(self, left_out={}))
        del data["opened_from"], data["opened_to"], data["left_out"]
        data["as_of"] = self.as_of.isoformat()
        data["period"] = {"from": _iso(self.opened_from), "to": _iso(self.opened_to)}
        data["learning"] = list(data["learning"])
        data["overdue"] = list(data["overdue"])
        return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

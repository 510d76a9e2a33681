"""The policy's timescales, read from `schema/policy.yml`, and deadline arithmetic."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from disputes.policy.calendars import (
    BankHolidays,
    add_months,
    add_working_days,
    working_days_between,
)
from disputes.policy.zone import DEFAULT_ZONE, POLICY_FILE, parse_policy, read_policy, zone_named
from disputes.records.config import ConfigError
from disputes.records.model import Moment
from disputes.records.schemacheck import whole_number_validator

POLICY_SCHEMA = Path("schema") / "policy.schema.json"


@dataclass(frozen=True)
class Timescale:
    """One stage's timescale: when the clock starts and stops, and the time allowed."""

    stage: int
    clock_starts: str  # started | group_date
    clock_stops: str  # raised | ended
    amount: int
    unit: str  # hours | days | working_days | months
    name: str = ""
    description: str = ""

    @property
    def allowance(self) -> str:
        """The time allowed in words, e.g. "48 hours" or "10 working days"."""
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"


@dataclass(frozen=True)
class Policy:
    """The partnership's timescales, time zone and bank-holiday calendar."""

    timescales: tuple[Timescale, ...]
    timezone: ZoneInfo
    bank_holidays: BankHolidays
    totals_only_below: int = 10  # a public release with fewer disputes: totals only
    stage_names: Mapping[int, str] = field(default_factory=dict)
    # Stage 5 before the QAPM group has a date: the group meets within this (or None).
    referral: Timescale | None = None

    def timescale(self, stage: int) -> Timescale | None:
        """The timescale of a stage, or None when the policy sets none."""
        return next((t for t in self.timescales if t.stage == stage), None)

    def stage_name(self, stage: int) -> str:
        """The stage's name as `policy.yml` gives it ("Stage N" where it gives none)."""
        return self.stage_names.get(stage) or f"Stage {stage}"

    def local_day(self, moment: Moment) -> date:
        """The calendar day of a moment in the policy's time zone."""
        if isinstance(moment, datetime):
            return self._local(moment).date()
        return moment

    def deadline(self, start: Moment, timescale: Timescale) -> Moment:
        """The deadline of a timescale whose clock starts at `start`.

        A date-only start gives a date: "48 hours" from a date is two days later.
        A date-time start gives a date-time in the policy's time zone.
        """
        if not isinstance(start, datetime):
            return self._deadline_day(start, timescale)
        local = self._local(start)
        if timescale.unit == "hours":
            # Elapsed hours: add in UTC, so a change of the clocks counts as it happens.
            elapsed = local.astimezone(UTC) + timedelta(hours=timescale.amount)
            return elapsed.astimezone(self.timezone)
        day = self._deadline_day(local.date(), timescale)
        return datetime.combine(day, local.time(), tzinfo=self.timezone)

    def is_met(self, done: Moment, deadline: Moment) -> bool:
        """Whether something done at `done` kept to `deadline`.

        When either is known only to the day, they are compared by day.
        """
        if isinstance(done, datetime) and isinstance(deadline, datetime):
            return done <= deadline
        return self.local_day(done) <= self.local_day(deadline)

    def working_days(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        return working_days_between(start, end, self.bank_holidays)

    def _deadline_day(self, start: date, timescale: Timescale) -> date:
        amount = timescale.amount
        if timescale.unit == "hours":
            return start + timedelta(days=math.ceil(amount / 24))
        if timescale.unit == "days":
            return start + timedelta(days=amount)
        if timescale.unit == "working_days":
            return add_working_days(start, amount, self.bank_holidays)
        return add_months(start, amount)

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.timezone)
        return moment.astimezone(self.timezone)


def load_policy(root: Path) -> Policy:
    """Read and check `schema/policy.yml` under the register root."""
    path, schema_path = root / POLICY_FILE, root / POLICY_SCHEMA
    text = read_policy(path)
    try:
        schema_text = schema_path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{schema_path}: cannot read the policy schema ({error}).") from error
    return policy_from_text(text, schema_text, str(path), str(schema_path))


def policy_from_text(
    text: str,
    schema_text: str,
    where: str = str(POLICY_FILE),
    schema_where: str = str(POLICY_SCHEMA),
) -> Policy:
    """The policy from the texts of `policy.yml` and its schema (files, or git blobs that
    `check` reads as data), checked as `load_policy` checks them."""
    data = parse_policy(text, where)
    _check_schema(data, where, schema_text, schema_where)
    return Policy(
        timescales=tuple(
            _timescale(int(stage), entry)
            for stage, entry in sorted(data["stages"].items())
            if "allowance" in entry  # a stage may name its people without a timescale
        ),
        timezone=zone_named(data.get("timezone", DEFAULT_ZONE), where),
        bank_holidays=BankHolidays(data["bank_holidays"]),
        totals_only_below=int(data.get("public_totals_only_below", 10)),
        stage_names={
            int(stage): str(entry["name"])
            for stage, entry in data["stages"].items()
            if entry.get("name")
        },
        referral=_referral(data.get("referral_to_meeting")),
    )


def _referral(days: int | None) -> Timescale | None:
    """`referral_to_meeting`: the working days from a referral to the QAPM group's date."""
    if days is None:
        return None
    return Timescale(
        stage=5,
        clock_starts="referred",
        clock_stops="group_date",
        amount=days,
        unit="working_days",
        name="Referral to the QAPM group's meeting",
        description=f"The QAPM group meets within {days} working "
        f"day{'' if days == 1 else 's'} of the referral.",
    )


def _check_schema(data: dict[str, Any], path: str, schema_text: str, schema_path: str) -> None:
    try:
        schema = json.loads(schema_text)
    except ValueError as error:
        raise ConfigError(f"{schema_path}: cannot read the policy schema ({error}).") from error
    # 48.0 hours is no whole number to the policy either (see records/schemacheck.py).
    errors = sorted(whole_number_validator()(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        lines = [f"{path}: {_key(e.absolute_path)}: {e.message}" for e in errors]
        raise ConfigError("\n".join(lines) + "\nFix the policy file and run the command again.")


def _key(parts: Any) -> str:
    return ".".join(str(p) for p in parts) or "(top level)"


def _timescale(stage: int, entry: dict[str, Any]) -> Timescale:
    return Timescale(
        stage=stage,
        clock_starts=entry["clock_starts"],
        clock_stops=entry["clock_stops"],
        amount=entry["allowance"]["amount"],
        unit=entry["allowance"]["unit"],
        name=entry.get("name", ""),
        description=entry.get("description", ""),
    )

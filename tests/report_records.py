"""Small builders of `Record` values for the timescale and report tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from disputes.records.model import Record, Resolution, Stage, Withdrawal


def d(text: str) -> date:
    """A date from ISO text."""
    return date.fromisoformat(text)


def moment(text: str) -> date | datetime:
    """A date or an offset date-time from ISO text."""
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def stage(number: int, started: str, **extra: Any) -> Stage:
    """A stage; `raised` and `group_date` given as ISO text."""
    if "raised" in extra:
        extra["raised"] = moment(extra["raised"])
    if "group_date" in extra:
        extra["group_date"] = d(extra["group_date"])
    return Stage(stage=number, started=moment(started), **extra)


def record(
    *stages: Stage,
    id: str = "PD-2026-0001",
    opened: str | None = None,
    resolved: tuple[int, str] | tuple[int, str, str] | None = None,
    withdrawn: str | None = None,
    **extra: Any,
) -> Record:
    """A record; status follows from `resolved` / `withdrawn`."""
    resolution = None
    if resolved:
        outcome = resolved[2] if len(resolved) > 2 else None  # type: ignore[misc]
        resolution = Resolution(stage=resolved[0], date=d(resolved[1]), outcome=outcome)
    fields: dict[str, Any] = {
        "file": f"records/2026/{id}.md",
        "id": id,
        "title": f"Dispute {id}",
        "status": "resolved" if resolved else "withdrawn" if withdrawn else "open",
        "opened": d(opened) if opened else _day(stages[0].started),
        "immediate_risk": stages[0].stage > 3,
        "categories": ("levels-of-need",),
        "child_reference": "C-1001",
        "challenger_agency": "Kent Police",
        "challenged_agency": "Children's Social Care",
        "stages": stages,
        "resolution": resolution,
        "withdrawn": Withdrawal(d(withdrawn), "no longer needed") if withdrawn else None,
    }
    fields.update(extra)
    return Record(**fields)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value

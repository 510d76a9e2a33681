"""ISO dates and date-times as records write them, and a day as people write it."""

from __future__ import annotations

from datetime import date, datetime

from disputes.records.model import Moment


def parse_date(value: str) -> date:
    """An ISO date; ValueError if it is not a real date."""
    return date.fromisoformat(value)


def parse_moment(value: str) -> Moment:
    """An ISO date, or a date-time with its offset; ValueError if not real."""
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def long_date(day: date) -> str:
    """A day as people write it: '7 December 2026'."""
    return f"{day.day} {day:%B %Y}"

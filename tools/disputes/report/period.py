"""`--period 2026-Q3` / `2026` / `2026-07` as a range of opened dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|\d{2}))?$", re.IGNORECASE)


def period_range(text: str) -> tuple[date, date]:
    """The first and last day of a year, quarter or month; ValueError if not one."""
    match = PERIOD.match(text.strip())
    if not match:
        raise ValueError(
            f"'{text}' is not a period; write a year (2026), quarter (2026-Q3) or month (2026-07)"
        )
    year, part = int(match[1]), (match[2] or "").upper()
    if not part:
        return date(year, 1, 1), date(year, 12, 31)
    if part.startswith("Q"):
        first = 3 * (int(part[1]) - 1) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    month = int(part)
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a period: {month} is not a month")
    return date(year, month, 1), _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])

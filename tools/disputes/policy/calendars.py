"""Calendar arithmetic: months with end-of-month clamping, working days, bank holidays."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import holidays as holidays_lib

SATURDAY = 5
# policy.yml names a nation; the `holidays` library names UK subdivisions.
# Wales keeps England's bank holidays, so england-and-wales reads England's.
NATION_SUBDIVISIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


class BankHolidays:
    """The bank holidays of one UK nation, from the maintained `holidays` library."""

    def __init__(self, nation: str) -> None:
        self.nation = nation
        self._subdivision = NATION_SUBDIVISIONS[nation]
        self._years: dict[int, frozenset[date]] = {}

    def year(self, year: int) -> frozenset[date]:
        """The bank holidays of one year (computed once, then cached)."""
        if year not in self._years:
            found = holidays_lib.country_holidays("GB", subdiv=self._subdivision, years=year)
            self._years[year] = frozenset(found)
        return self._years[year]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self.year(day.year)

    def between(self, start: date, end: date) -> list[date]:
        """Bank holidays after `start` up to and including `end`, in order."""
        found: list[date] = []
        for year in range(start.year, end.year + 1):
            found.extend(d for d in self.year(year) if start < d <= end)
        return sorted(found)

    def __repr__(self) -> str:
        return f"BankHolidays({self.nation!r})"


def add_months(start: date, months: int) -> date:
    """`start` plus whole calendar months; 31 January + 1 month is the last day of February."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def is_working_day(day: date, bank_holidays: BankHolidays) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < SATURDAY and day not in bank_holidays


def add_working_days(start: date, count: int, bank_holidays: BankHolidays) -> date:
    """The `count`-th working day after `start` (`start` itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, bank_holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, bank_holidays: BankHolidays) -> int:
    """Working days after `start` up to and including `end` (0 if `end` is not after `start`)."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    total = weeks * 5
    day = start + timedelta(days=weeks * 7)
    for _ in range(extra):
        day += timedelta(days=1)
        total += day.weekday() < SATURDAY
    weekday_holidays = [d for d in bank_holidays.between(start, end) if d.weekday() < SATURDAY]
    return total - len(weekday_holidays)

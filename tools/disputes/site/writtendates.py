"""Dates as people write them, found in normalised (case-folded) text for the leak check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_NUMERIC_YMD = re.compile(r"(?<![a-z0-9.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_NUMERIC_DMY = re.compile(r"(?<![a-z0-9.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d])")
_SHORT_DMY = re.compile(  # 05/05/26, 20.5.26, 20-5-26
    r"(?<![a-z0-9./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{2})(?![\d/.-])"
)
_COMPACT = re.compile(r"(?<!\w)(\d{4})(\d{2})(\d{2})(?!\w)")
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d){_DAY}(?: of)?[ ,-]*{_MONTH}[ ,-]*(\d{{4}})(?!\d)")
_MONTH_DAY_YEAR = re.compile(rf"(?<![a-z]){_MONTH}[ ,-]*{_DAY}[ ,]+(\d{{4}})(?!\d)")


_NO_YEAR = r"(?![ ,-]*(?:of )?\d{4})(?![a-z\d])"
_DAY_MONTH = re.compile(rf"(?<![\d/.-]){_DAY}(?: of)?[ ,-]*{_MONTH}{_NO_YEAR}")
_MONTH_DAY = re.compile(rf"(?<![a-z]){_MONTH}[ ,-]*{_DAY}{_NO_YEAR}")


def days_in(text: str) -> Iterator[tuple[tuple[int, int], str]]:
    """Every (month, day), as written, of a date written without its year: 'Tuesday 5th
    May', 'May 5th' (a dispute's day is as telling without the year)."""
    for match in _DAY_MONTH.finditer(text):
        yield (int(_month(match[2])), int(match[1])), match[0]
    for match in _MONTH_DAY.finditer(text):
        yield (int(_month(match[1])), int(match[2])), match[0]


def dates_in(text: str) -> Iterator[tuple[date, str]]:
    """Every (date, as written) in the text; a numeric date is read both day- and month-first."""
    for match in _NUMERIC_YMD.finditer(text):
        yield from _day(match[1], match[2], match[3], match[0])
    for match in _COMPACT.finditer(text):
        yield from _day(match[1], match[2], match[3], match[0])
    for first, second, year, written in _day_month_pairs(text):
        yield from _day(year, second, first, written)  # 20/04/2026
        yield from _day(year, first, second, written)  # 04/20/2026
    for match in _DAY_MONTH_YEAR.finditer(text):
        yield from _day(match[3], _month(match[2]), match[1], match[0])
    for match in _MONTH_DAY_YEAR.finditer(text):
        yield from _day(match[3], _month(match[1]), match[2], match[0])


def _day_month_pairs(text: str) -> Iterator[tuple[str, str, str, str]]:
    for match in _NUMERIC_DMY.finditer(text):
        yield match[1], match[3], match[4], match[0]
    for match in _SHORT_DMY.finditer(text):
        yield match[1], match[3], f"20{match[4]}", match[0]


def _month(name: str) -> str:
    return str(next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3])))


def _day(year: str, month: str, day: str, written: str) -> Iterator[tuple[date, str]]:
    try:
        yield date(int(year), int(month), int(day)), written
    except ValueError:  # not a real day: not a date
        return

"""Cell values as records hold them: dates, stages, yes/no, categories, outcomes.

Each parser returns the value, None for a blank cell (not recorded), or raises
`Unreadable` with the reason, which the import lists beside the file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from disputes.errors import DisputesError

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
SERIALS = range(20_000, 80_000)  # 1954 to 2119: a bare number in that range is an Excel date
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for name in names
}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


class Unreadable(DisputesError, ValueError):
    """A cell whose value cannot be read as what its column holds."""


def text_of(value: Any) -> str:
    """A cell as trimmed text ('' for blank); whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def read_date(value: Any) -> date | None:
    """A date from a cell: a spreadsheet date, an Excel serial number, ISO or day-first text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    text = text_of(value)
    if not text:
        return None
    if text.replace(".", "", 1).isdigit():
        return _serial(float(text))
    try:
        return _from_text(text)
    except ValueError:
        raise Unreadable("is not a date (write day/month/year, e.g. 05/03/2024)") from None


def _serial(number: float) -> date:
    if int(number) not in SERIALS:
        raise Unreadable("is a number, not a date")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _from_text(text: str) -> date:
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _NUMERIC.match(text):  # day first, as the UK writes dates
        day, month, year = (int(g) for g in match.groups())
        return date(year + 2000 if year < 100 else year, month, day)
    if match := _WORDS.match(text):
        named = MONTHS.get(match.group(2).casefold())
        if named is None:
            raise ValueError(text)
        return date(int(match.group(3)), named, int(match.group(1)))
    raise ValueError(text)


def read_stage(value: Any) -> int | None:
    """A stage number 1 to 5 from '4', 'Stage 4', '4 - operations managers'."""
    text = text_of(value)
    if not text:
        return None
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1 or not 1 <= int(numbers[0]) <= 5:
        raise Unreadable("is not one stage from 1 to 5")
    return int(numbers[0])


def read_days(value: Any) -> int | None:
    """A number of days ('12', '12 days', 12.0)."""
    text = text_of(value)
    if not text:
        return None
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1:
        raise Unreadable("is not a number of days")
    return int(numbers[0])


def read_yes_no(value: Any) -> bool | None:
    """true or false from yes/no/y/n/true/false/1/0."""
    text = text_of(value).casefold()
    if not text:
        return None
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise Unreadable("is not yes or no")


CATEGORY_WORDS = {
    "levels-of-need": ("level of need", "levels of need", "threshold", "thresholds"),
    "roles-and-responsibilities": ("roles", "responsibilities", "roles and responsibilities"),
    "need-for-action": ("need for action", "action", "inaction", "lack of action"),
    "communication": ("communication", "information sharing"),
    "other": ("other",),
}
OUTCOME_WORDS = {
    "decision-changed": ("decision changed", "changed", "overturned"),
    "decision-upheld": ("decision upheld", "upheld", "unchanged"),
    "further-assessment": ("further assessment", "assessment", "reassessment"),
    "other": ("other",),
}
STATUS_WORDS = {
    "resolved": ("resolved", "closed", "agreed", "complete", "completed"),
    "open": ("open", "ongoing", "active", "in progress"),
    "withdrawn": ("withdrawn", "dropped", "cancelled"),
}


def words(text: str) -> str:
    """Text compared loosely: lower case, letters and digits, single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold().replace("&", " and ")).split())


def read_choice(value: Any, table: Mapping[str, tuple[str, ...]], what: str) -> str | None:
    """One code of `table` from a cell naming it or one of its words."""
    text = text_of(value)
    if not text:
        return None
    key = words(text)
    for code, names in table.items():
        if key in (words(code), *names):
            return code
    raise Unreadable(f"is not a {what} (use one of: {', '.join(table)})")


def read_categories(value: Any) -> tuple[str, ...] | None:
    """One or more categories separated by commas, semicolons, slashes or 'and'."""
    text = text_of(value)
    if not text:
        return None
    if words(text) in {n for names in CATEGORY_WORDS.values() for n in names}:
        parts = [text]
    else:
        parts = [p for p in re.split(r"[,;/]|\band\b", text) if p.strip()]
    found = tuple(
        dict.fromkeys(c for part in parts if (c := read_choice(part, CATEGORY_WORDS, "category")))
    )
    return found or None

"""'not recorded': what an imported record's source did not give, and the dates read in its place.

Only a record with an `imported:` block may say 'not recorded' (the schema's last
`allOf`). The file keeps the words; the typed `Record` needs a date for ordering and for
the report's periods, so it reads the earliest date the record does give for an opening
date not recorded, the stage before's start for a stage start not recorded, and the
first signature's date (else the latest date given) for a resolution date not recorded. `Record.unrecorded` lists every
such path, so timescales and days to resolution are never worked out from a stand-in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from disputes.records.dates import parse_date, parse_moment
from disputes.records.model import Moment, day_of

UNRECORDED = "not recorded"
ROLES = ("challenger_manager", "challenged_manager")


def is_unrecorded(value: Any) -> bool:
    """Whether a value is the words 'not recorded'."""
    return value == UNRECORDED


def unrecorded_paths(data: dict[str, Any]) -> tuple[str, ...]:
    """Every field of the front matter that says 'not recorded', as dotted paths."""
    found = [
        key for key in ("opened", "immediate_risk", "categories") if is_unrecorded(data.get(key))
    ]
    if is_unrecorded((data.get("child") or {}).get("reference")):
        found.append("child.reference")
    found += [
        f"stages.{i}.started"
        for i, s in enumerate(data.get("stages") or ())
        if isinstance(s, dict) and is_unrecorded(s.get("started"))
    ]
    if is_unrecorded((data.get("resolution") or {}).get("date")):
        found.append("resolution.date")
    sign_off = data.get("sign_off") or {}
    if is_unrecorded(sign_off):
        return (*found, "sign_off")
    found += [
        f"sign_off.{role}.date"
        for role in ROLES
        if is_unrecorded((sign_off.get(role) or {}).get("date"))
    ]
    return tuple(found)


def given_dates(data: dict[str, Any]) -> list[date]:
    """Every date the front matter gives (opened, starts, resolution, sign-offs)."""
    values = [data.get("opened"), (data.get("resolution") or {}).get("date")]
    values += [s.get("started") for s in data.get("stages") or () if isinstance(s, dict)]
    sign_off = data.get("sign_off") or {}
    if isinstance(sign_off, dict):
        values += [(sign_off.get(role) or {}).get("date") for role in ROLES]
    found = []
    for value in values:
        if isinstance(value, str) and not is_unrecorded(value):
            try:
                found.append(day_of(parse_moment(value)))
            except ValueError:
                continue
    return found


def opened_date(data: dict[str, Any]) -> date:
    """The date opened, or (not recorded) the earliest date given, else 1 January of the id's year."""
    if not is_unrecorded(data.get("opened")):
        return parse_date(data["opened"])
    given = given_dates(data)
    if given:
        return min(given)
    year = str(data.get("id", ""))[3:7]
    return date(int(year), 1, 1) if year.isdigit() and int(year) > 0 else date.min


def stage_starts(data: dict[str, Any], opened: date) -> list[Moment]:
    """Each stage's start; one not recorded reads as the stage before's (the first: opened)."""
    starts: list[Moment] = []
    for stage in data["stages"]:
        value = stage["started"]
        starts.append(
            (starts[-1] if starts else opened) if is_unrecorded(value) else parse_moment(value)
        )
    return starts


def resolved_date(data: dict[str, Any]) -> date:
    """The date resolved, or (not recorded) the first signature's date, else the latest date given."""
    value = data["resolution"]["date"]
    if not is_unrecorded(value):
        return parse_date(value)
    sign_off = data.get("sign_off")
    signed = given_dates({"sign_off": sign_off}) if isinstance(sign_off, dict) else []
    return min(signed) if signed else max(given_dates(data), default=opened_date(data))

"""A record as the register stood on a past day: `--as-of` is a view, never an error.

A dispute opened after the day did not exist yet, so it is not counted (not checked, not
listed, not reported); a stage started after it had not happened; a closing, a raised
date or a sign-off after it was still to come. Dates are still checked against the real
today: a date after it is wrong whatever day the register is viewed as of.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from disputes.records.load import Register
from disputes.records.model import Moment, Record, Stage, day_of


def _by(moment: Moment | None, day: date) -> bool:
    return moment is not None and day_of(moment) <= day


def counted_on(opened: date, day: date | None, today: date) -> bool:
    """Whether a record opened on `opened` counts in the register as it stood on `day`.

    No `day` is today's register: every record counts. A record opened after `day` had
    not begun then; one opened after the real `today` counts in every view, because its
    date is an error whatever day is asked about.
    """
    return day is None or opened <= day or opened > today


def leave_out_later(register: Register, day: date | None, today: date) -> Register:
    """`register` without the records opened after `day` (their count kept in `not_counted`)."""
    later = {r.file for r in register.records if not counted_on(r.opened, day, today)}
    register.records = [r for r in register.records if r.file not in later]
    register.issues = [i for i in register.issues if i.file not in later]
    for file in later:
        del register.parsed[file]
    register.not_counted += len(later)
    register.checked -= len(later)
    return register


def stage_as_of(stage: Stage, day: date) -> Stage:
    """The stage without the events that came after `day`."""
    return replace(
        stage,
        raised=stage.raised if _by(stage.raised, day) else None,
        ended=stage.ended if _by(stage.ended, day) else None,
        group_date=stage.group_date if _by(stage.group_date, day) else None,
        referred=stage.referred if _by(stage.referred, day) else None,
    )


def record_as_of(record: Record, day: date) -> Record | None:
    """The record as it stood at the end of `day` (None if it was not opened yet)."""
    if record.opened > day:
        return None
    stages = tuple(stage_as_of(s, day) for s in record.stages if day_of(s.started) <= day)
    closed = record.closed_on is not None and record.closed_on <= day
    return replace(
        record,
        stages=stages,
        status=record.status if closed else "open",
        resolution=record.resolution if closed else None,
        withdrawn=record.withdrawn if closed else None,
        sign_off={r: p for r, p in record.sign_off.items() if p.date is None or p.date <= day},
        reopened=tuple(r for r in record.reopened if r.date <= day),
    )


def register_as_of(records: Iterable[Record], day: date) -> list[Record]:
    """The records that existed on `day`, each as it stood then."""
    return [r for r in (record_as_of(record, day) for record in records) if r is not None]

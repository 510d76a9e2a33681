"""What the public profile reports on: complete quarters, fixed vocabularies, no case detail.

Two public builds within one quarter publish the same figures, because both report
on the disputes opened up to the end of the last complete quarter, as they stood
at the end of that quarter. Agency names come only from schema/agencies.yml;
any other name is counted as "another agency", so a one-off name cannot reveal
that a single case exists.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from disputes.policy.settings import Policy, Timescale
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED, OUTCOMES, Record, day_of
from disputes.report.build import NOT_RECORDED, build_report

ANOTHER_AGENCY = "another agency"
MEDIAN_FROM = 5  # a median of fewer disputes is not published
MEDIAN_STEP = 5  # days: published medians are rounded to this
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def last_complete_quarter(today: date) -> tuple[date, date]:
    """The first and last day of the latest calendar quarter that ended before `today`."""
    quarter = (today.month - 1) // 3  # 0-3: the quarter `today` is in, not yet complete
    year, first = (today.year, 3 * quarter - 2) if quarter else (today.year - 1, 10)
    following = date(year + (first == 10), (first + 2) % 12 + 1, 1)
    return date(year, first, 1), following - timedelta(days=1)


def period_label(end: date, start: date | None = None) -> str:
    """The reporting period in words, no finer than a month: 'from April 2025 up to the end
    of September 2026' (what it covers: every dispute opened since the first)."""
    since = f"from {MONTHS[start.month - 1]} {start.year} " if start else ""
    return f"{since}up to the end of {MONTHS[end.month - 1]} {end.year}"


def quarter_name(end: date) -> str:
    """'2026-Q3': the quarter that ends on `end`."""
    return f"{end.year}-Q{(end.month - 1) // 3 + 1}"


def as_at(record: Record, cutoff: date) -> Record | None:
    """The record as it stood at the end of `cutoff`; None if it was opened later.

    Stages started, and resolutions or withdrawals dated, after the cutoff are left
    out, so a later build of the same quarter computes the same figures.
    """
    if record.opened > cutoff:
        return None
    stages = tuple(s for s in record.stages if day_of(s.started) <= cutoff)
    resolution = (
        record.resolution if record.resolution and record.resolution.date <= cutoff else None
    )
    withdrawn = record.withdrawn if record.withdrawn and record.withdrawn.date <= cutoff else None
    status = "resolved" if resolution else "withdrawn" if withdrawn else "open"
    return replace(record, stages=stages, resolution=resolution, withdrawn=withdrawn, status=status)


def least_days(timescale: Timescale) -> int:
    """The fewest whole days a dispute overdue at this stage can have been open (a reader
    knows the policy): a day less than its timescale, to be safe."""
    per_day = {"hours": 1 / 24, "days": 1, "working_days": 1, "months": 28}[timescale.unit]
    return max(0, int(timescale.amount * per_day) - 1)


def rounded_median(count: int, median: float | None) -> int | None:
    """A median as published: to the nearest 5 days, and only of 5 or more disputes.

    An exact median of an odd count is one dispute's value, and a ".5" says the count is
    even; rounded to 5 days it is neither, yet still shows the typical time."""
    if median is None or count < MEDIAN_FROM:
        return None
    return int(math.floor(median / MEDIAN_STEP + 0.5)) * MEDIAN_STEP


def in_vocabulary(record: Record, agencies: list[str]) -> Record:
    """The record with every published field taken from a fixed list."""
    listed = {" ".join(a.split()).casefold(): a for a in agencies}

    def agency(name: str) -> str:
        return listed.get(" ".join(name.split()).casefold(), ANOTHER_AGENCY)

    resolution = record.resolution
    if resolution and resolution.outcome and resolution.outcome not in OUTCOMES:
        resolution = replace(resolution, outcome="other")
    return replace(
        record,
        challenger_agency=agency(record.challenger_agency),
        challenged_agency=agency(record.challenged_agency),
        categories=tuple(
            dict.fromkeys(c if c in CATEGORIES else "other" for c in record.categories)
        ),
        level_of_need=record.level_of_need if record.level_of_need in LEVELS_OF_NEED else None,
        resolution=resolution,
    )


def public_report(
    records: list[Record],
    policy: Policy,
    agencies: list[str],
    today: date,
    cutoff: date | None = None,
) -> dict[str, Any]:
    """The report the public profile publishes: every dispute opened up to the end of a
    quarter (`cutoff`; the last complete one by default), fixed vocabularies."""
    cutoff = cutoff or last_complete_quarter(today)[1]
    chosen = [in_vocabulary(r, agencies) for r in (as_at(r, cutoff) for r in records) if r]
    report = build_report(chosen, policy, cutoff)
    names = [*dict.fromkeys(agencies), ANOTHER_AGENCY]
    report["agencies"] = {
        a: report["agencies"].get(a, {"challenger": 0, "challenged": 0}) for a in names
    }
    matrix = report["agency_matrix"]
    report["agency_matrix"] = {a: {b: matrix.get(a, {}).get(b, 0) for b in names} for a in names}
    report["categories"] = {c: report["categories"].get(c, 0) for c in CATEGORIES}
    report["outcomes"] = {o: report["outcomes"].get(o, 0) for o in (*OUTCOMES, NOT_RECORDED)}
    report["levels_of_need"] = {
        k: report["levels_of_need"].get(k, 0) for k in (*LEVELS_OF_NEED, NOT_RECORDED)
    }
    for case_level in ("overdue", "learning"):  # ids, titles and free text: never public
        report[case_level] = []
    days = report["days_to_resolution"]  # a maximum or 90th percentile describes single cases
    report["days_to_resolution"] = {
        "by_stage": {
            s: {"count": row["count"], "median": rounded_median(row["count"], row["median"])}
            for s, row in days["by_stage"].items()
        }
    }
    first = min((r.opened for r in chosen), default=None)
    report["period"] = {
        "quarter": quarter_name(cutoff),
        "from": f"{first.year}-{first.month:02d}" if first else None,
        "to": f"{cutoff.year}-{cutoff.month:02d}",
        "label": period_label(cutoff, first),
    }
    report["as_of"] = quarter_name(cutoff)
    report["overdue_min_age"] = overdue_min_age(policy)
    return report


def overdue_min_age(policy: Policy) -> dict[str, int]:
    """Per timed stage, the fewest days a dispute overdue at it can have been open: a
    referral waiting for the QAPM group (`referral_to_meeting`) may be overdue sooner."""
    least = {str(t.stage): least_days(t) for t in policy.timescales}
    if policy.referral is not None:
        stage = str(policy.referral.stage)
        least[stage] = min(
            least.get(stage, least_days(policy.referral)), least_days(policy.referral)
        )
    return least

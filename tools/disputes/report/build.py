"""The monitoring report as data: the keys ARCHITECTURE.md promises and the partnership's extras."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from disputes.policy.settings import Policy
from disputes.policy.timescales import OUTCOMES as TIMESCALE_OUTCOMES
from disputes.policy.timescales import stage_timescales, working_days_to_resolution
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED, OUTCOMES, Record
from disputes.report.recording import recording_counts
from disputes.report.sections import (
    AgencyCounts,
    DaySpread,
    DaysToResolution,
    DaySummary,
    Learning,
    Overdue,
    Report,
    StageCounts,
    TimescaleCounts,
    TimescaleRule,
    Totals,
)
from disputes.report.stats import median, percentile

STAGES = ("1", "2", "3", "4", "5")
TIMED_STAGES = ("3", "4", "5")
AGE_BANDS = (("0-7", 7), ("8-14", 14), ("15-30", 30), ("31-60", 60), ("over 60", None))
NOT_RECORDED = "not-recorded"


def select_opened(
    records: Iterable[Record], opened_from: date | None, opened_to: date | None
) -> list[Record]:
    """The records opened within [opened_from, opened_to] (either end may be open)."""
    return [
        r
        for r in records
        if (opened_from is None or r.opened >= opened_from)
        and (opened_to is None or r.opened <= opened_to)
    ]


def build_report(
    records: Iterable[Record],
    policy: Policy,
    today: date,
    *,
    opened_from: date | None = None,
    opened_to: date | None = None,
) -> dict[str, Any]:
    """The monitoring report in its stable JSON shape (`Report.as_dict()`), as the tables,
    the text and CSV output and the site read it."""
    return monitoring_report(
        records, policy, today, opened_from=opened_from, opened_to=opened_to
    ).as_dict()


def monitoring_report(
    records: Iterable[Record],
    policy: Policy,
    today: date,
    *,
    opened_from: date | None = None,
    opened_to: date | None = None,
) -> Report:
    """The monitoring report of the records opened in the period, as of `today`."""
    chosen = sorted(select_opened(records, opened_from, opened_to), key=lambda r: r.id)
    resolved = [r for r in chosen if r.resolution is not None]
    return Report(
        as_of=today,
        opened_from=opened_from,
        opened_to=opened_to,
        totals=_totals(chosen),
        stages=_stages(chosen),
        timescales=_timescales(chosen, policy, today),
        timescale_rules=_rules(policy),
        stage_names={s: policy.stage_name(int(s)) for s in STAGES},
        days_to_resolution=_days_to_resolution(resolved, policy),
        agencies=_agencies(chosen),
        agency_matrix=_agency_matrix(chosen),
        categories=_counts((c for r in chosen for c in r.categories), CATEGORIES),
        outcomes=_counts((outcome_of(r) for r in resolved), (*OUTCOMES, NOT_RECORDED)),
        levels_of_need=_counts(
            (r.level_of_need or NOT_RECORDED for r in chosen), (*LEVELS_OF_NEED, NOT_RECORDED)
        ),
        open_by_age=_open_by_age(chosen, today),
        recording=recording_counts(chosen, today),
        learning=_learning(resolved),
        overdue=tuple(overdue_list(chosen, policy, today)),
    )


def overdue_disputes(records: Iterable[Record], policy: Policy, today: date) -> list[dict]:
    """Open disputes with a stage past its deadline, most overdue first, as JSON objects."""
    return [asdict(row) for row in overdue_list(records, policy, today)]


def overdue_list(records: Iterable[Record], policy: Policy, today: date) -> list[Overdue]:
    """Open disputes with a stage past its deadline, most overdue first."""
    rows = []
    for record in records:
        if record.status != "open":
            continue
        for stage in stage_timescales(record, policy, today):
            if stage.outcome == "overdue" and stage.deadline is not None:
                rows.append(
                    Overdue(
                        id=record.id,
                        title=record.title,
                        stage=stage.stage,
                        deadline=policy.local_day(stage.deadline).isoformat(),
                        days_overdue=stage.days_overdue,
                        challenger=record.challenger_agency,
                        challenged=record.challenged_agency,
                    )
                )
    return sorted(rows, key=lambda row: (-row.days_overdue, row.id, row.stage))


def _totals(records: Sequence[Record]) -> Totals:
    statuses = Counter(r.status for r in records)
    return Totals(len(records), statuses["open"], statuses["resolved"], statuses["withdrawn"])


def _stages(records: Sequence[Record]) -> dict[str, StageCounts]:
    reached = Counter(str(stage.stage) for r in records for stage in r.stages)
    resolved = Counter(str(r.resolution.stage) for r in records if r.resolution is not None)
    still = Counter(str(r.current_stage) for r in records if r.status == "open" and r.stages)
    return {s: StageCounts(reached[s], resolved[s], still[s]) for s in STAGES}


def _timescales(
    records: Sequence[Record], policy: Policy, today: date
) -> dict[str, TimescaleCounts]:
    # Stages 3 to 5 always (the report's stable shape), and any other the policy times.
    timed = sorted({*TIMED_STAGES, *(str(t.stage) for t in policy.timescales)})
    table = {s: dict.fromkeys(TIMESCALE_OUTCOMES, 0) for s in timed}
    for record in records:
        for stage in stage_timescales(record, policy, today):
            if stage.outcome is not None:
                table[str(stage.stage)][stage.outcome] += 1
    return {s: TimescaleCounts(**counts) for s, counts in table.items()}


def _days_to_resolution(resolved: Sequence[Record], policy: Policy) -> DaysToResolution:
    days = [r.days_to_resolution for r in resolved if r.days_to_resolution is not None]
    working = [working_days_to_resolution(r, policy) or 0 for r in resolved]
    by_stage = {
        s: [r.days_to_resolution or 0 for r in resolved if str(r.resolution.stage) == s]  # type: ignore[union-attr]
        for s in STAGES
    }
    return DaysToResolution(
        len(days),
        median(days),
        max(days, default=None),
        percentile(days, 90),
        working_days=DaySpread(
            len(working), median(working), max(working, default=None), percentile(working, 90)
        ),
        by_stage={s: _summary(values) for s, values in by_stage.items()},
    )


def _summary(days: Sequence[int]) -> DaySummary:
    return DaySummary(len(days), median(days), max(days, default=None))


def _rules(policy: Policy) -> dict[str, TimescaleRule]:
    """The timescales the outcomes were judged against, so a reader can see the rule."""
    referral = policy.referral
    return {
        str(t.stage): TimescaleRule(
            t.name,
            t.allowance,
            t.description,
            referral.description if referral and referral.stage == t.stage else "",
        )
        for t in policy.timescales
    }


def _agencies(records: Sequence[Record]) -> dict[str, AgencyCounts]:
    names = sorted({r.challenger_agency for r in records} | {r.challenged_agency for r in records})
    challengers = Counter(r.challenger_agency for r in records)
    challenged = Counter(r.challenged_agency for r in records)
    return {name: AgencyCounts(challengers[name], challenged[name]) for name in names}


def _agency_matrix(records: Sequence[Record]) -> dict[str, dict[str, int]]:
    """Challenger (row) by challenged (column): a full square over the agencies named."""
    names = sorted({r.challenger_agency for r in records} | {r.challenged_agency for r in records})
    pairs = Counter((r.challenger_agency, r.challenged_agency) for r in records)
    return {a: {b: pairs[(a, b)] for b in names} for a in names}


def _counts(values: Iterable[str], keys: Sequence[str]) -> dict[str, int]:
    """Counts of every known key (zeros included), plus any unexpected value seen."""
    counts = Counter(values)
    return {key: counts[key] for key in [*keys, *sorted(set(counts) - set(keys))]}


def outcome_of(record: Record) -> str:
    """A resolved dispute's outcome code, "not-recorded" if none was given."""
    return (record.resolution.outcome if record.resolution else None) or NOT_RECORDED


def age_band(record: Record, today: date) -> str | None:
    """An open dispute's band of days since it was opened ("8-14"); None if not open."""
    if record.status != "open":
        return None
    age = (today - record.opened).days
    return next(n for n, top in AGE_BANDS if top is None or age <= top)


def _open_by_age(records: Sequence[Record], today: date) -> dict[str, int]:
    bands = {name: 0 for name, _ in AGE_BANDS}
    for record in records:
        band = age_band(record, today)
        if band is not None:
            bands[band] += 1
    return bands


def _learning(resolved: Sequence[Record]) -> tuple[Learning, ...]:
    return tuple(
        Learning(r.id, r.resolution.effectiveness.strip(), r.resolution.suggestions.strip())
        for r in resolved
        if r.resolution and (r.resolution.effectiveness.strip() or r.resolution.suggestions.strip())
    )

"""One record in plain words: the monitoring form's sections, for `show` and `export`.

A form is a list of sections, each a heading and (label, value) rows; what a record
never held reads "not recorded". The text, Markdown and HTML renderers all read it,
so the terminal, the case-file export and the printout say the same things.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from disputes.policy.settings import Policy
from disputes.policy.timescales import StageTimescale, stage_timescales
from disputes.records.model import Moment, Person, Record, Resolution, Stage
from disputes.records.rules import signing_stage
from disputes.records.stagemodel import NEEDS_WORDS, StageModel

NOT_RECORDED = "not recorded"
Row = tuple[str, str]


@dataclass(frozen=True)
class Section:
    """A heading and its rows; `text` is narrative from the record's body."""

    heading: str
    rows: list[Row] = field(default_factory=list)
    text: str = ""


def words(value: str | None) -> str:
    """An enumerated value in words: 'child-in-need' reads 'child in need'."""
    return value.replace("-", " ") if value else NOT_RECORDED


def when(moment: Moment | None) -> str:
    """A date (or date-time) as the form shows it."""
    if moment is None:
        return NOT_RECORDED
    if isinstance(moment, datetime):
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.isoformat()


def person(who: Person | None) -> str:
    """'Name (designation, agency)', or not recorded."""
    if who is None:
        return NOT_RECORDED
    extra = ", ".join(p for p in (who.designation, who.agency) if p)
    return f"{who.name} ({extra})" if extra else who.name


def yes_no(value: bool | None) -> str:
    """A yes/no answer, or not recorded."""
    return NOT_RECORDED if value is None else ("yes" if value else "no")


def given(record: Record, path: str, value: object, otherwise: str = NOT_RECORDED) -> str:
    """A value as the record gives it: an imported record's stand-in reads 'not recorded'."""
    return otherwise if path in record.unrecorded else str(value)


def status_line(record: Record) -> str:
    """Where the dispute stands, in a sentence."""
    if record.resolution:
        outcome = f" ({words(record.resolution.outcome)})" if record.resolution.outcome else ""
        on = (
            "(date not recorded)"
            if "resolution.date" in record.unrecorded
            else f"on {record.resolution.date}"
        )
        return f"resolved at stage {record.resolution.stage} {on}{outcome}"
    if record.withdrawn:
        return f"withdrawn on {record.withdrawn.date}: {record.withdrawn.reason}"
    return f"open at stage {record.current_stage}"


def describe(
    record: Record,
    policy: Policy,
    model: StageModel,
    today: date,
    checked: Mapping[str, str] | None = None,
) -> list[Section]:
    """The monitoring form of one record, section by section; `checked`: each manager's
    sign-off as git shows it (history.standing), for the record's own block is a claim:
    a manager without one there is "not yet signed"."""
    timescales = stage_timescales(record, policy, today)
    sections = [_summary(record)]
    sections += [
        _stage(record, index, timescales[index], model, policy)
        for index, stage in enumerate(record.stages)
    ]
    sections.append(_closing(record))
    sections.append(_sign_off(record, checked or {}))
    return sections


def _summary(record: Record) -> Section:
    return Section(f"{record.id}: {record.title}", [
        ("Status", status_line(record)),
        ("Date opened", given(record, "opened", record.opened)),
        ("Child's case reference", record.child_reference),
        ("Immediate risk of harm", given(record, "immediate_risk", yes_no(record.immediate_risk))),
        ("Level of need", words(record.level_of_need)),
        ("Categories", given(record, "categories",
                             ", ".join(words(c) for c in record.categories))),
        ("Challenging agency", record.challenger_agency),
        ("Challenging agency's worker", person(record.challenger_worker)),
        ("Challenged agency", record.challenged_agency),
        ("Challenged agency's worker", person(record.challenged_worker)),
        *[(f"Reopened {r.date}", f"{r.reason} (had been {r.was})") for r in record.reopened],
    ])  # fmt: skip


def _stage(
    record: Record, index: int, timescale: StageTimescale, model: StageModel, policy: Policy
) -> Section:
    stage = record.stages[index]
    ended = when(timescale.end) if stage.ended or record.stage_dated(index) else NOT_RECORDED
    rows: list[Row] = [
        ("Started", given(record, f"stages.{index}.started", when(stage.started))),
        ("Ended", ended),
    ]
    needs = model.needs.get(stage.stage, ())
    fields: list[tuple[str, str, str]] = [
        ("supervisor", "Supervisor", person(stage.supervisor)),
        ("aim", "Aim", stage.aim or NOT_RECORDED),
        ("challenger_manager", "Challenging agency's manager", person(stage.challenger_manager)),
        ("challenged_manager", "Challenged agency's manager", person(stage.challenged_manager)),
        ("raised", "Concern reached the other manager", when(stage.raised)),
        ("referred", "Referred to the QAPM group", when(stage.referred)),
        ("group_date", "QAPM group date", when(stage.group_date)),
        ("panel", "Panel", "; ".join(
            person(p) for p in stage.representatives) or ", ".join(stage.panel) or NOT_RECORDED),
    ]  # fmt: skip
    for key, label, value in fields:
        if key in needs or value != NOT_RECORDED:
            rows.append((label, value))
    if stage.stage == 5:
        rows.append(("Agencies concerned on the panel", yes_no(stage.agencies_represented)))
        rows.append(("Representations received", yes_no(stage.representations_received)))
    rows.append(("Decision", stage.decision or NOT_RECORDED))
    if stage.stage == 5:
        rows.append(
            (
                "Group decision accepted or challenged",
                acceptance_words(record, stage) or "the group has not met yet",
            )
        )
    if timescale.deadline is not None:
        outcome = timescale.outcome or "no timescale (withdrawn at this stage)"
        late = f", {timescale.days_overdue} days late" if timescale.days_overdue else ""
        waiting = timescale.waiting_for_group  # the group to meet: `referral_to_meeting`
        rule = policy.referral if waiting else policy.timescale(stage.stage)
        allowance = f"{rule.allowance}: " if rule else ""
        label = "Timescale (the QAPM group to meet)" if waiting else "Timescale"
        rows.append((label, f"{allowance}deadline {when(timescale.deadline)}, {outcome}{late}"))
    return Section(f"Stage {stage.stage}: {model.name(stage.stage)}", rows)


def _closing(record: Record) -> Section:
    resolution = record.resolution
    if resolution is None:
        return Section("Closing", [("Status", status_line(record))])
    return Section("Closing", [
        ("Resolved", f"at stage {resolution.stage} (date not recorded)"
         if "resolution.date" in record.unrecorded
         else f"{resolution.date} at stage {resolution.stage}"),
        ("Outcome", words(resolution.outcome)),
        ("Shared with", ", ".join(resolution.shared_with) or NOT_RECORDED),
        ("Raising worker among them", raising_worker_words(resolution)),
        ("Time taken to reach resolution (days)",
         str(record.days_to_resolution) if record.days_to_resolution is not None
         else NOT_RECORDED),
        ("Debrief held", yes_no(resolution.debrief)),
        ("Effectiveness of the policy", resolution.effectiveness or NOT_RECORDED),
        ("Suggestions", resolution.suggestions or NOT_RECORDED),
    ])  # fmt: skip


def acceptance_words(record: Record, stage: Stage) -> str:
    """Each agency's answer to the QAPM group's decision, e.g. "Kent Police: accepted on
    2026-07-03; ..."; "" before the group has met, "not recorded" for one never given."""
    if stage.group_date is None and not stage.acceptance:
        return ""
    answers = {a.agency.strip().casefold(): a for a in stage.acceptance}
    parts = []
    for agency in (record.challenger_agency, record.challenged_agency):
        answer = answers.get(agency.strip().casefold())
        said = f"{answer.response} on {answer.date}" if answer else NOT_RECORDED
        parts.append(f"{agency}: {said}")
    return "; ".join(parts)


def raising_worker_words(resolution: Resolution) -> str:
    """Whether the worker who raised the concern was told the outcome, in words."""
    return yes_no(resolution.raising_worker_told)


ROLE_LABELS = (
    ("challenger_manager", "Challenging agency's manager"),
    ("challenged_manager", "Challenged agency's manager"),
)


def signatories(
    record: Record, checked: Mapping[str, str]
) -> list[tuple[str, str, Person | None, str]]:
    """Each signing manager: role, label, who the record names, and their sign-off in words:
    git's (`checked`), for the record's own block is only a claim; a paper sign-off of an
    imported record says so with the form's date."""
    signing = signing_stage(record)
    found = []
    for role, label in ROLE_LABELS:
        named = getattr(signing, role, None) if signing else None
        state = checked.get(role, "not yet signed")
        if record.withdrawn is not None and not record.sign_off:
            state = "no sign-off: the dispute was withdrawn"
        elif record.resolution and record.resolution.stage < 3 and not record.sign_off:
            state = f"no sign-off needed: resolved at stage {record.resolution.stage}"
        if "sign_off" in record.unrecorded:
            state = "not recorded in the imported source"
        elif record.signed_on_paper and (paper := record.sign_off.get(role)) is not None:
            named = named or paper
            state = (
                f"signed on paper on {paper.date}"
                if paper.date
                else "signed on paper (date not recorded)"
            )
        found.append((role, label, named, state))
    return found


def _sign_off(record: Record, checked: Mapping[str, str]) -> Section:
    signing = signing_stage(record)
    if "sign_off" in record.unrecorded:
        return Section("Sign-off", [("Both managers", "not recorded in the imported source")])
    if record.signed_on_paper:
        return Section(
            "Sign-off (on paper, imported)",
            [
                (
                    label,
                    f"{person(signed)}: signed on paper "
                    f"{signed.date if signed.date else '(date not recorded)'}",
                )
                for role, label in (
                    ("challenger_manager", "Challenging agency's manager"),
                    ("challenged_manager", "Challenged agency's manager"),
                )
                if (signed := record.sign_off.get(role)) is not None
            ],
        )
    rows: list[Row] = [
        (label, f"{person(named)}: {state}" if named else state)
        for _, label, named, state in signatories(record, checked)
    ]
    heading = f"Sign-off (managers named at stage {signing.stage})" if signing else "Sign-off"
    return Section(heading, rows)


__all__ = [
    "NEEDS_WORDS", "NOT_RECORDED", "Section", "acceptance_words", "describe",
    "raising_worker_words", "status_line",
]  # fmt: skip

"""The stage model's rules: what each stage holds, how it ends, and what closing asks for.

Format-2 records (`version: 2`) are held to the stage model of `schema/policy.yml`;
an older record is checked only where it already says something (an `ended` date),
so upgrading the tool never makes a valid record invalid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from disputes.records.model import Record, Severity, Stage, day_of
from disputes.records.rules import KeyPath, _sections
from disputes.records.stagemodel import NEEDS_WORDS, TOP_LEVEL_NEEDS, StageModel, missing_needs

Found = tuple[KeyPath, str, Severity]
OUTSTANDING = "Outstanding issues and how they will be pursued"
STAGE_RECORD = "Record of each stage"


def stage_model_issues(
    record: Record, data: Mapping[str, Any], model: StageModel, today: date
) -> Iterator[Found]:
    """Every stage-model problem of one schema-valid record."""
    yield from stage_ends(record)
    yield from qapm(record, today)  # a referral follows the stage model in any record
    if record.version < 2:
        return
    yield from stage_needs(record, data, model)
    yield from closing_duties(record)
    yield from reopenings(record, today)


def stage_ends(record: Record) -> Iterator[Found]:
    """A stage ends after it starts and no later than the next one starts."""
    for index, stage in enumerate(record.stages):
        if stage.ended is None:
            continue
        where: KeyPath = ("stages", index, "ended")
        if day_of(stage.ended) < day_of(stage.started):
            yield (
                where,
                f"stage {stage.stage} ended on {day_of(stage.ended)}, before it started ({day_of(stage.started)})",
                "error",
            )
        following = record.stages[index + 1] if index + 1 < len(record.stages) else None
        if following is not None and day_of(stage.ended) > day_of(following.started):
            yield (
                where,
                (
                    f"stage {stage.stage} ended on {day_of(stage.ended)}, after stage "
                    f"{following.stage} started ({day_of(following.started)})"
                ),
                "error",
            )


def stage_needs(record: Record, data: Mapping[str, Any], model: StageModel) -> Iterator[Found]:
    """Each stage holds the people and facts the policy says it needs."""
    reported: set[str] = set()
    for index, stage in enumerate(record.stages):
        for need in missing_needs(data, index, model):
            if need in TOP_LEVEL_NEEDS and need in reported:
                continue  # a worker missing from two stages is one gap
            reported.add(need)
            where: KeyPath = (
                (TOP_LEVEL_NEEDS[need], "worker") if need in TOP_LEVEL_NEEDS else ("stages", index)
            )
            option = f"--{need.replace('_', '-')}" + ("-name" if _is_person(need) else "")
            yield (
                where,
                (
                    f"stage {stage.stage} ({model.name(stage.stage)}) needs {NEEDS_WORDS[need]}: "
                    f"add it with `disputes amend {record.id} --stage {stage.stage} {option} ...`"
                ),
                "error",
            )


def _is_person(need: str) -> bool:
    return need.endswith(("_worker", "_manager")) or need == "supervisor"


def qapm(record: Record, today: date) -> Iterator[Found]:
    """Stage 5: referred before the group meets; once it ends, the panel and representations."""
    for index, stage in enumerate(record.stages):
        if stage.stage != 5 or (record.version < 2 and stage.referred is None):
            continue
        if stage.referred and stage.group_date and stage.group_date < stage.referred:
            yield (
                ("stages", index, "group_date"),
                (
                    f"the QAPM group met on {stage.group_date}, before the referral ({stage.referred})"
                ),
                "error",
            )
        agencies = {a.strip().casefold() for a in stage.panel}
        concerned = [
            a
            for a in (record.challenger_agency, record.challenged_agency)
            if a.strip().casefold() not in agencies
        ]
        asked = stage.referred is not None  # a referral made under the stage model
        if asked and stage.panel and concerned and stage.agencies_represented is not False:
            yield (
                ("stages", index, "panel"),
                (
                    f"{' and '.join(concerned)} {'is' if len(concerned) == 1 else 'are'} not on the "
                    "QAPM panel; the policy asks that the agencies concerned sit on it where possible. "
                    "If they could not, add 'agencies_represented: false' and say why in the notes"
                ),
                "warning",
            )
        if record.resolution is not None and index == len(record.stages) - 1:
            yield from _qapm_closed(stage, index, today)


def _qapm_closed(stage: Stage, index: int, today: date) -> Iterator[Found]:
    """A stage 5 the dispute was resolved at: the group met, a panel, representations."""
    for key, words in (
        ("group_date", "the date the QAPM group met (group_date)"),
        ("panel", "the panel's representatives (panel)"),
    ):
        if not getattr(stage, key) and key not in stage.not_recorded:
            yield ("stages", index), f"resolved at stage 5, so the record needs {words}", "error"
    if stage.group_date and stage.group_date > today:
        yield (
            ("stages", index, "group_date"),
            (f"resolved at stage 5, but the QAPM group date {stage.group_date} is in the future"),
            "error",
        )
    if stage.representations_received is not True and (
        "representations_received" not in stage.not_recorded
    ):
        yield (
            ("stages", index),
            (
                "resolved at stage 5: record that the group received both agencies' "
                "representations with 'representations_received: true'"
            ),
            "error",
        )


def closing_duties(record: Record) -> Iterator[Found]:
    """The form's closing questions: shared with, debrief, effectiveness, outstanding issues."""
    resolution = record.resolution
    if resolution is None:
        return
    excused = set(resolution.not_recorded)  # an older record's gaps, declared by migrate
    if not resolution.shared_with and "shared_with" not in excused:
        yield (
            ("resolution",),
            (
                "say who the completed record was shared with, at least the workers involved: "
                "add 'shared_with: [...]' under resolution"
            ),
            "error",
        )
    if resolution.debrief is None and "debrief" not in excused:
        yield (
            ("resolution",),
            (
                "say whether a debrief was held: add 'debrief: true' or 'debrief: false' under resolution"
            ),
            "error",
        )
    if resolution.stage >= 3:
        for key in ("effectiveness", "suggestions"):
            if not getattr(resolution, key).strip() and key not in excused:
                yield (
                    ("resolution",),
                    (
                        f"resolved at stage 3 or later, so the form asks for '{key}': how well the "
                        "policy worked, and how it could be improved"
                    ),
                    "error",
                )
    if OUTSTANDING not in _sections(record.body) and "outstanding" not in excused:
        yield (
            ("body",),
            (
                f"the heading '## {OUTSTANDING}' is missing from the text below the fields; write "
                "'None.' under it if nothing is outstanding"
            ),
            "error",
        )


def reopenings(record: Record, today: date) -> Iterator[Found]:
    """A reopening lies between the opening and today."""
    for index, reopening in enumerate(record.reopened):
        if reopening.date > today or reopening.date < record.opened:
            yield (
                ("reopened", index, "date"),
                (
                    f"reopened on {reopening.date}, which is not between the day the dispute was "
                    f"opened ({record.opened}) and today ({today})"
                ),
                "error",
            )

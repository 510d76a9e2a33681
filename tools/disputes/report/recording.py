"""How many of the facts the policy asks to be recorded the records hold: each stage's
decision, each agency's answer to the QAPM group's binding decision, and whether the
worker who raised the concern was told the outcome. A record made before they were asked
for counts as "not recorded", never as a "no"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from disputes.records.model import Record

RECORDING = (
    "stage-decision-recorded",
    "stage-decision-not-recorded",
    "group-decision-accepted",
    "group-decision-challenged",
    "group-decision-answer-not-recorded",
    "raising-worker-told",
    "raising-worker-not-told",
    "raising-worker-told-not-recorded",
)


def recording_counts(records: Sequence[Record], today: date) -> dict[str, int]:
    """Per fact, how many times the records hold it and how many times not (see RECORDING)."""
    counts = dict.fromkeys(RECORDING, 0)
    for record in records:
        for index, stage in enumerate(record.stages):
            ended = index < len(record.stages) - 1 or record.closed_on is not None
            if ended:
                counts[f"stage-decision-{'recorded' if stage.decision else 'not-recorded'}"] += 1
            if stage.stage == 5 and stage.group_date is not None and stage.group_date <= today:
                answered = {a.agency.strip().casefold(): a.response for a in stage.acceptance}
                for agency in (record.challenger_agency, record.challenged_agency):
                    response = answered.get(agency.strip().casefold())
                    counts[f"group-decision-{response or 'answer-not-recorded'}"] += 1
        told = record.resolution.raising_worker_told if record.resolution else None
        if record.resolution is not None:
            key = {True: "told", False: "not-told", None: "told-not-recorded"}[told]
            counts[f"raising-worker-{key}"] += 1
    return counts

"""The record page's "Each stage" table: who handled each stage and the decision reached.

Kept apart from `record.py` so the stage model's fields have one small renderer; what
an older record never held reads "not recorded".
"""

from __future__ import annotations

from disputes.records.model import Person, Record, Stage
from disputes.site.markup import esc, table

NOT_RECORDED = "not recorded"


def _who(person: Person | None) -> str:
    if person is None:
        return NOT_RECORDED
    return ", ".join(p for p in (person.name, person.designation, person.agency) if p)


def _people(record: Record, stage: Stage) -> list[tuple[str, str]]:
    """The people and facts of one stage, as (label, value)."""
    rows: list[tuple[str, str]] = []
    if stage.stage == 1:
        rows += [("Worker", _who(record.challenger_worker)), ("Supervisor", _who(stage.supervisor)),
                 ("Aim", stage.aim or NOT_RECORDED)]  # fmt: skip
    if stage.stage == 2:
        rows += [("Challenging worker", _who(record.challenger_worker)),
                 ("Challenged worker", _who(record.challenged_worker))]  # fmt: skip
    if stage.stage >= 3 and (stage.stage < 5 or stage.challenger_manager):
        rows += [("Challenging agency's manager", _who(stage.challenger_manager)),
                 ("Challenged agency's manager", _who(stage.challenged_manager))]  # fmt: skip
    if stage.stage == 5:
        panel = "; ".join(_who(p) for p in stage.representatives) or ", ".join(stage.panel)
        rows += [
            ("Referred", stage.referred.isoformat() if stage.referred else NOT_RECORDED),
            ("Panel", panel or NOT_RECORDED),
            ("Representations received",
             {True: "yes", False: "no", None: NOT_RECORDED}[stage.representations_received]),
        ]  # fmt: skip
    return rows


def stage_table(record: Record) -> str:
    """One row per stage: its people and its decision."""
    rows = []
    for stage in record.stages:
        people = "<br>".join(f"{esc(k)}: {esc(v)}" for k, v in _people(record, stage))
        rows.append([esc(stage.stage), people, esc(stage.decision or NOT_RECORDED)])
    return table(["Stage", "Who and what", "Decision"], rows, attrs='id="each-stage"')

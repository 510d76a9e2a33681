"""What `disputes new` asks, in the form's order, each answer checked as it is given."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from disputes.cli.ask import (
    choose_agency,
    choose_many,
    choose_one,
    date_check,
    prompt,
    text_check,
    yes_no,
)
from disputes.cli.stagefields import ask_optional, complete_fields, given_fields
from disputes.edit.create import NewRecord
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED
from disputes.records.stagemodel import STAGE_FIELDS, StageModel

REFERENCE = re.compile(r"^(?=[^ ]*[0-9])[A-Za-z0-9/._-]{2,40}$")
NOT_KNOWN = "not known"


def reference_check(answer: str) -> str:
    """The agencies' case reference: no spaces, at least one digit, never a name."""
    if not REFERENCE.match(answer):
        raise ValueError(
            "a case reference has no spaces and at least one digit, e.g. C-104233; never a name"
        )
    return answer


def _stage_check(immediate_risk: bool) -> Any:
    def check(answer: str) -> int:
        if answer not in ("1", "2", "3", "4", "5"):
            raise ValueError("choose a stage from 1 to 5")
        if int(answer) > 3 and not immediate_risk:
            raise ValueError(
                "a dispute starts at stage 4 or 5 only when the child is at immediate risk"
            )
        return int(answer)

    return check


def _parties(opts: dict[str, Any], agencies: Sequence[str]) -> tuple[str, str]:
    challenger = opts["challenger_agency"] or choose_agency(
        "--challenger-agency", "Challenging agency", agencies
    )
    challenged = opts["challenged_agency"]
    while not challenged:
        challenged = choose_agency("--challenged-agency", "Challenged agency", agencies)
        if challenged.casefold() == challenger.casefold():
            click.echo(
                "The challenged agency must be another agency than the challenger.", err=True
            )
            challenged = None
    return challenger, challenged


def collect_new(
    opts: dict[str, Any], today: date, agencies: Sequence[str], model: StageModel
) -> tuple[NewRecord, dict[str, Any]]:
    """The new record's basics, and the fields its first stage needs (see stagefields).

    When the form's basics are all given as options (a script), the questions that
    have a default take it without asking; otherwise every question is asked.
    """
    basics = ("title", "child_reference", "challenger_agency", "challenged_agency", "categories")
    asking = not all(opts[key] for key in basics)
    title = opts["title"] or prompt("--title", "Title (no names)", text_check(3, 200))
    opened = opts["opened"] or (today if not asking else None) or prompt(
        "--opened", "Date the disagreement was first raised (YYYY-MM-DD)", date_check(today),
        today.isoformat(),
    )  # fmt: skip
    reference = opts["child_reference"] or prompt(
        "--child-reference", "Child's case reference (never a name)", reference_check
    )
    challenger, challenged = _parties(opts, agencies)
    categories = tuple(opts["categories"]) or choose_many(
        "--category", "What is it about (several may apply)", CATEGORIES, "Category"
    )
    risk, level, stage, started = _start(opts, asking, today, opened)
    sides = {"challenger": {"agency": challenger}, "challenged": {"agency": challenged}}
    fields = _first_stage(opts, stage, started, risk, asking, sides, model, agencies, today)
    summary = opts["summary"] or ""
    if asking and not summary:
        summary = prompt(
            "--summary", "The reason for the dispute in a sentence or two (Enter to write it later)",
            lambda a: a, "",
        )  # fmt: skip
    record = NewRecord(
        title=title, opened=opened, child_reference=reference, challenger_agency=challenger,
        challenged_agency=challenged, categories=categories, immediate_risk=risk,
        level_of_need=None if level == NOT_KNOWN else level, stage=stage, started=started,
        summary=summary,
    )  # fmt: skip
    return record, fields


def _first_stage(
    opts: dict[str, Any],
    stage: int,
    started: date,
    risk: bool,
    asking: bool,
    sides: dict[str, Any],
    model: StageModel,
    agencies: Sequence[str],
    today: date,
) -> dict[str, Any]:
    """The first stage's fields: those given, then what the stage needs, asked for."""
    fields = given_fields(opts)
    if opts["worker_name"]:
        worker = {"name": opts["worker_name"], "designation": opts["worker_designation"]}
        fields.setdefault("challenger_worker", {k: v for k, v in worker.items() if v})
    for key in [k for k in fields if k not in STAGE_FIELDS[stage]]:
        del fields[key]
        click.echo(
            f"warning: --{key.replace('_', '-')} belongs to another stage than stage {stage}, "
            "where this dispute starts; it was left out (add it with `disputes amend` later)",
            err=True,
        )
    if stage == 5:
        fields.setdefault("referred", started)
    if stage <= 3 or risk:  # else validation refuses the stage, before anyone is asked
        fields = complete_fields(stage, fields, sides, model, agencies, today)
        if asking:  # every field of the stage is offered, not only those it needs
            fields = ask_optional(stage, fields, today)
    return fields


def _start(
    opts: dict[str, Any], asking: bool, today: date, opened: date
) -> tuple[bool, str, int, date]:
    """Immediate risk, level of need, the stage it starts at and the day that stage started."""
    risk = opts["immediate_risk"]
    if risk is None:
        risk = asking and yes_no(
            "--immediate-risk", "Is the child thought to be at risk of immediate harm?", False
        )
    level = (
        opts["level_of_need"]
        or (NOT_KNOWN if not asking else None)
        or choose_one("--level-of-need", "Level of need", (*LEVELS_OF_NEED, NOT_KNOWN), NOT_KNOWN)
    )
    stage = (
        opts["stage"]
        or (1 if not asking else None)
        or prompt(
            "--stage", "Stage it starts at (1-3; 4 or 5 at immediate risk)", _stage_check(risk), "1"
        )
    )
    started = opts["started"] or (opened if not asking else None) or prompt(
        "--started", f"Date stage {stage} started (YYYY-MM-DD)", date_check(today, opened),
        opened.isoformat(),
    )  # fmt: skip
    return risk, level, stage, started

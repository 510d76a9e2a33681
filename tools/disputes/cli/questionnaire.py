"""What `disputes new` asks, in the form's order, each answer checked as it is given."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from disputes.cli.answers import RegisterRules, checked, sentence
from disputes.cli.ask import choose_agency, choose_many, choose_one, date_check, prompt, yes_no
from disputes.cli.stagefields import answer, ask_optional, complete_fields, given_fields
from disputes.edit.create import NewRecord
from disputes.records.model import CATEGORIES, LEVELS_OF_NEED
from disputes.records.stagemodel import STAGE_FIELDS, StageModel

NOT_KNOWN = "not known"


def _stage_check(immediate_risk: bool, rules: RegisterRules) -> Any:
    """The stage a dispute starts at, by the schema's rule of where it may start."""

    def check(answer: str) -> int:
        if not answer.isdigit():
            raise ValueError("choose a stage from 1 to 5")
        data = {"immediate_risk": immediate_risk, "stages": [{"stage": int(answer)}]}
        problems = rules.schema.problems_at(data, ("stages", 0, "stage"))
        if problems:
            raise ValueError(sentence(problems[0]))
        return int(answer)

    return check


def _parties(opts: dict[str, Any], rules: RegisterRules) -> tuple[str, str]:
    challenger = _agency(opts["challenger_agency"], "--challenger-agency", "Challenging", rules)
    challenged = opts["challenged_agency"] and checked(
        opts["challenged_agency"], "--challenged-agency", _other(challenger, rules.agency)
    )
    while not challenged:
        challenged = _agency(None, "--challenged-agency", "Challenged", rules)
        try:
            _other(challenger, str)(challenged)
        except ValueError as error:
            click.echo(f"Error: {error}", err=True)
            challenged = None
    return challenger, challenged


def _agency(value: str | None, option: str, which: str, rules: RegisterRules) -> str:
    if value:
        return str(checked(value, option, rules.agency))
    return choose_agency(option, f"{which} agency", rules)


def _other(challenger: str, check: Any) -> Any:
    """The challenged agency: another than the challenger (the `parties` rule)."""

    def other(answer: str) -> str:
        name = check(answer)
        if name.casefold() == challenger.casefold():
            raise ValueError("the challenged agency must be another agency than the challenger")
        return str(name)

    return other


def collect_new(
    opts: dict[str, Any], today: date, rules: RegisterRules, model: StageModel
) -> tuple[NewRecord, dict[str, Any]]:
    """The new record's basics, and the fields its first stage needs (see stagefields).

    When the form's basics are all given as options (a script), the questions that
    have a default take it without asking; otherwise every question is asked.
    """
    basics = ("title", "child_reference", "challenger_agency", "challenged_agency", "categories")
    asking = not all(opts[key] for key in basics)
    title = answer(opts["title"], "--title", "Title (no names)", rules.field(("title",)))
    opened = (
        opts["opened"] and checked(opts["opened"].isoformat(), "--opened", date_check(today))
    ) or (today if not asking else None) or prompt(
        "--opened", "Date the disagreement was first raised (YYYY-MM-DD)", date_check(today),
        today.isoformat(),
    )  # fmt: skip
    reference = answer(
        opts["child_reference"], "--child-reference", "Child's case reference (never a name)",
        rules.field(("child", "reference")),
    )  # fmt: skip
    challenger, challenged = _parties(opts, rules)
    categories = tuple(opts["categories"]) or choose_many(
        "--category", "What is it about (several may apply)", CATEGORIES, "Category"
    )
    risk, level, stage, started = _start(opts, asking, today, opened, rules)
    sides = {"challenger": {"agency": challenger}, "challenged": {"agency": challenged}}
    fields = _first_stage(opts, stage, started, risk, asking, sides, model, rules, today)
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
    rules: RegisterRules,
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
        fields = complete_fields(stage, fields, sides, model, rules, today)
        if asking:  # every field of the stage is offered, not only those it needs
            fields = ask_optional(stage, fields, today, started)
    return fields


def _start(
    opts: dict[str, Any], asking: bool, today: date, opened: date, rules: RegisterRules
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
    if opts["stage"]:
        checked(str(opts["stage"]), "--stage", _stage_check(risk, rules))
    stage = (
        opts["stage"]
        or (1 if not asking else None)
        or prompt(
            "--stage",
            "Stage it starts at (1-3; 4 or 5 at immediate risk)",
            _stage_check(risk, rules),
            "1",
        )
    )
    if opts["started"]:
        checked(opts["started"].isoformat(), "--started", date_check(today, opened, "it opened"))
    started = opts["started"] or (opened if not asking else None) or prompt(
        "--started", f"Date stage {stage} started (YYYY-MM-DD)", date_check(today, opened, "it opened"),
        opened.isoformat(),
    )  # fmt: skip
    return risk, level, stage, started

"""A stage's fields from options or checked prompts: the people and facts each stage needs.

What a stage needs comes from `schema/policy.yml` (`records.stagemodel`); anything the
command was not given and the stage needs is asked for, each answer checked as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import click

from disputes.cli.answers import RegisterRules, checked
from disputes.cli.ask import choose_agency, date_check, prompt
from disputes.cli.options import date_option
from disputes.records.rules import panel_problem
from disputes.records.schemacheck import KeyPath
from disputes.records.stagemodel import NEEDS_WORDS, STAGE_FIELDS, StageModel

PERSON_PARTS = ("name", "designation", "agency", "email")
PEOPLE = {
    "challenger_worker": "challenging agency's worker",
    "challenged_worker": "challenged agency's worker",
    "supervisor": "worker's supervisor",
    "challenger_manager": "challenging agency's manager",
    "challenged_manager": "challenged agency's manager",
}
SIDE = {  # which party's agency a person belongs to
    "challenger_worker": "challenger", "challenged_worker": "challenged", "supervisor": "challenger",
    "challenger_manager": "challenger", "challenged_manager": "challenged",
}  # fmt: skip


def stage_field_options(*, managers: bool = True, stage5: bool = True) -> Callable[[Any], Any]:
    """Options for every field a stage can hold (managers and stage 5 optional, as some
    commands already define them)."""

    def decorate(func: Any) -> Any:
        roles = [r for r in PEOPLE if managers or not r.endswith("_manager")]
        for role in reversed(roles):
            for part in reversed(PERSON_PARTS):
                flag = f"--{role.replace('_', '-')}-{part}"
                func = click.option(flag, help=f"The {PEOPLE[role]}'s {part}.")(func)
        func = click.option(
            "--aim", help="Stage 1: what the worker and supervisor aim to achieve."
        )(func)
        func = click.option("--decision", help="The decision reached at the stage, in a sentence.")(
            func
        )
        func = date_option(
            "--referred", help="Stage 5: the date of the referral to the QAPM group."
        )(func)
        func = date_option(
            "--raised", help="Stage 3: the day the concern reached the other agency's manager."
        )(func)
        func = click.option(
            "--panel-member",
            "panel_members",
            multiple=True,
            metavar="'NAME; DESIGNATION; AGENCY'",
            help="Stage 5: a representative on the QAPM panel; repeat.",
        )(func)
        func = click.option(
            "--representations-received/--representations-not-received",
            default=None,
            help="Stage 5: the group received both agencies' representations.",
        )(func)
        func = click.option(
            "--agencies-represented/--agencies-not-represented",
            default=None,
            help="Stage 5: the two agencies in the dispute sat on the panel.",
        )(func)
        if stage5:
            func = date_option("--group-date", help="Stage 5: the date the QAPM group meets.")(func)
            func = click.option(
                "--panel",
                multiple=True,
                help="Stage 5: an agency on the panel (older form); repeat.",
            )(func)
        return func

    return decorate


def panel_member(text: str) -> dict[str, str]:
    """'Name; Designation; Agency' (designation may be left out) as a representative."""
    parts = [p.strip() for p in text.split(";")]
    if len(parts) == 2 and all(parts):
        return {"name": parts[0], "agency": parts[1]}
    if len(parts) == 3 and parts[0] and parts[2]:
        return (
            {"name": parts[0], "designation": parts[1], "agency": parts[2]}
            if parts[1]
            else {"name": parts[0], "agency": parts[2]}
        )
    raise click.BadParameter(
        f"'{text}' should be 'Name; Designation; Agency', e.g. 'Pat Doe; Head of Service; Kent Police'",
        param_hint="--panel-member",
    )


def given_fields(opts: Mapping[str, Any]) -> dict[str, Any]:
    """The stage fields given as options, by their record names."""
    fields: dict[str, Any] = {}
    for role in PEOPLE:
        person = {p: opts.get(f"{role}_{p}") for p in PERSON_PARTS if opts.get(f"{role}_{p}")}
        if person:
            fields[role] = person
    for key in (
        "aim",
        "decision",
        "raised",
        "referred",
        "group_date",
        "representations_received",
        "agencies_represented",
    ):
        if opts.get(key) is not None:
            fields[key] = opts[key]
    members = [panel_member(m) for m in opts.get("panel_members") or ()]
    if members or opts.get("panel"):
        fields["panel"] = members or list(opts["panel"])
        problem = panel_problem(m["agency"] if isinstance(m, dict) else m for m in fields["panel"])
        if problem:
            raise click.BadParameter(problem, param_hint="--panel-member")
    return fields


def answer(
    value: Any, option: str, text: str, check: Callable[[str], Any], default: Any = None
) -> Any:
    """An option's value checked as given, or the question asked until its answer passes."""
    if value is not None:
        return checked(value, option, check)
    return prompt(option, text, check, default)


def ask_person(
    role: str, agency: str, given: Mapping[str, str], rules: RegisterRules, ask: bool = True
) -> dict[str, str]:
    """A person's name, designation, agency (the side's by default) and, for a manager, email:
    each checked as it is given, by the rules of the field it fills (`ask` False: what the
    options gave is all the stage needs, so only that is checked)."""
    words = PEOPLE[role]
    flag = f"--{role.replace('_', '-')}"
    where: KeyPath = (SIDE[role], "worker") if role.endswith("_worker") else ("stages", 0, role)
    person = dict(given)
    for part, question in (("name", "name"), ("designation", "job title")):
        check = rules.field((*where, part))
        person[part] = answer(given.get(part), f"{flag}-{part}", f"The {words}'s {question}", check)
    if "agency" in given:
        person["agency"] = checked(given["agency"], f"{flag}-agency", rules.agency)
    elif ask and not role.endswith("_worker"):  # a worker is their side's
        person["agency"] = choose_agency(f"{flag}-agency", f"The {words}'s agency", rules, agency)
    if role.endswith("_manager"):
        check = rules.email((*where, "email"), person["agency"])
        person["email"] = answer(
            given.get("email"), f"{flag}-email", f"The {words}'s work email (it signs the form)",
            check,
        )  # fmt: skip
    return person


def complete_fields(
    number: int,
    fields: dict[str, Any],
    data: Mapping[str, Any],
    model: StageModel,
    rules: RegisterRules,
    today: date,
) -> dict[str, Any]:
    """Ask for what stage `number` needs and neither the record nor the options hold; what the
    options give for it is checked first, by the same rules."""
    for need in model.needs.get(number, ()):
        if need in PEOPLE:
            side = data.get(SIDE[need]) or {}
            if need.endswith("_worker") and side.get("worker") and need not in fields:
                continue  # the record already names this worker
            # A manager signs the form, so needs an email; a worker's agency is their side's.
            wanted = PERSON_PARTS if need.endswith("_manager") else ("name", "designation")
            given = fields.get(need, {})
            complete = all(part in given for part in wanted)
            agency = str(side.get("agency", ""))
            fields[need] = ask_person(need, agency, given, rules, ask=not complete)
        elif need in ("referred", "group_date", "raised") and need not in fields:
            fields[need] = prompt(
                f"--{need.replace('_', '-')}",
                f"Stage {number}: {NEEDS_WORDS[need]} (YYYY-MM-DD)",
                date_check(None if need == "group_date" else today),
                today.isoformat(),
            )
        elif need in ("aim", "decision"):
            fields[need] = answer(
                fields.get(need), f"--{need}", f"Stage {number}: {NEEDS_WORDS[need]}",
                rules.field(("stages", 0, need)),
            )  # fmt: skip
        elif need == "panel" and need not in fields:
            fields[need] = [
                panel_member(m)
                for m in prompt(
                    "--panel-member",
                    "Stage 5: the panel's representatives, 'Name; Designation; Agency', separated by '|'",
                    _panel_check,
                ).split("|")
            ]
    return fields


def _panel_check(answer: str) -> str:
    try:
        members = [panel_member(member) for member in answer.split("|")]
    except click.BadParameter as error:
        raise ValueError(error.message) from None
    problem = panel_problem(m["agency"] for m in members)
    if problem:
        raise ValueError(problem)
    return answer


OPTIONAL_QUESTIONS = {
    "raised": "Stage 3: the day the concern reached the other manager, if it has (YYYY-MM-DD)",
    "group_date": "Stage 5: the date the QAPM group meets, if known (YYYY-MM-DD)",
}


def ask_optional(
    number: int, fields: dict[str, Any], today: date, started: date | None = None
) -> dict[str, Any]:
    """In an interactive session, the stage's other dated fields (not before the stage
    `started`); Enter leaves one out."""
    for key, question in OPTIONAL_QUESTIONS.items():
        if key not in STAGE_FIELDS.get(number, ()):
            continue
        latest = None if key == "group_date" else today
        check = date_check(latest, started, f"stage {number} started")
        if key in fields:  # given as an option: checked as given
            checked(str(fields[key]), f"--{key.replace('_', '-')}", check)
            continue
        answer = prompt(
            f"--{key.replace('_', '-')}",
            question + " (Enter to skip)",
            lambda a, check=check: check(a) if a else "",  # type: ignore[misc]
            "",
        )
        if answer:
            fields[key] = answer
    return fields

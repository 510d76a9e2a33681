"""A stage's fields from options or checked prompts: the people and facts each stage needs.

What a stage needs comes from `schema/policy.yml` (`records.stagemodel`); anything the
command was not given and the stage needs is asked for, each answer checked as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import click

from disputes.cli.ask import choose_agency, date_check, email_check, prompt, text_check
from disputes.cli.options import date_option
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
    return fields


def ask_person(
    role: str, agency: str, given: Mapping[str, str], agencies: Sequence[str]
) -> dict[str, str]:
    """A person's name, designation, agency (the side's by default) and, for a manager, email."""
    words = PEOPLE[role]
    flag = f"--{role.replace('_', '-')}"
    person = dict(given)
    if "name" not in person:  # asked only when not given (setdefault would ask anyway)
        person["name"] = prompt(f"{flag}-name", f"The {words}'s name", text_check(2, 200))
    if "designation" not in person:
        person["designation"] = prompt(
            f"{flag}-designation", f"The {words}'s job title", text_check(2, 200)
        )
    if "agency" not in person and not role.endswith("_worker"):  # a worker is their side's
        person["agency"] = choose_agency(
            f"{flag}-agency", f"The {words}'s agency", agencies, agency
        )
    if role.endswith("_manager") and "email" not in person:
        person["email"] = prompt(
            f"{flag}-email", f"The {words}'s work email (it signs the form)", email_check
        )
    return person


def complete_fields(
    number: int,
    fields: dict[str, Any],
    data: Mapping[str, Any],
    model: StageModel,
    agencies: Sequence[str],
    today: date,
) -> dict[str, Any]:
    """Ask for what stage `number` needs and neither the record nor the options hold."""
    for need in model.needs.get(number, ()):
        if need in PEOPLE:
            side = data.get(SIDE[need]) or {}
            if need.endswith("_worker") and side.get("worker") and need not in fields:
                continue  # the record already names this worker
            # A manager signs the form, so needs an email; a worker's agency is their side's.
            wanted = PERSON_PARTS if need.endswith("_manager") else ("name", "designation")
            if all(part in fields.get(need, {}) for part in wanted):
                continue
            agency = str(side.get("agency", ""))
            fields[need] = ask_person(need, agency, fields.get(need, {}), agencies)
        elif need in ("referred", "group_date", "raised") and need not in fields:
            fields[need] = prompt(
                f"--{need.replace('_', '-')}",
                f"Stage {number}: {NEEDS_WORDS[need]} (YYYY-MM-DD)",
                date_check(None if need == "group_date" else today),
                today.isoformat(),
            )
        elif need in ("aim", "decision") and need not in fields:
            fields[need] = prompt(
                f"--{need}", f"Stage {number}: {NEEDS_WORDS[need]}", text_check(3)
            )
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
    for member in answer.split("|"):
        try:
            panel_member(member)
        except click.BadParameter as error:
            raise ValueError(error.message) from None
    return answer


OPTIONAL_QUESTIONS = {
    "raised": "Stage 3: the day the concern reached the other manager, if it has (YYYY-MM-DD)",
    "group_date": "Stage 5: the date the QAPM group meets, if known (YYYY-MM-DD)",
}


def ask_optional(number: int, fields: dict[str, Any], today: date) -> dict[str, Any]:
    """In an interactive session, the stage's other dated fields; Enter leaves one out."""
    for key, question in OPTIONAL_QUESTIONS.items():
        if key in fields or key not in STAGE_FIELDS.get(number, ()):
            continue
        latest = None if key == "group_date" else today
        check = date_check(latest)
        answer = prompt(
            f"--{key.replace('_', '-')}",
            question + " (Enter to skip)",
            lambda a, check=check: check(a) if a else "",  # type: ignore[misc]
            "",
        )
        if answer:
            fields[key] = answer
    return fields

"""The facts the policy asks to be recorded at a step, asked where the step happens.

The QAPM group's decision accepted or challenged by each agency (at stage 5), the
decision reached at each stage, and whether the worker who raised the concern was
told the outcome. Each is asked after the step's other questions, with Enter (or
no terminal) leaving it out: a record without one says "not recorded".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import click

from disputes.cli.ask import date_check, prompt, text_check
from disputes.records.model import ACCEPTANCE_RESPONSES

T = TypeVar("T")
YES = {"y": True, "yes": True, "n": False, "no": False}


def fact_options(func: Any) -> Any:
    """`--acceptance` (repeat) and `--raising-worker-told/--raising-worker-not-told`."""
    func = acceptance_option(func)
    return click.option(
        "--raising-worker-told/--raising-worker-not-told",
        default=None,
        help="Whether the worker who raised the concern was among those told the outcome.",
    )(func)


def acceptance_entry(text: str, agencies: tuple[str, ...], today: date) -> dict[str, Any]:
    """'Agency; accepted; 2026-11-30' as an acceptance entry, the agency one of the two."""
    parts = [p.strip() for p in text.split(";")]
    if len(parts) != 3:
        raise ValueError(
            f"'{text}' should be 'Agency; accepted or challenged; YYYY-MM-DD', "
            f"e.g. '{(agencies or ('Kent Police',))[0]}; accepted; {today.isoformat()}'"
        )
    agency, response, day = parts
    known = {a.casefold(): a for a in agencies} or {agency.casefold(): agency}  # none: the rule
    if agency.casefold() not in known:
        raise ValueError(f"'{agency}' is not an agency in this dispute: {' or '.join(agencies)}")
    if response.casefold() not in ACCEPTANCE_RESPONSES:
        raise ValueError(f"'{response}' should be 'accepted' or 'challenged'")
    return {
        "agency": known[agency.casefold()],
        "response": response.casefold(),
        "date": date_check(today)(day),
    }


def _optional(option: str, text: str, check: Callable[[str], T], hint: str = "") -> T | None:
    """Asked in a terminal; Enter, or no terminal to ask, leaves it out."""
    question = f"{text} ({hint + ', or ' if hint else ''}Enter to leave it out)"
    return prompt(option, question, lambda a: check(a) if a else None, "")


def _yes_no(answer: str) -> bool:
    if answer.casefold() not in YES:
        raise ValueError("answer yes or no")
    return YES[answer.casefold()]


def ask_facts(
    opts: Mapping[str, Any], stage: int, data: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """At resolution: `raising_worker_told` and, at stage 5, `acceptance` (given or asked)."""
    agencies = tuple(
        str((data.get(s) or {}).get("agency", "")) for s in ("challenger", "challenged")
    )
    facts: dict[str, Any] = {}
    given = [_given(a, agencies, today) for a in opts.get("acceptances") or ()]
    if stage == 5:
        facts["acceptance"] = given or [
            a for agency in agencies if (a := _ask_acceptance(agency, agencies, today))
        ]
    elif given:
        raise click.BadParameter(
            "the QAPM group decides at stage 5 only", param_hint="--acceptance"
        )
    told = opts.get("raising_worker_told")
    worker = ((data.get("challenger") or {}).get("worker") or {}).get("name") or "the worker"
    facts["raising_worker_told"] = (
        told
        if told is not None
        else _optional(
            "--raising-worker-told",
            f"Was {worker}, who raised the concern, among those told the outcome?",
            _yes_no,
            "yes or no",
        )
    )
    return facts


def acceptance_option(func: Any) -> Any:
    """`--acceptance` alone (for `amend --stage 5`)."""
    return click.option(
        "--acceptance",
        "acceptances",
        multiple=True,
        metavar="'AGENCY; accepted|challenged; YYYY-MM-DD'",
        help="Stage 5: an agency's answer to the QAPM group's decision; repeat per agency.",
    )(func)


def given_acceptance(opts: Mapping[str, Any], today: date) -> list[dict[str, Any]]:
    """The `--acceptance` options as entries (which agency: the record's rules check)."""
    return [_given(a, (), today) for a in opts.get("acceptances") or ()]


def _given(text: str, agencies: tuple[str, ...], today: date) -> dict[str, Any]:
    try:
        return acceptance_entry(text, agencies, today)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--acceptance") from None


def _ask_acceptance(agency: str, agencies: tuple[str, ...], today: date) -> dict[str, Any] | None:
    response = _optional(
        "--acceptance",
        f"Did {agency} accept or challenge the QAPM group's decision?",
        lambda a: acceptance_entry(f"{agency}; {a}; {today.isoformat()}", agencies, today),
        "accepted or challenged",
    )
    if response is None:
        return None
    response["date"] = prompt(
        "--acceptance",
        f"The day {agency} {response['response']} it (YYYY-MM-DD)",
        date_check(today),
        today.isoformat(),
    )
    return response


def ask_decision(stage: int) -> str | None:
    """The decision reached at the stage a dispute leaves (escalate asks it last)."""
    return _optional("--decision", f"The decision reached at stage {stage}", text_check(3))

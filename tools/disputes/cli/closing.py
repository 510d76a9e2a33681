"""Closing a dispute: `disputes resolve` with the form's closing questions, and `withdraw`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.answers import RegisterRules, checked, stage_started
from disputes.cli.ask import ask_day, prompt, text_check, yes_no
from disputes.cli.edit import open_record, run_edit, seen_text
from disputes.cli.facts import ask_facts, fact_options
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.stagefields import answer
from disputes.edit import roundtrip as edit
from disputes.edit import stages
from disputes.edit.body import OUTSTANDING, add_section_text
from disputes.records.config import check_root
from disputes.records.model import OUTCOMES, REQUIRED_WHEN_RESOLVED
from disputes.records.rules import section_problem

SUMMARY, AGREED = REQUIRED_WHEN_RESOLVED
__all__ = ["AGREED", "OUTSTANDING", "closing_answers", "closing_sections", "resolve", "withdraw"]
QUESTIONS = {
    SUMMARY: ("--summary", "The reason for the dispute, in a sentence or two"),
    AGREED: ("--agreed", "The agreed outcomes and actions"),
}


def closing_sections(text: str, given: Mapping[str, str | None]) -> dict[str, str | None]:
    """The text for each section a resolved dispute needs: given as an option, or asked for
    when the record's section is missing or empty (by the rule `validate` applies)."""
    body = edit.split_record(text).rest
    found: dict[str, str | None] = {}
    for heading, (option, question) in QUESTIONS.items():

        def check(answer: str, heading: str = heading) -> str:
            problem = section_problem(add_section_text(body, heading, answer), heading)
            if problem:
                raise ValueError(problem)
            return answer

        value = given.get(heading)
        if value is not None:
            found[heading] = checked(value, option, check)
        elif section_problem(body, heading):
            found[heading] = prompt(option, question, check)
    return found


def _workers(data: Mapping[str, Any]) -> str:
    names = [
        str(((data.get(side) or {}).get("worker") or {}).get("name", ""))
        for side in ("challenger", "challenged")
    ]
    return ", ".join(n for n in names if n)


def _names(answer: str) -> list[str]:
    names = [n.strip() for n in answer.split(",") if n.strip()]
    if not names:
        raise ValueError("name at least the worker the record was shared with")
    return names


def closing_answers(
    opts: Mapping[str, Any], stage: int, data: Mapping[str, Any], rules: RegisterRules
) -> dict[str, Any]:
    """outcome, decision, shared_with, debrief, effectiveness, suggestions and outstanding:
    each option checked, and each answer checked as it is given, by the record's rules."""
    answers: dict[str, Any] = {"outcome": opts.get("outcome")}
    answers["decision"] = answer(
        opts.get("decision"), "--decision", f"The decision reached at stage {stage}",
        rules.field(("stages", 0, "decision")),
    )  # fmt: skip
    shared = rules.field(("resolution", "shared_with"), _names)
    given = opts.get("shared_with") or ()
    one = rules.field(("resolution", "shared_with", 0))  # an option gives one name, as written
    answers["shared_with"] = [checked(n, "--shared-with", one) for n in given] or prompt(
        "--shared-with", "Who was the record shared with (names, separated by commas)",
        shared, _workers(data) or None,
    )  # fmt: skip
    debrief = opts.get("debrief")
    answers["debrief"] = (
        debrief
        if debrief is not None
        else yes_no("--debrief/--no-debrief", "Was a debrief held with the workers?")
    )
    if stage >= 3:
        for key, question in (
            ("effectiveness", "How well did the policy work for this dispute"),
            ("suggestions", "How could the policy be improved"),
        ):
            answers[key] = answer(
                opts.get(key), f"--{key}", question, rules.field(("resolution", key))
            )
    else:
        answers.update({k: opts.get(k) for k in ("effectiveness", "suggestions")})
    answers["outstanding"] = answer(
        opts.get("outstanding"), "--outstanding",
        "Outstanding issues and how they will be pursued ('None.' if none)",
        text_check(1, 4000), "None.",
    )  # fmt: skip
    return answers


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the dispute was resolved.")
@click.option("--stage", type=click.IntRange(1, 5), help="The stage it was resolved at.")
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Optional: the outcome.")
@click.option("--decision", help="The decision reached at that stage, in a sentence.")
@click.option("--effectiveness", help="How well the policy worked (asked from stage 3).")
@click.option("--suggestions", help="How the policy could be improved (asked from stage 3).")
@click.option("--shared-with", multiple=True, help="Who the record was shared with; repeat.")
@click.option("--debrief/--no-debrief", default=None, help="Whether a debrief was held.")
@click.option("--outstanding", help="Outstanding issues and how they will be pursued.")
@click.option("--summary", help="The reason for the dispute, if the record's text has none.")
@click.option("--agreed", help="The agreed outcomes and actions (added to the record's text).")
@fact_options
@as_of_option
def resolve(
    root: Path, record_id: str, on: date | None, stage: int | None, as_of: date | None, **opts: Any
) -> None:
    """Close a dispute as resolved, with the form's closing questions.

    Asks first for the summary and the agreed outcomes if the record's text has
    none, then the decision, who the record was shared with (at least the workers),
    whether a debrief was held, outstanding issues and, from stage 3, how well the
    policy worked; then whether the worker who raised the concern was told and, at
    stage 5, whether each agency accepted or challenged the QAPM group's decision.
    Each answer is checked as it is given.
    From stage 3 the sign-off goes to the managers named at the stage it was
    resolved at; each then runs `disputes sign`.

    \b
    Example:
      disputes resolve PD-2026-0010 --date 2026-11-30 --outcome decision-changed \\
        --decision "The assessment is completed by 11 December" \\
        --shared-with "Jem Samplewood" --shared-with "Kit Testington" --debrief \\
        --outstanding "None." --agreed "Early help completes the assessment by 11 December."
    """
    check_root(root)
    today = today_or(as_of, root)
    seen = seen_text(root, record_id)
    data = open_record(seen, record_id)
    day = ask_day(
        on, "--date", "Date resolved", today, stage_started(data), "its last stage started"
    )
    at = stage or edit.last_stage(data)
    sections = closing_sections(seen, {SUMMARY: opts["summary"], AGREED: opts["agreed"]})
    closing = closing_answers(opts, at, data, RegisterRules(root))
    sections[OUTSTANDING] = closing.pop("outstanding", None)
    closing.update(ask_facts(opts, at, data, today))
    run_edit(
        root,
        record_id,
        lambda text: stages.resolve_fully(text, day, at, closing, sections),
        today,
        f"resolved at stage {at}",
        seen,
    )


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@date_option("--date", "on", help="The day the dispute was withdrawn.")
@click.option("--reason", help="Why it was withdrawn.")
@as_of_option
def withdraw(
    root: Path, record_id: str, on: date | None, reason: str | None, as_of: date | None
) -> None:
    """Close a dispute as withdrawn, with the date and the reason.

    \b
    Example:
      disputes withdraw PD-2026-0010 --date 2026-11-24 --reason "Agreed after new information"
    """
    check_root(root)
    today = today_or(as_of, root)
    seen = seen_text(root, record_id)
    started = stage_started(edit.record_data(seen))
    day = ask_day(on, "--date", "Date withdrawn", today, started, "its last stage started")
    why = answer(
        reason,
        "--reason",
        "Reason for withdrawing",
        RegisterRules(root).field(("withdrawn", "reason")),
    )
    run_edit(
        root,
        record_id,
        lambda text: edit.withdraw(text, day, why),
        today,
        "withdrawn",
        seen,
    )

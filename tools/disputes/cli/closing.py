"""Closing a dispute: `disputes resolve` with the form's closing questions, and `withdraw`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import click

from disputes.cli.ask import date_check, prompt, text_check, yes_no
from disputes.cli.edit import asked_day, open_record, run_edit, seen_text
from disputes.cli.facts import ask_facts, fact_options
from disputes.cli.options import as_of_option, date_option, root_option, today_or
from disputes.cli.prompts import ask
from disputes.edit import roundtrip as edit
from disputes.edit import stages
from disputes.edit.body import OUTSTANDING
from disputes.records.config import check_root
from disputes.records.model import OUTCOMES
from disputes.records.rules import _sections

AGREED = "Agreed outcomes and actions"
__all__ = ["AGREED", "OUTSTANDING", "ask_agreed", "closing_answers", "resolve", "withdraw"]


def ask_agreed(text: str) -> str | None:
    """The agreed outcomes and actions, asked for only when the record's text has none."""
    if _sections(text).get(AGREED, "").strip():
        return None
    return prompt("--agreed", "The agreed outcomes and actions", text_check(3, 4000))


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


def closing_answers(opts: Mapping[str, Any], stage: int, data: Mapping[str, Any]) -> dict[str, Any]:
    """outcome, decision, shared_with, debrief, effectiveness, suggestions and outstanding."""
    answers: dict[str, Any] = {"outcome": opts.get("outcome")}
    answers["decision"] = opts.get("decision") or prompt(
        "--decision", f"The decision reached at stage {stage}", text_check(3)
    )
    answers["shared_with"] = list(opts.get("shared_with") or ()) or prompt(
        "--shared-with", "Who was the record shared with (names, separated by commas)",
        _names, _workers(data) or None,
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
            answers[key] = opts.get(key) or prompt(f"--{key}", question, text_check(3, 1000))
    else:
        answers.update({k: opts.get(k) for k in ("effectiveness", "suggestions")})
    answers["outstanding"] = opts.get("outstanding") or prompt(
        "--outstanding", "Outstanding issues and how they will be pursued ('None.' if none)",
        text_check(3, 2000), "None.",
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
@click.option("--agreed", help="The agreed outcomes and actions (added to the record's text).")
@fact_options
@as_of_option
def resolve(
    root: Path, record_id: str, on: date | None, stage: int | None, as_of: date | None, **opts: Any
) -> None:
    """Close a dispute as resolved, with the form's closing questions.

    Asks who the record was shared with (at least the workers), whether a debrief
    was held, outstanding issues and, from stage 3, how well the policy worked;
    then whether the worker who raised the concern was told and, at stage 5,
    whether each agency accepted or challenged the QAPM group's decision.
    From stage 3 the sign-off goes to the managers named at the stage it was
    resolved at; each then runs `disputes sign`.

    \b
    Example:
      disputes resolve PD-2026-0007 --date 2026-03-20 --stage 4 --outcome decision-changed
    """
    check_root(root)
    today = today_or(as_of, root)
    seen = seen_text(root, record_id)
    data = open_record(seen, record_id)
    day = on or prompt("--date", "Date resolved (YYYY-MM-DD)", date_check(today), today.isoformat())
    at = stage or edit.last_stage(data)
    closing = closing_answers(opts, at, data)
    sections = {
        OUTSTANDING: closing.pop("outstanding", None),
        AGREED: opts["agreed"] or ask_agreed(seen),
    }
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
    seen = seen_text(root, record_id)
    day = asked_day(on, "--date", "Date withdrawn (YYYY-MM-DD)")
    why = ask(reason, "--reason", "Reason for withdrawing")
    run_edit(
        root,
        record_id,
        lambda text: edit.withdraw(text, day, why),
        today_or(as_of, root),
        "withdrawn",
        seen,
    )

"""The form's closing questions, asked by `resolve`: each from its option or a prompt."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from disputes.cli.ask import prompt, text_check, yes_no
from disputes.edit.body import OUTSTANDING
from disputes.records.rules import _sections

AGREED = "Agreed outcomes and actions"
__all__ = ["AGREED", "OUTSTANDING", "ask_agreed", "closing_answers"]


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
    answers["debrief"] = debrief if debrief is not None else yes_no(
        "--debrief/--no-debrief", "Was a debrief held with the workers?"
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

"""Prompts that help: each answer checked as it is given and asked again when wrong.

Nothing typed is lost: a wrong answer is explained and asked for again on the spot,
so the answers already given stay. Without a terminal (a script, CI) a missing
answer is a usage error naming the option to pass instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import click

from disputes.cli.answers import RegisterRules, checked

T = TypeVar("T")


def prompt(
    option: str, text: str, check: Callable[[str], T], default: Any = None, about: str = ""
) -> T:
    """Ask until `check` accepts the answer; `check` raises ValueError saying what is wrong.

    `about` names the question in the usage error when there is no terminal to ask.
    """

    def convert(answer: Any) -> T:
        try:
            return check(str(answer).strip())
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    try:
        return click.prompt(  # type: ignore[no-any-return]
            text, default=default, value_proc=convert, show_default=bool(default)
        )
    except click.Abort:
        if default is not None:  # no terminal to ask: the default stands, as shown in --help
            return convert(default)
        raise click.UsageError(
            f"{option} is needed ({about or text}); pass it as an option"
        ) from None


def text_check(least: int = 1, most: int = 300) -> Callable[[str], str]:
    """Plain text of a sensible length."""

    def check(answer: str) -> str:
        if len(answer) < least:
            raise ValueError(f"write at least {least} characters")
        if len(answer) > most:
            raise ValueError(
                f"keep it under {most} characters; the detail goes in the record's text"
            )
        return answer

    return check


def date_check(
    latest: date | None = None, earliest: date | None = None, since: str = ""
) -> Callable[[str], date]:
    """A real YYYY-MM-DD date, not after `latest` nor before `earliest` (`since` says what
    happened that day, e.g. 'stage 3 started')."""

    def check(answer: str) -> date:
        try:
            day = date.fromisoformat(answer)
        except ValueError:
            raise ValueError(f"'{answer}' is not a real date; write it as YYYY-MM-DD") from None
        if latest and day > latest:
            raise ValueError(f"{day} is in the future (today is {latest})")
        if earliest and day < earliest:
            raise ValueError(f"{day} is before {earliest}" + (f", when {since}" if since else ""))
        return day

    return check


def ask_day(
    value: date | None,
    option: str,
    text: str,
    today: date,
    earliest: date | None = None,
    since: str = "",
) -> date:
    """A date option checked as given, or asked for (today by default) until it passes."""
    check = date_check(today, earliest, since)
    if value is not None:
        return checked(value.isoformat(), option, check)  # type: ignore[no-any-return]
    return prompt(option, f"{text} (YYYY-MM-DD)", check, today.isoformat())


def yes_no(option: str, text: str, default: bool | None = None) -> bool:
    """A yes or no answer."""
    try:
        return bool(click.confirm(text, default=default))
    except click.Abort:
        if default is not None:
            return default
        raise click.UsageError(f"{option} is needed ({text}); pass it as an option") from None


def choose_agency(option: str, text: str, rules: RegisterRules, default: str | None = None) -> str:
    """An agency picked from the partnership's list by number or name.

    A name off the list is refused with the closest listed names, unless the person asked
    confirms it is an agency the list does not hold (or --unlisted-agency was given).
    """
    agencies = rules.agencies
    if agencies:
        click.echo(text + ":")
        for number, name in enumerate(agencies, 1):
            click.echo(f"  {number:>2}. {name}")

    def check(answer: str) -> str:
        if answer.isdigit() and agencies:
            if not 1 <= int(answer) <= len(agencies):
                raise ValueError(f"choose a number from 1 to {len(agencies)}, or type a name")
            return agencies[int(answer) - 1]
        rules.field(("challenger", "agency"))(answer)
        try:
            return rules.agency(answer)
        except ValueError as error:
            click.echo(f"Error: {error}", err=True)
            if _confirm(f"Is '{answer}' an agency the list does not hold? Record it as typed"):
                rules.confirmed.add(answer)  # once is enough: later questions take it
                return answer
            raise ValueError("choose a listed agency by number or name") from None

    return prompt(option, "Number or name", check, default, text)


def _confirm(question: str) -> bool:
    """A yes/no question asked inside another's answer; no terminal means no."""
    try:
        return bool(click.confirm(question, default=False))
    except click.Abort:
        return False


def choose_many(option: str, text: str, choices: Sequence[str], about: str = "") -> tuple[str, ...]:
    """Several of `choices`, by number or name, separated by commas."""
    click.echo(text + ":")
    for number, name in enumerate(choices, 1):
        click.echo(f"  {number}. {name}")

    def check(answer: str) -> tuple[str, ...]:
        picked: list[str] = []
        for part in filter(None, (p.strip() for p in answer.split(","))):
            if part.isdigit() and 1 <= int(part) <= len(choices):
                picked.append(choices[int(part) - 1])
            elif part in choices:
                picked.append(part)
            else:
                raise ValueError(f"'{part}' is not one of the numbers 1 to {len(choices)}")
        if not picked:
            raise ValueError("choose at least one")
        return tuple(dict.fromkeys(picked))

    return prompt(option, "Numbers, separated by commas", check, None, about or text)


def choose_one(option: str, text: str, choices: Sequence[str], default: str | None = None) -> str:
    """One of `choices`, by number or name."""
    click.echo(text + ":")
    for number, name in enumerate(choices, 1):
        click.echo(f"  {number}. {name}")

    def check(answer: str) -> str:
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        if answer in choices:
            return answer
        raise ValueError(f"choose a number from 1 to {len(choices)}")

    return prompt(option, "Number", check, default, text)

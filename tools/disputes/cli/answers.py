"""Each answer checked by the register's own rules as it is given, never after the last one.

The rules are validate's: the schema's for the field the answer fills (`SchemaChecker.
field_problems`), the agencies' email domains (`records.domains`) and the partnership's list
of agencies (`records.validate.closest_agencies`). A wrong answer is asked for again with a
plain message, so the answers already given stay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from disputes.edit.fields import typed_value
from disputes.records.config import load_agencies, load_schema
from disputes.records.domains import Domains, domain_problem, email_problem, load_email_domains
from disputes.records.schemacheck import KeyPath, SchemaChecker
from disputes.records.validate import closest_agencies
from disputes.records.yamlsafe import parse_path

UNLISTED_HELP = (
    "Record an agency that is not on the partnership's list (schema/agencies.yml); "
    "without it such a name is refused, with the closest listed names."
)


def sentence(problem: str) -> str:
    """A rule's message as an answer's: 'is too short' reads 'it is too short'."""
    return "it " + problem if problem.startswith(("is ", "should ", "must ", "needs ")) else problem


@dataclass
class RegisterRules:
    """The rules of the register at `root`, read when first needed."""

    root: Path
    unlisted_allowed: bool = False  # --unlisted-agency: the clear override
    confirmed: set[str] = field(default_factory=set)  # unlisted names confirmed as meant

    @cached_property
    def agencies(self) -> list[str]:
        """The partnership's agencies (schema/agencies.yml)."""
        return load_agencies(self.root)

    @cached_property
    def domains(self) -> Domains:
        """The agencies' email domains."""
        return load_email_domains(self.root)

    @cached_property
    def schema(self) -> SchemaChecker:
        """The register's record schema."""
        return SchemaChecker(load_schema(self.root))

    def field(self, path: KeyPath, convert: Callable[[str], Any] = str) -> Callable[[str], Any]:
        """A check of an answer that becomes the record's field at `path`."""

        def check(answer: str) -> Any:
            value = convert(answer)
            problems = self.schema.field_problems(path, value)
            if problems:
                raise ValueError(sentence(problems[0]))
            return value

        return check

    def email(self, path: KeyPath, agency: str) -> Callable[[str], str]:
        """A manager's work email: the schema's form, plain ASCII, in their agency's domains."""
        shape = self.field(path)

        def check(answer: str) -> str:
            problem = email_problem(answer) or domain_problem(answer, agency, self.domains)
            if problem:
                raise ValueError(problem.replace(": correct the email in the record", ""))
            return str(shape(answer))

        return check

    def agency(self, answer: str) -> str:
        """A listed agency's name as listed; an unlisted one only with the override."""
        known = {a.casefold(): a for a in self.agencies}
        if not self.agencies or answer.casefold() in known:
            return known.get(answer.casefold(), answer)
        if self.unlisted_allowed or answer in self.confirmed:
            return answer
        raise ValueError(self.unlisted(answer))

    def unlisted(self, name: str) -> str:
        """Why an unlisted agency is refused, with the closest listed names."""
        close = closest_agencies(name, self.agencies)
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return (
            f"'{name}' is not in the partnership's list of agencies (schema/agencies.yml).{hint} "
            "A name off the list is counted as another agency in the reports"
        )


def checked(value: Any, option: str, check: Callable[[str], Any]) -> Any:
    """An option's value through the same check as the question's answer (a usage error)."""
    try:
        return check(str(value))  # as given: leading or trailing spaces are kept
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


def unlisted_option(func: Any) -> Any:
    """--unlisted-agency: the clear override for an agency off the partnership's list."""
    return click.option("--unlisted-agency", is_flag=True, help=UNLISTED_HELP)(func)


def set_option(given: str, rules: RegisterRules) -> tuple[KeyPath, Any]:
    """--set FIELD=VALUE as (path, value), checked at once by the field's rules."""
    name, sep, text = given.partition("=")
    try:
        if not sep:
            raise ValueError(f"'{given}' should be FIELD=VALUE, e.g. challenger.agency=Kent Police")
        path = parse_path(name.strip())
        value = typed_value(rules.schema.schema, path, text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--set") from None
    problems = rules.schema.field_problems(
        path, value.isoformat() if isinstance(value, date) else value
    )
    if problems:
        raise click.BadParameter(f"{name.strip()}: {sentence(problems[0])}", param_hint="--set")
    if path[-1] == "agency":
        checked(value, "--set", rules.agency)
    return path, value


def rename_option(given: str, rules: RegisterRules) -> tuple[str, str]:
    """--rename-agency OLD=NEW, the new name checked at once against the list."""
    old, sep, new = given.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise click.BadParameter(
            f"'{given}' should be OLD=NEW, e.g. 'Kent Polce=Kent Police'",
            param_hint="--rename-agency",
        )
    return old.strip(), str(checked(new.strip(), "--rename-agency", rules.agency))


def check_people(fields: dict[str, Any], rules: RegisterRules) -> dict[str, Any]:
    """The people a command's options name, each agency and email checked at once."""
    for role, person in fields.items():
        if not isinstance(person, dict):
            continue
        flag = f"--{role.replace('_', '-')}"
        if "agency" in person:
            checked(person["agency"], f"{flag}-agency", rules.agency)
        if "email" in person:
            check = rules.email(("stages", 0, role, "email"), str(person.get("agency", "")))
            checked(person["email"], f"{flag}-email", check)
    return fields


def stage_started(data: Mapping[str, Any], number: int | None = None) -> date | None:
    """The day a stage of the record started (the last stage by default), if it says."""
    stages = [s for s in data.get("stages") or [] if isinstance(s, Mapping)]
    entry = stages[-1] if stages and number is None else None
    entry = entry or next((s for s in stages if s.get("stage") == number), None)
    value = (entry or {}).get("started")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None

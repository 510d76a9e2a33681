"""A new record: the next free id and the file text from the form's template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from disputes.records.config import RECORDS_DIR, record_files

_ID = re.compile(r"^PD-(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Manager:
    """A manager named at stage 3."""

    name: str
    designation: str
    agency: str
    email: str


@dataclass(frozen=True)
class NewRecord:
    """Everything `disputes new` asks for."""

    title: str
    opened: date
    child_reference: str
    challenger_agency: str
    challenged_agency: str
    categories: tuple[str, ...]
    immediate_risk: bool = False
    level_of_need: str | None = None
    worker_name: str | None = None
    worker_designation: str | None = None
    stage: int = 1
    started: date | None = None
    managers: tuple[Manager, Manager] | None = None
    group_date: date | None = None
    panel: tuple[str, ...] = ()
    summary: str = ""


def next_id(root: Path, year: int) -> str:
    """The next free PD-<year>-NNNN, after the highest id used in any file name."""
    used = [
        int(match.group(2))
        for path in record_files(root)
        if (match := _ID.match(path.stem)) and int(match.group(1)) == year
    ]
    return f"PD-{year}-{max(used, default=0) + 1:04d}"


def record_path(root: Path, record_id: str, opened: date) -> Path:
    """Where a record lives: records/<year opened>/<id>.md."""
    return root / RECORDS_DIR / str(opened.year) / f"{record_id}.md"


def scalar(value: object) -> str:
    """A value as a one-line YAML scalar, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").rstrip("\n")


def _person(
    name: str, designation: str | None, agency: str | None = None, email: str | None = None
) -> str:
    parts = [f"name: {scalar(name)}"]
    parts += [f"designation: {scalar(designation)}"] if designation else []
    parts += [f"agency: {scalar(agency)}"] if agency else []
    parts += [f"email: {scalar(email)}"] if email else []
    return "{" + ", ".join(parts) + "}"


def render_new_record(record_id: str, new: NewRecord) -> str:
    """The text of a new record: front matter in the form's order, then the body headings."""
    started = new.started or new.opened
    lines = [
        "---",
        f"id: {record_id}",
        f"title: {scalar(new.title)}",
        "status: open",
        f"opened: {new.opened.isoformat()}",
        f"immediate_risk: {'true' if new.immediate_risk else 'false'}",
    ]
    if new.level_of_need:
        lines.append(f"level_of_need: {new.level_of_need}")
    lines += [
        f"categories: [{', '.join(new.categories)}]",
        "child:",
        f"  reference: {scalar(new.child_reference)}   # the agencies' case reference; never a name",
        "challenger:",
        f"  agency: {scalar(new.challenger_agency)}",
    ]
    if new.worker_name:
        lines.append(f"  worker: {_person(new.worker_name, new.worker_designation)}")
    lines += ["challenged:", f"  agency: {scalar(new.challenged_agency)}", "stages:"]
    lines += _stage_lines(new, started)
    lines += ["---", *_body(new)]
    return "\n".join(lines) + "\n"


def _stage_lines(new: NewRecord, started: date) -> list[str]:
    lines = [f"  - stage: {new.stage}", f"    started: {started.isoformat()}"]
    if new.managers:
        for role, manager in zip(
            ("challenger_manager", "challenged_manager"), new.managers, strict=True
        ):
            person = _person(manager.name, manager.designation, manager.agency, manager.email)
            lines.append(f"    {role}: {person}")
    if new.group_date:
        lines.append(f"    group_date: {new.group_date.isoformat()}")
    if new.panel:
        lines.append(f"    panel: [{', '.join(scalar(a) for a in new.panel)}]")
    return lines


def _body(new: NewRecord) -> list[str]:
    return [
        "## Summary of reason for dispute",
        "",
        *([new.summary, ""] if new.summary else []),
        "## Views of the agencies",
        "",
        f"### {new.challenger_agency}",
        "",
        f"### {new.challenged_agency}",
        "",
        "## Agreed outcomes and actions",
        "",
        "## Additional notes",
        "",
    ]

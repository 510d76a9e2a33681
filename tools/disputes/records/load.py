"""Parsed record files to `Record`s: the schema check, then typed values from checked data.

Reading the files is the validation pipeline's (`records.validate.run_pipeline`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from disputes.records.config import ConfigError, record_files
from disputes.records.dates import parse_date, parse_moment
from disputes.records.frontmatter import Parsed
from disputes.records.model import (
    Acceptance,
    Issue,
    Moment,
    Person,
    Record,
    Reopening,
    Resolution,
    Stage,
    Withdrawal,
)
from disputes.records.schemacheck import SchemaChecker
from disputes.records.unrecorded import (
    is_unrecorded,
    opened_date,
    resolved_date,
    stage_starts,
    unrecorded_paths,
)
from disputes.records.yamlsafe import format_path


@dataclass
class Register:
    """The records that could be read, and every problem found on the way."""

    records: list[Record] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    parsed: dict[str, Parsed] = field(default_factory=dict)  # by file, for line numbers
    checked: int = 0  # how many files were read (and counted)
    not_counted: int = 0  # records opened after an --as-of day, read but not counted

    def admit(self, parsed: Parsed, file: str, checker: SchemaChecker) -> None:
        """Check one parsed file against the schema; keep its record if it has one."""
        record, issues = check_parsed(parsed, file, checker)
        self.issues.extend(issues)
        if record is not None:
            self.records.append(record)
            self.parsed[file] = parsed

    @property
    def errors(self) -> list[Issue]:
        """The issues that are errors, not warnings."""
        return [i for i in self.issues if i.severity == "error"]


def build_record(data: dict[str, Any], file: str, body: str) -> Record:
    """A typed Record from front matter that has passed the schema."""
    resolution = data.get("resolution")
    withdrawn = data.get("withdrawn")
    unrecorded = unrecorded_paths(data) if "imported" in data else ()
    opened = opened_date(data) if unrecorded else parse_date(data["opened"])
    starts = stage_starts(data, opened) if unrecorded else [None] * len(data["stages"])
    return Record(
        file=file,
        id=data["id"],
        title=data["title"],
        status=data["status"],
        opened=opened,
        immediate_risk=data["immediate_risk"] is True,
        categories=() if is_unrecorded(data["categories"]) else tuple(data["categories"]),
        child_reference=data["child"]["reference"],
        challenger_agency=data["challenger"]["agency"],
        challenged_agency=data["challenged"]["agency"],
        challenger_worker=_person(data["challenger"].get("worker")),
        challenged_worker=_person(data["challenged"].get("worker")),
        stages=tuple(_stage(s, start) for s, start in zip(data["stages"], starts, strict=True)),
        level_of_need=data.get("level_of_need"),
        resolution=_resolution(resolution, resolved_date(data)) if resolution else None,
        withdrawn=Withdrawal(parse_date(withdrawn["date"]), withdrawn["reason"])
        if withdrawn
        else None,
        sign_off={role: _signature(p) for role, p in _signatures(data.get("sign_off"))},
        body=body,
        version=int(data.get("version", 1)),
        reopened=tuple(
            Reopening(parse_date(r["date"]), r["reason"], r.get("was", ""))
            for r in data.get("reopened") or ()
        ),
        unrecorded=unrecorded,
        days_taken=(data.get("imported") or {}).get("days_taken"),
        imported="imported" in data,
        signed_on_paper=isinstance(data.get("sign_off"), dict)
        and data["sign_off"].get("on_paper") is True,
    )


def _person(data: dict[str, Any] | None) -> Person | None:
    if not data:
        return None
    return Person(
        name=data["name"],
        designation=data.get("designation", ""),
        agency=data.get("agency", ""),
        email=data.get("email", ""),
    )


def _signatures(sign_off: Any) -> list[tuple[str, dict[str, Any]]]:
    """The managers' signatures (none when an imported record's are 'not recorded')."""
    if not isinstance(sign_off, dict):
        return []
    return [(role, p) for role, p in sign_off.items() if isinstance(p, dict)]


def _signature(data: dict[str, Any]) -> Person:
    signed = None if is_unrecorded(data["date"]) else parse_date(data["date"])
    return Person(data["name"], data["designation"], data["agency"], "", signed)


def _stage(data: dict[str, Any], start: Moment | None = None) -> Stage:
    raised, ended = data.get("raised"), data.get("ended")
    group_date, referred = data.get("group_date"), data.get("referred")
    panel = data.get("panel", ())
    return Stage(
        stage=int(data["stage"]),  # YAML 4.0 passes the schema as an integer
        started=start if start is not None else parse_moment(data["started"]),
        raised=parse_moment(raised) if raised else None,
        group_date=parse_date(group_date) if group_date else None,
        # An older record lists agency names; a newer one names each representative.
        panel=tuple(p if isinstance(p, str) else p["agency"] for p in panel),
        challenger_manager=_person(data.get("challenger_manager")),
        challenged_manager=_person(data.get("challenged_manager")),
        ended=parse_moment(ended) if ended else None,
        decision=data.get("decision", ""),
        supervisor=_person(data.get("supervisor")),
        aim=data.get("aim", ""),
        referred=parse_date(referred) if referred else None,
        representatives=tuple(_person(p) for p in panel if isinstance(p, dict)),  # type: ignore[misc]
        agencies_represented=data.get("agencies_represented"),
        representations_received=data.get("representations_received"),
        not_recorded=tuple(data.get("not_recorded", ())),
        acceptance=tuple(
            Acceptance(a["agency"], a["response"], parse_date(a["date"]))
            for a in data.get("acceptance", ())
        ),
    )


def _resolution(data: dict[str, Any], resolved: date) -> Resolution:
    return Resolution(
        stage=int(data["stage"]),
        date=resolved,
        outcome=data.get("outcome"),
        effectiveness=data.get("effectiveness", ""),
        suggestions=data.get("suggestions", ""),
        shared_with=tuple(data.get("shared_with", ())),
        debrief=data.get("debrief"),
        not_recorded=tuple(data.get("not_recorded", ())),
        raising_worker_told=data.get("raising_worker_told"),
    )


def check_parsed(
    parsed: Parsed, file: str, checker: SchemaChecker
) -> tuple[Record | None, list[Issue]]:
    """Schema problems of parsed front matter, and the Record when there are none."""
    problems = checker.problems(parsed.data, parsed.floats)
    issues = [Issue(file, parsed.line_of(key), format_path(key), msg) for key, msg in problems]
    return (None if issues else build_record(parsed.data, file, parsed.body)), issues


def expand_paths(root: Path, paths: Sequence[Path] | None) -> list[Path]:
    """The record files to read: every one under records/, or those in `paths`."""
    if not paths:
        return record_files(root)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise ConfigError(f"{path}: no such file or folder")
    return found

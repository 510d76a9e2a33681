"""Validate a register: the schema, each record's rules, and the rules across records."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath

from disputes.records.asof import leave_out_later
from disputes.records.config import load_agencies, load_schema, record_files, relative
from disputes.records.domains import domain_issues, load_email_domains
from disputes.records.entries import scan_folder, scan_records
from disputes.records.frontmatter import FileProblem, Parsed, parse_record_text
from disputes.records.load import Register, check_parsed, load_register
from disputes.records.model import Issue, Record, Severity
from disputes.records.rules import RULES, WARNING_RULES, KeyPath
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import DEFAULT_MODEL, StageModel, load_stage_model
from disputes.records.stagerules import stage_model_issues
from disputes.records.yamlsafe import format_path


def validate_register(
    root: Path, paths: Sequence[Path] | None = None, *, today: date, strict: bool = False,
    as_of: date | None = None,
) -> Register:
    """Every problem in the register (or in `paths`), sorted; warnings as errors if strict.

    Dates are checked against `today`, the real one; with `as_of`, records opened after
    that day are not counted (`records/asof.py`).
    """
    register = leave_out_later(load_register(root, paths), as_of, today)
    agencies, model = load_agencies(root), load_stage_model(root)
    issues = list(register.issues)
    issues += _location_issues(register, root, paths)
    domains = load_email_domains(root)
    issues += entry_issues(root, paths)  # what sits under records/ that is not a record
    for record in register.records:
        issues += record_issues(record, register.parsed[record.file], today, agencies, model)
        issues += domain_issues(record.file, register.parsed[record.file], domains)
    checked = {r.file for r in register.records}
    everyone = leave_out_later(load_register(root), as_of, today) if paths else register
    issues += [i for i in _duplicate_ids(everyone) if i.file in checked]
    if strict:
        issues = [replace(i, severity="error") for i in issues]
    register.issues = sorted(set(issues))
    return register


def entry_issues(root: Path, paths: Sequence[Path] | None = None) -> list[Issue]:
    """Everything under records/ (or the folders in `paths`) that is not a record file."""
    found = scan_records(root) if not paths else (
        entry for path in paths if path.is_dir() and not path.is_symlink()
        for entry in scan_folder(path))
    # os.path.relpath, not resolve(): a symlink is named as itself, not as its target
    return [Issue(Path(os.path.relpath(p, root)).as_posix(), 1, "", why) for p, why in found if why]


def validate_text(text: str, file: str, root: Path, *, today: date) -> list[Issue]:
    """Every problem in one record's text (before it is written to `file`), sorted."""
    try:
        parsed = parse_record_text(text)
    except FileProblem as exc:
        return [Issue(file, exc.line, format_path(exc.path), exc.message)]
    record, issues = check_parsed(parsed, file, SchemaChecker(load_schema(root)))
    if record is not None:
        issues += record_issues(
            record, parsed, today, load_agencies(root), load_stage_model(root)
        )
        issues += domain_issues(file, parsed, load_email_domains(root))
        issues += [
            Issue(
                file,
                parsed.line_of(("id",)),
                "id",
                (f"the id {record.id} is already used by {relative(other, root)}"),
            )
            for other in record_files(root)
            if other.stem == record.id and relative(other, root) != file
        ]
    return sorted(set(issues))


def record_issues(
    record: Record,
    parsed: Parsed,
    today: date,
    agencies: list[str],
    model: StageModel = DEFAULT_MODEL,
) -> list[Issue]:
    """The rule, stage-model and agency-name problems of one schema-valid record."""

    def issue(path: KeyPath, message: str, severity: Severity) -> Issue:
        line = parsed.body_line if path == ("body",) else parsed.line_of(path)
        return Issue(record.file, line, format_path(path), message, severity)

    found = [issue(p, m, "error") for rule in RULES for p, m in rule(record, today)]
    found += [issue(p, m, "warning") for rule in WARNING_RULES for p, m in rule(record, today)]
    found += [issue(p, m, s) for p, m, s in stage_model_issues(record, parsed.data, model, today)]
    found += [issue(p, m, "warning") for p, m in agency_names(parsed.data, agencies)]
    return found


def agency_names(data: dict, agencies: list[str]) -> Iterator[tuple[KeyPath, str]]:
    """Every agency named is on the partnership's list (a warning; an error with --strict)."""
    if not agencies:
        return
    known = {a.casefold(): a for a in agencies}
    for path, name in _agency_fields(data):
        if name in agencies:
            continue
        guess = known.get(name.casefold()) or _closest_agency(name, agencies)
        hint = f"; did you mean '{guess}'?" if guess else "."
        yield (
            path,
            (
                f"'{name}' is not in the partnership's list of agencies (schema/agencies.yml){hint} "
                "Use the listed name so the reports count one agency once"
            ),
        )


def _closest_agency(name: str, agencies: list[str]) -> str | None:
    """The one listed agency whose name holds all the given words, else the closest spelling."""
    import difflib  # here: only an unlisted agency needs it, and start-up is counted

    words = set(name.casefold().split())
    holding = [a for a in agencies if words <= set(a.casefold().split())]
    if len(holding) == 1:
        return holding[0]
    return next(iter(difflib.get_close_matches(name, agencies, n=1, cutoff=0.75)), None)


def _agency_fields(data: dict) -> Iterator[tuple[KeyPath, str]]:
    for side in ("challenger", "challenged"):
        yield (side, "agency"), data[side]["agency"]
        worker = data[side].get("worker") or {}
        if "agency" in worker:
            yield (side, "worker", "agency"), worker["agency"]
    for index, stage in enumerate(data["stages"]):
        for role in ("challenger_manager", "challenged_manager", "supervisor"):
            if "agency" in (stage.get(role) or {}):
                yield ("stages", index, role, "agency"), stage[role]["agency"]
        for position, member in enumerate(stage.get("panel", [])):
            if isinstance(member, str):
                yield ("stages", index, "panel", position), member
            else:
                yield ("stages", index, "panel", position, "agency"), member["agency"]
    sign_off = data.get("sign_off")  # an imported record's may be 'not recorded'
    for role, signer in (sign_off.items() if isinstance(sign_off, dict) else ()):
        if isinstance(signer, dict):  # not `on_paper: true`
            yield ("sign_off", role, "agency"), signer["agency"]


def _location_issues(register: Register, root: Path, paths: Sequence[Path] | None) -> list[Issue]:
    """A record file is at records/<year opened>/<id>.md, whatever its content."""
    files = {i.file for i in register.issues} | {r.file for r in register.records}
    return [issue for file in sorted(files) if (issue := location_issue(file)) is not None]


def location_issue(file: str) -> Issue | None:
    """The problem with where one file is, if it is not at records/<year>/<id>.md."""
    parts = PurePosixPath(file).parts
    if len(parts) == 3 and parts[0] == "records" and len(parts[1]) == 4 and parts[1].isdigit():
        return None
    return Issue(file, 1, "", "a record file must be at records/<year opened>/<id>.md; move it there")


def _duplicate_ids(register: Register) -> list[Issue]:
    """Every record has its own id: no two files in the register share one."""
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in register.records:
        by_id[record.id].append(record)
    issues = []
    for record_id, records in by_id.items():
        for record in records if len(records) > 1 else []:
            others = [r.file for r in records if r is not record]
            line = register.parsed[record.file].line_of(("id",))
            issues.append(duplicate_id_issue(record.file, line, record_id, others))
    return issues


def duplicate_id_issue(file: str, line: int, record_id: str, others: list[str]) -> Issue:
    """The problem of a file whose id other files also use."""
    return Issue(
        file,
        line,
        "id",
        (
            f"the id {record_id} is also used by {', '.join(others)}; every record needs its "
            "own id (`disputes new` picks the next free one)"
        ),
    )


# The rules across the register, named for the Record format page (see records/rulebook.py).
REGISTER_RULES = (
    ("file_place", _location_issues, "error"),
    ("unique_ids", _duplicate_ids, "error"),
    ("listed_agencies", agency_names, "warning"),
)

"""Validate a register: the one pipeline from (file, text) sources to a Register with issues.

Whether the texts come from disk (`validate_register`, `validate_text`), one at a time
(`streamed`) or from git (`snapshot`, for the gate), they go through `run_pipeline`: the
schema, each record's rules, then exactly the rules across the register in
`REGISTER_RULES`, the list the Record format page shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from disputes.records import registerrules
from disputes.records.asof import counted_on
from disputes.records.config import (
    RECORDS_DIR,
    check_root,
    load_agencies,
    load_schema,
    relative,
)
from disputes.records.domains import Domains, domain_issues, load_email_domains
from disputes.records.entries import scan_folder, scan_records
from disputes.records.frontmatter import FileProblem, Parsed, parse_record_text, read_text
from disputes.records.load import Register, check_parsed, expand_paths
from disputes.records.model import Issue, Record, Severity
from disputes.records.registerrules import IdPlace, Seen
from disputes.records.rules import RULES, WARNING_RULES, KeyPath
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import DEFAULT_MODEL, StageModel, load_stage_model
from disputes.records.stagerules import stage_model_issues
from disputes.records.yamlsafe import format_path

Source = str | FileProblem  # a record's text, or why it could not be read
# the ids of the files checked -> the other files using each (asked once, for all of them)
Elsewhere = Callable[[list[str]], dict[str, list[IdPlace]]]


@dataclass
class Settings:
    """What checking a record needs, read once per run."""

    checker: SchemaChecker
    agencies: list[str]
    today: date  # the real one: dates are checked against it
    model: StageModel = DEFAULT_MODEL
    domains: Domains | None = None  # agencies' email domains; None: not checked
    as_of: date | None = None  # records opened after it are not counted (`records/asof.py`)


def disk_settings(root: Path, today: date, as_of: date | None = None) -> Settings:
    """The settings of the register at `root`, as its files give them."""
    return Settings(
        SchemaChecker(load_schema(check_root(root))),
        load_agencies(root),
        today,
        load_stage_model(root),
        load_email_domains(root),
        as_of,
    )


def run_pipeline(
    sources: Iterable[tuple[str, Source]],
    settings: Settings,
    *,
    strict: bool = False,
    keep: bool = True,
    elsewhere: Elsewhere | None = None,
) -> Register:
    """THE validation: every problem in these sources, sorted; warnings errors if strict.

    With `keep`, the Register holds each record and its parsed file (the report and the
    site need them); without, one source at a time is held. `elsewhere`: where else in
    the register an id is used, when only some of its files are given (an id is unique
    across the register).
    """
    register, seen = Register(), Seen()
    for file, source in sources:
        checked = check_source(file, source, settings)
        if checked is None:
            register.not_counted += 1
            continue
        record, parsed, issues = checked
        register.checked += 1
        register.issues += issues
        seen.files.append(file)
        if record is not None and parsed is not None:
            seen.ids[record.id].append((file, parsed.line_of(("id",))))
            if keep:
                register.records.append(record)
                register.parsed[file] = parsed
    mine = set(seen.files)
    if elsewhere is not None:
        for record_id, places in elsewhere(list(seen.ids)).items():
            seen.ids[record_id] += places
    for _, rule, severity in registerrules.REGISTER_RULES:  # read now: the list as it is
        found = rule(seen)
        register.issues += [replace(i, severity=severity) for i in found if i.file in mine]
    if strict:
        register.issues = [replace(i, severity="error") for i in register.issues]
    register.issues = sorted(set(register.issues))
    return register


def check_source(
    file: str, source: Source, settings: Settings
) -> tuple[Record | None, Parsed | None, list[Issue]] | None:
    """One source read, checked against the schema and each record rule (None: a record
    opened after the `as_of` day, not counted)."""
    try:
        if isinstance(source, FileProblem):
            raise source
        parsed = parse_record_text(source)
    except FileProblem as exc:
        return None, None, [Issue(file, exc.line, format_path(exc.path), exc.message)]
    record, issues = check_parsed(parsed, file, settings.checker)
    if record is None:
        return None, parsed, issues
    if not counted_on(record.opened, settings.as_of, settings.today):
        return None
    issues += record_issues(record, parsed, settings.today, settings.agencies, settings.model)
    if settings.domains is not None:
        issues += domain_issues(file, parsed, settings.domains)
    return record, parsed, issues


def disk_sources(
    root: Path, files: Sequence[Path], *, listed: bool
) -> Iterator[tuple[str, Source]]:
    """Each of these record files, read one at a time. `listed`: found by listing
    records/ (`listing`), so each lies under root, reached without a symlink, and is named
    without resolving both (two system calls per folder on the way, per file)."""
    for path in files:
        file = path.relative_to(root).as_posix() if listed else relative(path, root)
        try:
            yield file, read_text(path)
        except FileProblem as problem:
            yield file, problem


def ids_of(sources: Iterable[tuple[str, Source]], settings: Settings, given: set[str]) -> Seen:
    """The ids of the records among `sources` but not `given` (passing the schema, counted)."""
    seen = Seen()
    for file, source in sources:
        if file in given:
            continue
        try:
            parsed = parse_record_text(source) if isinstance(source, str) else None
        except FileProblem:
            parsed = None
        if parsed is None:
            continue
        record, _ = check_parsed(parsed, file, settings.checker)
        if record is not None and counted_on(record.opened, settings.as_of, settings.today):
            seen.files.append(file)
            seen.ids[record.id].append((file, parsed.line_of(("id",))))
    return seen


def other_ids(root: Path, paths: Sequence[Path] | None, settings: Settings) -> Elsewhere | None:
    """Where the register's records outside `paths` use an id (None: no paths given, the
    whole register is checked)."""
    if not paths:
        return None
    return ids_elsewhere(
        root, {relative(path, root) for path in expand_paths(root, paths)}, settings
    )


def ids_elsewhere(root: Path, given: set[str], settings: Settings) -> Elsewhere:
    """Where records other than the files `given` use an id.

    Checking one file costs one file, whatever the register's size (issue 25): a record
    lives at records/<year>/<id>.md, so only the files named for an id are read for it.
    A file holding the id under another name or in another folder breaks that rule
    itself: checking that file, or the register, reports it and the duplicate."""

    def where(ids: list[str]) -> dict[str, list[IdPlace]]:
        named = [path for path in files_named_for(root, ids) if relative(path, root) not in given]
        sources = disk_sources(root, named, listed=True)  # found as listing finds them
        found = ids_of(sources, settings, given).ids if named else {}
        return {i: found[i] for i in ids if i in found}

    return where


def files_named_for(root: Path, ids: Iterable[str]) -> list[Path]:
    """The regular files records/<folder>/<id>.md for these ids (symlinks not followed),
    by folder: records/ is listed once, whatever the number of ids."""
    try:
        folders = sorted(e for e in (root / RECORDS_DIR).iterdir() if _real_folder(e))
    except OSError:
        return []
    names = [f"{record_id}.md" for record_id in ids]
    return [path for year in folders for name in names if _real_file(path := year / name)]


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _real_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def validate_register(
    root: Path,
    paths: Sequence[Path] | None = None,
    *,
    today: date,
    strict: bool = False,
    as_of: date | None = None,
) -> Register:
    """Every problem in the register (or in `paths`), sorted; warnings as errors if strict.

    Dates are checked against `today`, the real one; with `as_of`, records opened after
    that day are not counted (`records/asof.py`).
    """
    settings = disk_settings(root, today, as_of)
    files, entries = listing(root, paths)
    register = run_pipeline(
        disk_sources(root, files, listed=not paths),
        settings,
        strict=strict,
        elsewhere=other_ids(root, paths, settings),
    )
    if strict:
        entries = [replace(i, severity="error") for i in entries]
    register.issues = sorted(set(register.issues + entries))
    return register


def listing(root: Path, paths: Sequence[Path] | None = None) -> tuple[list[Path], list[Issue]]:
    """The record files to read, every one under records/ or those in `paths`, and an issue
    for everything there (or in the folders in `paths`) that is not a record file. Without
    `paths`, records/ is listed once for both."""
    if not paths:
        found = list(scan_records(root))
        files = [path for path, why in found if why is None]
    else:
        files = expand_paths(root, paths)
        found = [
            entry
            for path in paths
            if path.is_dir() and not path.is_symlink()
            for entry in scan_folder(path)
        ]
    # os.path.relpath, not resolve(): a symlink is named as itself, not as its target
    return files, [
        Issue(Path(os.path.relpath(p, root)).as_posix(), 1, "", why) for p, why in found if why
    ]


def validate_text(text: str, file: str, root: Path, *, today: date) -> list[Issue]:
    """Every problem in one record's text (before it is written to `file`), sorted.

    Its id is checked against the records named for it (`ids_elsewhere`), as `validate
    FILE` checks it: an edit stays quick in a large register.
    """
    settings = disk_settings(root, today)
    return run_pipeline(
        [(file, text)], settings, elsewhere=ids_elsewhere(root, {file}, settings)
    ).issues


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
    for path, name in agency_fields(data):
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


def closest_agencies(name: str, agencies: list[str], most: int = 3) -> list[str]:
    """The listed agencies whose names hold all the given words, else the closest spellings
    (a guess only when it is good: "Metropolitan Police" is not "Kent Police")."""
    import difflib  # here: only an unlisted agency needs it, and start-up is counted

    words = set(name.casefold().split())
    holding = [a for a in agencies if words <= set(a.casefold().split())]
    if holding:
        return holding[:most]
    return difflib.get_close_matches(name, agencies, n=most, cutoff=0.75)


def _closest_agency(name: str, agencies: list[str]) -> str | None:
    """The one listed agency the name surely means, or None."""
    close = closest_agencies(name, agencies, 2)
    return close[0] if len(close) == 1 else None


def agency_fields(data: dict) -> Iterator[tuple[KeyPath, str]]:
    """Every agency a record names, with its key path."""
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
    for role, signer in sign_off.items() if isinstance(sign_off, dict) else ():
        if isinstance(signer, dict):  # not `on_paper: true`
            yield ("sign_off", role, "agency"), signer["agency"]

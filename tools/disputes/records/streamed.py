"""`disputes validate` one record at a time: memory follows one record, not the register.

`validate_register` keeps every Record and every parsed file (with its line map) because
the report and the site need them. Validation needs none of that once a record has been
checked: the only rule across records, one id per record, needs each record's id, file
and the line of its `id:`. So each file is read, parsed, checked and dropped before the
next, and the problems found are the same as `validate_register` finds (a test pins it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from disputes.records.asof import counted_on
from disputes.records.config import check_root, load_agencies, load_schema, record_files, relative
from disputes.records.domains import Domains, domain_issues, load_email_domains
from disputes.records.load import check_parsed, expand_paths, read_record_file
from disputes.records.model import Issue, Record
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import StageModel, load_stage_model
from disputes.records.validate import (
    duplicate_id_issue,
    entry_issues,
    location_issue,
    record_issues,
)

IdPlace = tuple[str, int]  # a record's file and the line of its id


@dataclass
class Validation:
    """Every problem found and how many files were read."""

    issues: list[Issue] = field(default_factory=list)
    checked: int = 0
    not_counted: int = 0  # records opened after the --as-of day

    @property
    def errors(self) -> list[Issue]:
        """The issues that are errors, not warnings."""
        return [i for i in self.issues if i.severity == "error"]


@dataclass
class _Context:
    """What checking one record needs, read once per run."""

    root: Path
    today: date
    checker: SchemaChecker
    agencies: list[str]
    domains: Domains
    model: StageModel
    as_of: date | None

    def counts(self, record: Record) -> bool:
        """Whether the record counts in the register viewed (`records/asof.py`)."""
        return counted_on(record.opened, self.as_of, self.today)


def validate_streamed(
    root: Path, paths: Sequence[Path] | None = None, *, today: date, strict: bool = False,
    as_of: date | None = None,
) -> Validation:
    """Every problem in the register (or in `paths`), sorted, holding one record at a time.

    Dates are checked against `today`, the real one; with `as_of`, records opened after
    that day are not counted (`records/asof.py`).
    """
    context = _Context(root, today, SchemaChecker(load_schema(check_root(root))),
                       load_agencies(root), load_email_domains(root), load_stage_model(root),
                       as_of)
    result = Validation(entry_issues(root, paths))  # what under records/ is not a record
    ids: dict[str, list[IdPlace]] = defaultdict(list)
    for path in expand_paths(root, paths):
        found = _check_one(context, path, ids)
        if found is None:
            result.not_counted += 1
            continue
        result.checked += 1
        result.issues += found
    checked = {file for places in ids.values() for file, _ in places}
    if paths:  # an id is unique across the whole register, not only the files given
        everyone: dict[str, list[IdPlace]] = defaultdict(list)
        for path in record_files(root):
            _id_of(context, path, everyone)
        ids = everyone
    result.issues += [i for i in _duplicates(ids) if i.file in checked]
    if strict:
        result.issues = [replace(i, severity="error") for i in result.issues]
    result.issues = sorted(set(result.issues))
    return result


def _check_one(
    context: _Context, path: Path, ids: dict[str, list[IdPlace]]
) -> list[Issue] | None:
    """Every problem of one file; its id noted if it is a record (None: not counted)."""
    file = relative(path, context.root)
    issues = [i for i in [location_issue(file)] if i is not None]
    parsed = read_record_file(path, file)
    if isinstance(parsed, Issue):
        return [*issues, parsed]
    record, found = check_parsed(parsed, file, context.checker)
    if record is not None and not context.counts(record):
        return None
    issues += found
    if record is not None:
        issues += record_issues(record, parsed, context.today, context.agencies, context.model)
        issues += domain_issues(file, parsed, context.domains)
        ids[record.id].append((file, parsed.line_of(("id",))))
    return issues


def _id_of(context: _Context, path: Path, ids: dict[str, list[IdPlace]]) -> None:
    """Note the id of a file that is a record (one passing the schema)."""
    file = relative(path, context.root)
    parsed = read_record_file(path, file)
    if isinstance(parsed, Issue):
        return
    record, _ = check_parsed(parsed, file, context.checker)
    if record is not None and context.counts(record):
        ids[record.id].append((file, parsed.line_of(("id",))))


def _duplicates(ids: dict[str, list[IdPlace]]) -> Iterator[Issue]:
    """An issue for each file whose id another file also has."""
    for record_id, places in ids.items():
        for file, line in places if len(places) > 1 else []:
            others = [f for f, _ in places if f != file]
            yield duplicate_id_issue(file, line, record_id, others)

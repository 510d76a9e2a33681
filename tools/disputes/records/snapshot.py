"""Validate records given as texts (a git tree, a commit), not files on disk.

`check` reads what is committed, so it hands the records here with the schema and the
agency list it chose (the base branch's). The rules are the ones `validate` applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from disputes.records.asof import leave_out_later
from disputes.records.frontmatter import FileProblem, parse_record_text
from disputes.records.load import Register
from disputes.records.model import Issue
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import DEFAULT_MODEL, StageModel
from disputes.records.validate import _duplicate_ids, _location_issues, record_issues
from disputes.records.yamlsafe import format_path

Source = str | FileProblem  # a record's text, or why it could not be read


def validate_sources(
    sources: Mapping[str, Source],
    schema: dict[str, Any],
    agencies: list[str],
    *,
    today: date,
    strict: bool = False,
    model: StageModel = DEFAULT_MODEL,
    as_of: date | None = None,
) -> Register:
    """Every problem in these record texts (keyed by file), as `validate_register` finds them."""
    checker = SchemaChecker(schema)
    register = Register()
    for file in sorted(sources):
        register.checked += 1
        source = sources[file]
        try:
            if isinstance(source, FileProblem):
                raise source
            parsed = parse_record_text(source)
        except FileProblem as exc:
            register.issues.append(Issue(file, exc.line, format_path(exc.path), exc.message))
            continue
        register.admit(parsed, file, checker)
    leave_out_later(register, as_of, today)
    issues = list(register.issues) + _location_issues(register, Path(), None)
    for record in register.records:
        issues += record_issues(record, register.parsed[record.file], today, agencies, model)
    issues += _duplicate_ids(register)
    if strict:
        issues = [replace(i, severity="error") for i in issues]
    register.issues = sorted(set(issues))
    return register

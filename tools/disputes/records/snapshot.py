"""Validate records given as texts (a git tree, a commit), not files on disk.

`check` reads what is committed, so it hands the records here with the schema and the
agency list it chose (the base branch's). They go through the one pipeline
(`records.validate.run_pipeline`), so the rules are the ones `validate` applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from disputes.records.load import Register
from disputes.records.schemacheck import SchemaChecker
from disputes.records.stagemodel import DEFAULT_MODEL, StageModel
from disputes.records.validate import Elsewhere, Settings, Source, run_pipeline

__all__ = ["Source", "validate_sources"]


def validate_sources(
    sources: Mapping[str, Source],
    schema: dict[str, Any],
    agencies: list[str],
    *,
    today: date,
    strict: bool = False,
    model: StageModel = DEFAULT_MODEL,
    as_of: date | None = None,
    elsewhere: Elsewhere | None = None,
) -> Register:
    """Every problem in these record texts (keyed by file), as `validate_register` finds them;
    `elsewhere` says where else an id is used (see `run_pipeline`)."""
    settings = Settings(SchemaChecker(schema), agencies, today, model, None, as_of)
    return run_pipeline(
        ((file, sources[file]) for file in sorted(sources)),
        settings,
        strict=strict,
        elsewhere=elsewhere,
    )

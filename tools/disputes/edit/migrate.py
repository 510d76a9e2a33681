"""`disputes migrate`: upgrade records to the current format, losslessly or not at all.

`version: 2` is added by a round-trip edit that keeps every comment, quote, key order
and byte of the body; and what the new rules ask of a stage or of the closing that
the record never held is declared `not_recorded: [...]` where it belongs, so the
record says "not recorded" instead of being held to it after the fact. A record that
is invalid under its own format is left alone: that is `validate`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from disputes.edit.atomic import write_atomic
from disputes.edit.body import OUTSTANDING
from disputes.edit.lock import register_lock
from disputes.edit.roundtrip import edit_front_matter, flow_list, insert_after, split_record
from disputes.records.config import record_files, relative
from disputes.records.find import EditError
from disputes.records.model import Issue
from disputes.records.rules import _sections
from disputes.records.stagemodel import (
    CURRENT_VERSION,
    DEFAULT_MODEL,
    StageModel,
    load_stage_model,
    missing_needs,
)
from disputes.records.validate import validate_text

MOVED = "it was moved, removed or made unreadable while migrate ran; run migrate again"


@dataclass
class Migration:
    """What migrate did: files upgraded, already current, kept (with why), unreadable."""

    upgraded: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    kept: dict[str, list[Issue]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)


def upgrade_text(text: str, model: StageModel = DEFAULT_MODEL) -> str:
    """The record's text with `version: 2` after its id and its gaps declared."""

    def change(data: CommentedMap) -> None:
        if data.get("version") == CURRENT_VERSION:
            return
        insert_after(data, "version", CURRENT_VERSION, ("id",))
        for index, stage in enumerate(data.get("stages") or []):
            gaps = missing_needs(data, index, model) + stage_5_gaps(data, stage)
            if gaps:
                stage["not_recorded"] = flow_list(list(dict.fromkeys(gaps)))
        resolution = data.get("resolution")
        if isinstance(resolution, CommentedMap):
            gaps = closing_gaps(resolution, split_record(text).rest)
            if gaps:
                resolution["not_recorded"] = flow_list(gaps)

    return edit_front_matter(text, change)


def stage_5_gaps(data: CommentedMap, stage: CommentedMap) -> list[str]:
    """What a stage 5 the dispute was resolved at lacks of the QAPM group's record."""
    resolved_here = (data.get("resolution") or {}).get("stage") == 5 == stage.get("stage")
    if not resolved_here:
        return []
    keys = ("group_date", "panel", "representations_received")
    return [k for k in keys if stage.get(k) in (None, [], "") or stage.get(k) is False]


def closing_gaps(resolution: CommentedMap, body: str) -> list[str]:
    """The closing questions an older resolution never answered."""
    gaps = [k for k in ("shared_with", "debrief") if resolution.get(k) in (None, [])]
    if int(resolution.get("stage", 0)) >= 3:
        gaps += [k for k in ("effectiveness", "suggestions") if not resolution.get(k)]
    if OUTSTANDING not in _sections(body):
        gaps.append("outstanding")
    return gaps


def migrate_register(root: Path, today: date, *, write: bool = True) -> Migration:
    """Upgrade every record that stays valid; say why each other one is kept as it is.

    The records are read and checked without the register's lock, so other edits go on
    meanwhile; the upgrades are written under it, each only if its file still holds the
    text the upgrade was made from. A record changed meanwhile (a note added) is upgraded
    again from what it holds now: no edit is lost, and none waits for the whole register.
    """
    result, model = Migration(), load_stage_model(root)
    upgrades = [
        (path, found)
        for path in record_files(root)
        if (found := _upgrade(path, root, today, model, result)) is not None
    ]
    if not write:
        return result
    with register_lock(root):
        for path, (seen, new) in upgrades:
            now = _text_of(path)
            if now != seen:  # changed since it was read: start again from what it holds
                file = relative(path, root)
                result.upgraded.remove(file)
                if now is None:
                    result.unreadable[file] = MOVED
                    continue
                if (again := _upgrade(path, root, today, model, result)) is None:
                    continue
                new = again[1]
            write_atomic(path, new)
    return result


def _text_of(path: Path) -> str | None:
    """A record's text as it is now (None if it is gone or not text)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _upgrade(
    path: Path, root: Path, today: date, model: StageModel, result: Migration
) -> tuple[str, str] | None:
    """Sort one record into `result`; (its text, the upgrade) if it is to be upgraded."""
    file = relative(path, root)
    try:
        text = path.read_bytes().decode("utf-8")
        if validate_errors(text, file, root, today):
            return None  # an invalid record is `validate`'s business, not migrate's
        new = upgrade_text(text, model)
    except (UnicodeDecodeError, EditError) as error:
        result.unreadable[file] = str(error)
        return None
    if new == text:
        result.current.append(file)
        return None
    problems = validate_errors(new, file, root, today)
    if problems:
        result.kept[file] = problems
        return None
    result.upgraded.append(file)
    return text, new


def validate_errors(text: str, file: str, root: Path, today: date) -> list[Issue]:
    """The errors (not warnings) of a record's text."""
    return [i for i in validate_text(text, file, root, today=today) if i.severity == "error"]

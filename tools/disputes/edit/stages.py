"""Round-trip edits for every ordinary step of the policy, so nobody hand-edits YAML.

Each function takes a record's text and returns the new text; `roundtrip.apply_edit`
validates it before anything is written. People are given as plain dicts
({name, designation, agency, email}); a stage's fields by their record names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from disputes.edit.body import OUTSTANDING, STAGE_RECORD, add_note, add_section_text, ensure_section
from disputes.edit.roundtrip import (
    edit_front_matter,
    flow_list,
    flow_map,
    fresh,
    insert_after,
    last_stage,
    require_open,
    resolve,
    split_record,
)
from disputes.records.find import EditError
from disputes.records.model import Moment
from disputes.records.stagemodel import (
    CURRENT_VERSION,
    STAGE_FIELDS,
    TOP_LEVEL_NEEDS,
    StageModel,
    missing_needs,
)

PEOPLE = ("supervisor", "challenger_manager", "challenged_manager")
# The order fields take in a stage entry, so a record reads the same whoever wrote it.
STAGE_ORDER = (
    "stage", "started", "raised", "referred", "group_date", "supervisor", "aim",
    "challenger_manager", "challenged_manager", "panel", "agencies_represented",
    "representations_received", "decision", "acceptance", "ended",
)  # fmt: skip


def _value(key: str, value: Any) -> Any:
    """A field's value as the records write it: people and lists on one line."""
    if key in PEOPLE or key in TOP_LEVEL_NEEDS:
        return flow_map(**value)
    if key == "acceptance":  # each agency's answer on one line
        return CommentedSeq(
            [flow_map(agency=a["agency"], response=a["response"], date=fresh(a["date"]))
             for a in value]
        )  # fmt: skip
    if key == "panel":
        members = [m if isinstance(m, str) else flow_map(**m) for m in value]
        seq = CommentedSeq(members)
        if all(isinstance(m, str) for m in value):
            seq.fa.set_flow_style()
        return seq
    return _copy(value)


def _copy(value: Any) -> Any:
    """A new date or date-time object, so the YAML writer never ties two fields by anchor."""
    if isinstance(value, datetime):
        return value.replace()
    if isinstance(value, date):
        return fresh(value)
    return value


def set_fields(data: CommentedMap, entry: CommentedMap, fields: Mapping[str, Any]) -> None:
    """Set a stage entry's fields (a worker goes on its side), in the entry's usual order."""
    number = int(entry.get("stage", 0))
    stray = [k for k in fields if k not in STAGE_FIELDS.get(number, ()) and k != "ended"]
    if stray:
        raise EditError(
            f"{', '.join(stray)} {'does' if len(stray) == 1 else 'do'} not belong to stage "
            f"{number}; give each field for the stage it belongs to (--stage N)"
        )
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        if key in TOP_LEVEL_NEEDS:
            insert_after(data[TOP_LEVEL_NEEDS[key]], "worker", _value(key, value), ("agency",))
            continue
        before = STAGE_ORDER[: STAGE_ORDER.index(key)] if key in STAGE_ORDER else tuple(entry)
        insert_after(entry, key, _value(key, value), before)


def stage_entry(data: CommentedMap, number: int) -> CommentedMap:
    """The record's entry for stage `number` (EditError if it never reached it)."""
    for entry in data.get("stages") or []:
        if entry.get("stage") == number:
            return entry
    raise EditError(
        f"the record has no stage {number}; its stages are "
        f"{', '.join(str(s.get('stage')) for s in data.get('stages') or [])}"
    )


def check_needs(data: CommentedMap, model: StageModel) -> None:
    """Refuse a new or edited last stage that lacks what the policy says it needs."""
    index = len(data["stages"]) - 1
    missing = missing_needs(data, index, model)
    if missing:
        number = last_stage(data)
        raise EditError(
            f"stage {number} ({model.name(number)}) needs {', '.join(missing)}; give "
            + ", ".join(f"--{m.replace('_', '-')}" for m in missing)
        )


def escalate_to(
    text: str,
    on: Moment,
    model: StageModel,
    fields: Mapping[str, Any],
    decision: str | None = None,
    only: int | None = None,
) -> str:
    """Add the next stage, started `on`; the stage it leaves ends then, with its decision."""

    def change(data: CommentedMap) -> None:
        require_open(data, "escalated")
        number = last_stage(data) + 1
        if number > 5:
            raise EditError("the record is already at stage 5, the last stage of the policy")
        if only is not None and number != only:
            raise EditError(
                f"the record is at stage {number - 1}; a referral to the QAPM group follows "
                "stage 4 (or starts a dispute at immediate risk: `disputes new --stage 5`)"
            )
        leaving = data["stages"][-1]
        set_fields(data, leaving, {"decision": decision})
        if "ended" not in leaving:
            set_fields(data, leaving, {"ended": on})
        entry = CommentedMap([("stage", number), ("started", _copy(on))])
        data["stages"].append(entry)
        set_fields(data, entry, fields)
        check_needs(data, model)

    return edit_front_matter(text, change)


def set_raised(text: str, on: Moment) -> str:
    """Stage 3: the day the concern reached the other agency's equivalent manager."""

    def change(data: CommentedMap) -> None:
        require_open(data, "changed")
        entry = stage_entry(data, 3)
        set_fields(data, entry, {"raised": on})

    return edit_front_matter(text, change)


def amend_stage(text: str, number: int, fields: Mapping[str, Any], model: StageModel) -> str:
    """Set fields of one stage (any status: the commit carries the Amends trailer)."""

    def change(data: CommentedMap) -> None:
        set_fields(data, stage_entry(data, number), fields)
        if number == last_stage(data) and data.get("version") == 2:
            check_needs(data, model)

    return edit_front_matter(text, change)


def closed_summary(data: Mapping[str, Any]) -> str:
    """How a closed record was closed, in words, e.g. 'resolved at stage 3 on 2026-03-20'."""
    if data.get("status") == "resolved":
        resolution = data.get("resolution") or {}
        return f"resolved at stage {resolution.get('stage')} on {resolution.get('date')}"
    return f"withdrawn on {(data.get('withdrawn') or {}).get('date')}"


def reopen(text: str, on: date, reason: str) -> str:
    """Open a closed dispute again at its last stage; how it had been closed is kept."""

    def change(data: CommentedMap) -> None:
        if data.get("status") == "open":
            raise EditError("the record is already open")
        was = closed_summary(data)
        for key in ("resolution", "withdrawn", "sign_off"):
            data.pop(key, None)
        data["status"] = "open"
        data["stages"][-1].pop("ended", None)
        entry = CommentedMap([("date", fresh(on)), ("reason", reason), ("was", was)])
        if "reopened" not in data:
            insert_after(data, "reopened", CommentedSeq(), ("stages",))
        data["reopened"].append(entry)

    return edit_front_matter(text, change)


def note(text: str, number: int | None, on: date, words: str, model: StageModel) -> str:
    """A dated note under its stage in '## Record of each stage' below the fields."""
    parts = split_record(text)
    holder: list[CommentedMap] = []
    edit_front_matter(text, holder.append)
    data = holder[0]
    number = number or last_stage(data)
    stage_entry(data, number)  # refuses a stage the record never reached
    line = f"- {on.isoformat()}: {' '.join(words.split())}"
    head = text[: len(text) - len(parts.rest)]
    return head + add_note(parts.rest, f"Stage {number}: {model.name(number)}", line)


def resolve_fully(
    text: str,
    on: date,
    stage: int,
    closing: Mapping[str, Any],
    sections: Mapping[str, str | None],
) -> str:
    """Resolve (roundtrip.resolve), then the form's closing answers and the stage's end.

    `closing` holds outcome, effectiveness, suggestions, shared_with, debrief, decision and
    the facts of `cli/facts`: raising_worker_told and, at stage 5, acceptance.
    """
    text = resolve(
        text, on, stage,
        **{k: closing.get(k) for k in ("outcome", "effectiveness", "suggestions")},
    )  # fmt: skip

    def change(data: CommentedMap) -> None:
        resolution = data["resolution"]
        if closing.get("shared_with"):
            resolution["shared_with"] = flow_list(list(closing["shared_with"]))
        if closing.get("debrief") is not None:
            resolution["debrief"] = bool(closing["debrief"])
        if closing.get("raising_worker_told") is not None:
            resolution["raising_worker_told"] = bool(closing["raising_worker_told"])
        last = data["stages"][-1]
        set_fields(data, last, {"decision": closing.get("decision")})
        if closing.get("acceptance"):
            set_fields(data, last, {"acceptance": closing["acceptance"]})
        if "ended" not in last:
            set_fields(data, last, {"ended": on})

    text = edit_front_matter(text, change)
    for heading, words in sections.items():
        if words:
            parts = split_record(text)
            head = text[: len(text) - len(parts.rest)]
            text = head + add_section_text(parts.rest, heading, words)
    return text


def complete_new(text: str, fields: Mapping[str, Any]) -> str:
    """A new record in the current format: version 2, its first stage's fields, and the
    form's headings for each stage's record and the outstanding issues."""

    def change(data: CommentedMap) -> None:
        insert_after(data, "version", CURRENT_VERSION, ("id",))
        set_fields(data, data["stages"][0], fields)

    text = edit_front_matter(text, change)
    parts = split_record(text)
    body = ensure_section(parts.rest, STAGE_RECORD)
    body = ensure_section(body, OUTSTANDING, ("Additional notes",))
    return text[: len(text) - len(parts.rest)] + body


def flow_people(people: list[Mapping[str, str]]) -> list[CommentedMap]:
    """Panel members as one-line mappings."""
    return [flow_map(**p) for p in people]


__all__ = [
    "amend_stage", "closed_summary", "complete_new", "escalate_to", "flow_list", "flow_people", "note",
    "reopen", "resolve_fully", "set_fields", "set_raised", "stage_entry",
]  # fmt: skip

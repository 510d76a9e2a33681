"""Any field of a record set by its path as `validate` names it (`disputes amend --set`).

A correction the ordinary steps do not make (a mistyped agency, a wrong date, a title) is
made here rather than by hand: `stages[3].challenger_manager.agency` is the path `validate`
printed. The value is read as the schema says the field holds it (a date, a whole number,
yes or no, a list), and every other byte of the record stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from disputes.edit.roundtrip import edit_front_matter, flow_list, record_data, split_record
from disputes.records.find import EditError
from disputes.records.schemacheck import KeyPath, field_schema
from disputes.records.validate import agency_fields
from disputes.records.yamlsafe import format_path

YES, NO = ("yes", "true", "y"), ("no", "false", "n")


def typed_value(schema: dict[str, Any], path: KeyPath, text: str) -> Any:
    """`text` as the value the schema gives the field at `path` (ValueError if it cannot be)."""
    node = field_schema(schema, path)
    if node is None:
        raise ValueError(f"{format_path(path)} is not a field of a record (see the Record format)")
    kind = node.get("type")
    if kind == "integer":
        if not text.strip().isdigit():
            raise ValueError(f"{format_path(path)} is a whole number, not '{text}'")
        return int(text)
    if kind == "boolean":
        if text.strip().casefold() not in (*YES, *NO):
            raise ValueError(f"{format_path(path)} is yes or no, not '{text}'")
        return text.strip().casefold() in YES
    if kind == "array":
        return [part.strip() for part in text.split(",") if part.strip()]
    if node.get("format") in ("date", "date-or-date-time") and len(text.strip()) == 10:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"'{text}' is not a real date; write it as YYYY-MM-DD") from None
    return text


def set_fields(text: str, values: Iterable[tuple[KeyPath, Any]]) -> str:
    """The record with each (path, value) set; a missing group on the way is added."""

    def change(data: CommentedMap) -> None:
        for path, value in values:
            _set(data, path, value)

    return edit_front_matter(text, change)


def _set(data: CommentedMap, path: KeyPath, value: Any) -> None:
    node: Any = data
    for index, part in enumerate(path[:-1]):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            if isinstance(part, str) and isinstance(node, dict):
                node[part] = CommentedMap()
                node = node[part]
                continue
            raise EditError(
                f"the record has no {format_path(path[: index + 1])}, so "
                f"{format_path(path)} cannot be set"
            ) from None
    last = path[-1]
    if isinstance(last, int) and not (isinstance(node, list) and last < len(node)):
        raise EditError(f"the record has no {format_path(path)}")
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        value = flow_list(value)
    node[last] = value


def renamings(text: str, renames: Iterable[tuple[str, str]]) -> list[tuple[KeyPath, str]]:
    """(path, new name) for every place the record names each old agency (EditError if none)."""
    data = record_data(text)
    found: list[tuple[KeyPath, str]] = []
    for old, new in renames:
        paths = [path for path, name in agency_fields(dict(data)) if name == old]
        if not paths:
            raise EditError(f"the record names no agency '{old}' (the name must match exactly)")
        found += [(path, new) for path in paths]
    return found


def rename_headings(text: str, renames: Iterable[tuple[str, str]]) -> str:
    """The body's `### OLD` headings (an agency's view) renamed `### NEW`; nothing else."""
    parts = split_record(text)
    body = parts.rest
    for old, new in renames:
        body = re.sub(
            rf"(?m)^(###[ \t]+){re.escape(old)}([ \t]*#*[ \t]*\r?)$",
            rf"\g<1>{_escaped(new)}\2",
            body,
        )
    return text[: len(text) - len(parts.rest)] + body


def _escaped(name: str) -> str:
    return name.replace("\\", "\\\\")

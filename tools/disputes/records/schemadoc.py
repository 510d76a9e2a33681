"""The record format as data: every field of `schema/dispute.schema.json`, its meaning and an example.

The site's "Record format" page is made from this, so the page can never drift from the schema
that `validate` applies. Examples come from the package's own fictional example record
(`records/example.md`), so they read as a real record would; a field the example leaves out gets
an example made from its type.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from disputes.records.frontmatter import parse_record_text

_TYPE_EXAMPLES = {
    "date": "2026-03-02",
    "moment": "2026-03-05 or 2026-03-05T09:30:00+00:00",
    "text": "(a few words)",
}


@dataclass(frozen=True)
class Field:
    """One field of the record: where it sits, what it means, what a value looks like."""

    path: str  # e.g. stages[].challenger_manager.email
    title: str
    description: str
    required: bool
    kind: str  # words: "date", "one of: ...", "list of ...", "yes or no", "text", "section"
    example: str


def example_record() -> str:
    """The package's fictional example record, as text."""
    return resources.files("disputes.records").joinpath("example.md").read_text("utf-8")


def schema_fields(schema: dict[str, Any], example: str | None = None) -> list[Field]:
    """Every field of the schema, depth first, in the schema's own order."""
    values = _flatten(parse_record_text(example or example_record()).data, "")
    return list(_walk(schema, schema, "", set(schema.get("required", [])), values))


def _flatten(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Field path → the first value the example gives it (`stages[].raised` from any stage)."""
    found: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        found.setdefault(path, value)
        inner = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
        joint = "." if isinstance(value, dict) else "[]."
        for item in (i for i in inner if isinstance(i, dict)):
            for sub, sub_value in _flatten(item, path + joint).items():
                found.setdefault(sub, sub_value)
    return found


def _walk(
    schema: dict[str, Any], node: dict[str, Any], prefix: str, required: set[str], values: dict
) -> Any:
    for name, prop in node.get("properties", {}).items():
        merged = _resolve(schema, prop)
        path = f"{prefix}{name}"
        yield Field(
            path=path,
            title=merged.get("title", name),
            description=merged.get("description", ""),
            required=name in required,
            kind=_kind(schema, merged, prop),
            example=_example_value(path, values) or _example(schema, merged, prop),
        )
        if merged.get("type") == "array" and "items" in merged:
            items = _resolve(schema, merged["items"])
            yield from _walk(schema, items, f"{path}[].", set(items.get("required", [])), values)
        elif "properties" in merged:
            yield from _walk(schema, merged, f"{path}.", set(merged.get("required", [])), values)


def _example_value(path: str, values: dict[str, Any]) -> str:
    """The example's value for this field, or for the same field elsewhere (worker.name)."""
    if path in values:
        return _shown(values[path])
    parts = path.split(".")
    for start in range(1, len(parts)):
        suffix = "." + ".".join(parts[start:])
        for known, value in values.items():
            if known.endswith(suffix) and _shown(value):
                return _shown(value)
    return ""


def _shown(value: Any) -> str:
    """An example value as it is written in a record (a section shows nothing)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return (
            "[" + ", ".join(_shown(v) for v in value) + "]"
            if value and not isinstance(value[0], dict)
            else ""
        )
    return "" if isinstance(value, dict) else str(value)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A property with its `$ref` chain merged in (the property's own keys win).

    `x-recorded` names what a field holds when it is recorded (the schema's last `allOf`
    demands it of every record but an imported one, which may say 'not recorded').
    """
    ref = node.get("$ref") or node.get("x-recorded")
    if not ref:
        return node
    target = _resolve(schema, schema["$defs"][ref.rsplit("/", 1)[-1]])
    merged = {**target, **{k: v for k, v in node.items() if k not in ("$ref", "x-recorded")}}
    merged["required"] = sorted(set(target.get("required", [])) | set(node.get("required", [])))
    return merged


def _def_name(node: dict[str, Any]) -> str:
    return str(node.get("$ref") or node.get("x-recorded") or "").rsplit("/", 1)[-1]


def _kind(schema: dict[str, Any], merged: dict[str, Any], raw: dict[str, Any]) -> str:
    kind = _recorded_kind(schema, merged, raw)
    if "x-recorded" in raw and kind != "section":  # a section's page entry says it in words
        return kind + ", or 'not recorded' in an imported record"
    return kind


def _recorded_kind(schema: dict[str, Any], merged: dict[str, Any], raw: dict[str, Any]) -> str:
    if "enum" in merged:
        return "one of: " + ", ".join(str(v) for v in merged["enum"])
    if _def_name(raw) in ("date", "moment"):
        return "date" if _def_name(raw) == "date" else "date, or date and time"
    kind = merged.get("type")
    if kind == "array":
        items = _resolve(schema, merged.get("items", {}))
        inner = _kind(schema, items, merged.get("items", {}))
        return f"list of {inner}"
    return {
        "boolean": "yes or no (true/false)",
        "integer": "whole number",
        "object": "section",
    }.get(str(kind), "text")


def _example(schema: dict[str, Any], merged: dict[str, Any], raw: dict[str, Any]) -> str:
    if merged.get("examples"):
        return str(merged["examples"][0])
    if "enum" in merged:
        return str(merged["enum"][0])
    if _def_name(raw) in _TYPE_EXAMPLES:
        return _TYPE_EXAMPLES[_def_name(raw)]
    kind = merged.get("type")
    if kind == "boolean":
        return "false"
    if kind == "integer":
        return str(merged.get("minimum", 1))
    if kind == "array":
        item = _example(schema, _resolve(schema, merged.get("items", {})), merged.get("items", {}))
        return f"[{item}]" if item else ""
    if kind == "object":
        return ""
    return _TYPE_EXAMPLES["text"]

"""Check front matter against the register's JSON Schema, in plain English."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from disputes.records.dates import parse_date, parse_moment
from disputes.records.yamlsafe import format_path

if TYPE_CHECKING:  # the Python validator is imported only when a record fails the schema
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "null": "empty",
}

KeyPath = tuple[str | int, ...]
Problem = tuple[KeyPath, str]


def _is_moment(value: str) -> bool:
    try:
        parse_moment(value)
    except ValueError:
        return False
    return True


def _is_date(value: str) -> bool:
    # The same test as loading uses: the compiled validator's own accepts year 0000.
    try:
        parse_date(value)
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(lambda v: not isinstance(v, str) or parse_date(v))
    checker.checks("date-or-date-time", raises=ValueError)(
        lambda v: not isinstance(v, str) or parse_moment(v)
    )
    return checker


def _is_whole_number(_checker: Any, instance: Any) -> bool:
    # JSON Schema counts 3.0 as an integer; a record's integers are YAML integers only, so a
    # stage written 3.0 cannot pass the schema yet be missed by a rule comparing it with 3.
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def whole_number_validator() -> Any:
    """Draft 2020-12 with integers that are YAML integers only (see `_is_whole_number`)."""
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    return extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole_number),
    )


def _has_whole_float(value: Any) -> bool:
    """Whether any number in the data is a float with no fraction (3.0), at any depth."""
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(_has_whole_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_whole_float(v) for v in value)
    return False


class SchemaChecker:
    """A compiled record schema that reports problems as (key path, message).

    A compiled (Rust) validator answers "valid?" for every record; the pure-Python
    one, slower but with the detail plain-English messages need, runs only on the
    records that fail.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs  # imported by the commands that check records, not by all

        self.schema = schema
        self.fast = jsonschema_rs.validator_for(
            schema,
            formats={"date-or-date-time": _is_moment, "date": _is_date},
            validate_formats=True,
        )

    @cached_property
    def validator(self) -> Any:
        """The Python validator, built (and its library imported) when a record fails:
        a register whose records all pass never loads it (memory, issue 25)."""
        # Local $refs inlined: the same rules, without a reference lookup per value checked.
        return whole_number_validator()(
            inline_refs(self.schema, self.schema), format_checker=_format_checker()
        )

    def problems(self, data: Any, floats: bool = True) -> list[Problem]:
        """Every problem in `data`, each with the key path it concerns (`floats`: whether
        it may hold a float; False when its YAML reader made none, so none is looked for)."""
        if self.fast.is_valid(data) and not (floats and _has_whole_float(data)):
            return []  # the compiled validator takes 3.0 as an integer: see _is_whole_number
        found = [
            p for e in self._leaves(self.validator.iter_errors(data)) for p in self._explain(e)
        ]
        # A misspelt key already says "did you mean 'x'?": don't also say 'x' is missing.
        guessed = {(path[:-1], m.split("'")[-2]) for path, m in found if "did you mean" in m}
        found = [
            (path, m)
            for path, m in found
            if not (m.startswith("the field '") and (path[:-1], str(path[-1])) in guessed)
        ]
        return found or [(tuple(e.instance_path), e.message) for e in self.fast.iter_errors(data)]

    def field_problems(self, path: KeyPath, value: Any) -> list[str]:
        """What the schema finds wrong with `value` as the field at `path` (a prompt's answer,
        checked by the same rules as the record it goes into; [] when all is well)."""
        node = field_schema(self.schema, path)
        if node is None:
            return []
        validator = whole_number_validator()(
            inline_refs(self.schema, node), format_checker=_format_checker()
        )
        found = []
        for error in self._leaves(validator.iter_errors(value)):
            error.path.extendleft(reversed(path))  # explained as the record's field
            found += [message for _, message in self._explain(error)]
        return found

    def problems_at(self, data: dict[str, Any], path: KeyPath) -> list[str]:
        """What the schema finds wrong at `path` of a record known only in part (the answers
        given so far): its rules across fields too, such as where a dispute may start."""
        return [message for at, message in self.problems(data) if at == path]

    def _leaves(self, errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
        for error in errors:
            if error.context and error.validator in ("anyOf", "oneOf"):
                yield from self._leaves(iter(error.context))
            else:
                yield error

    def _explain(self, error: ValidationError) -> list[Problem]:
        path: KeyPath = tuple(error.absolute_path)
        schema = error.schema if isinstance(error.schema, dict) else {}
        if "x-message" in schema:
            extra = (schema["x-path"],) if "x-path" in schema else ()
            return [((*path, *extra), str(schema["x-message"]))]
        if error.validator == "additionalProperties":  # one error names every unknown key
            return self._unknown_keys(error, path)
        explain = getattr(self, f"_on_{error.validator}", None)
        if explain is None:
            return [(path, _generic(error))]
        result: Problem = explain(error, path)
        return [result]

    def _on_required(self, error: ValidationError, path: KeyPath) -> Problem:
        name = error.message.split("'")[1]
        info = describe(self.schema, (*path, name))
        return (*path, name), f"the field '{name}' is missing{_about(info)}"

    def _unknown_keys(self, error: ValidationError, path: KeyPath) -> list[Problem]:
        import difflib  # here: only a record with a problem needs it, and start-up is counted

        known = list(error.schema.get("properties", {}))
        problems: list[Problem] = []
        for name in sorted(set(error.instance) - set(known)):
            guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = (
                f"; did you mean '{guess[0]}'?"
                if guess
                else f". Fields allowed here: {', '.join(known)}"
            )
            where = f"under {format_path(path)}" if path else "of a record"
            problems.append(((*path, name), f"'{_shown(name)}' is not a field {where}{hint}"))
        return problems

    def _on_enum(self, error: ValidationError, path: KeyPath) -> Problem:
        import difflib

        allowed = [str(v) for v in error.validator_value]
        guess = difflib.get_close_matches(str(error.instance), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else "."
        return (
            path,
            f"'{_shown(error.instance)}' is not allowed here{hint} Use one of: {', '.join(allowed)}",
        )

    def _on_type(self, error: ValidationError, path: KeyPath) -> Problem:
        wanted = error.validator_value
        wanted_words = " or ".join(_TYPE_WORDS.get(w, w) for w in _as_list(wanted))
        about = _about(describe(self.schema, path))
        return (
            path,
            f"should be {wanted_words}, not {_kind(error.instance)}{about}{_yaml_hint(error)}",
        )

    def _on_pattern(self, error: ValidationError, path: KeyPath) -> Problem:
        info = describe(self.schema, path)
        return path, f"'{_shown(error.instance)}' is not in the expected form{_about(info)}"

    def _on_format(self, error: ValidationError, path: KeyPath) -> Problem:
        if error.validator_value == "date":
            return path, f"'{_shown(error.instance)}' is not a real date; write it as YYYY-MM-DD"
        return path, (
            f"'{_shown(error.instance)}' is not a real date or date-time; write YYYY-MM-DD "
            "or YYYY-MM-DDTHH:MM:SS+00:00"
        )


def _yaml_hint(error: ValidationError) -> str:
    """YAML reads yes/no/true/false and bare numbers as such; say how to write text."""
    wanted = _as_list(error.validator_value)
    if "string" in wanted and isinstance(error.instance, (bool, int, float)):
        return ". YAML reads true/false, yes/no and bare numbers specially: put the value in quotes"
    if "integer" in wanted and isinstance(error.instance, float) and error.instance.is_integer():
        return f". Write {int(error.instance)}, a whole number, without '.0'"
    if "boolean" in wanted and isinstance(error.instance, str):
        return ". Write true or false without quotes"
    return ""


def _about(info: dict[str, Any]) -> str:
    title, description = info.get("title"), info.get("description")
    if title and description:
        return f" ({title}: {description})"
    return f" ({title or description})" if title or description else ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return _TYPE_WORDS["object" if isinstance(value, dict) else "array"]
    if value is None:
        return "empty"
    return f"'{_shown(value)}'"


def _shown(value: Any, limit: int = 60) -> str:
    """A value quoted in a message: on one line, and cut short if long."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _generic(error: ValidationError) -> str:
    messages = {
        "minItems": "needs at least one entry"
        if error.validator_value == 1
        else f"needs at least {error.validator_value} entries",
        "maxItems": f"has more than {error.validator_value} entries",
        "uniqueItems": "lists the same value more than once",
        "minLength": f"is too short (at least {error.validator_value} characters)",
        "maxLength": f"is too long (at most {error.validator_value} characters)",
        "minimum": f"must be at least {error.validator_value}",
        "maximum": f"must be at most {error.validator_value}",
        "const": f"must be {error.validator_value}",
        "not": "is not allowed here",
    }
    return messages.get(str(error.validator), error.message)


def describe(schema: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    """The title and description the schema gives the field at `path`."""
    node: dict[str, Any] | None = schema
    info: dict[str, Any] = {}
    for part in path:
        if node is None:
            return {}
        node = _deref(schema, node)
        if isinstance(part, int):
            node = node.get("items") if isinstance(node.get("items"), dict) else None
        else:
            node = node.get("properties", {}).get(part)
        info = {}
        if node is not None:
            info = {k: node[k] for k in ("title", "description") if k in node}
            target = _deref(schema, node)
            info = {**{k: target[k] for k in ("title", "description") if k in target}, **info}
    return info


def field_schema(schema: dict[str, Any], path: KeyPath) -> dict[str, Any] | None:
    """The schema of the field at `path` as recorded (`x-recorded` followed), or None."""
    node: dict[str, Any] | None = schema
    for part in path:
        if node is None:
            return None
        node = _recorded(schema, node)
        if isinstance(part, int):
            node = node.get("items") if isinstance(node.get("items"), dict) else None
        else:
            node = node.get("properties", {}).get(part)
    return None if node is None else _recorded(schema, node)


def _recorded(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A node with its `$ref` and `x-recorded` (what a field holds when recorded) followed."""
    node = _deref(schema, node)
    if isinstance(node.get("x-recorded"), str):
        node = _deref(schema, {**node, "$ref": node.pop("x-recorded")})
    return node


def inline_refs(schema: dict[str, Any], node: Any, depth: int = 0) -> Any:
    """A copy of `node` with every local `#/...` $ref replaced by what it points to."""
    if depth > 20:
        raise ValueError("the schema's $refs nest too deeply (is one recursive?)")
    if isinstance(node, list):
        return [inline_refs(schema, item, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        node = _deref(schema, node)
        depth += 1
    return {k: inline_refs(schema, v, depth) for k, v in node.items() if k != "$defs"}


def _deref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in node and str(node["$ref"]).startswith("#/") and seen < 10:
        target: Any = schema
        for key in str(node["$ref"])[2:].split("/"):
            target = target[key]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        node, seen = merged, seen + 1
    return node

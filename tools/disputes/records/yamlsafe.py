"""Safe, fast YAML for front matter: libyaml's parser, plain data, a line per key path.

Dates stay ISO strings (the validator checks them with clear messages), anchors and
aliases are refused (no alias bombs), and any tag other than the plain JSON-like
ones is refused without being constructed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from disputes.errors import DisputesError
from disputes.records.text import UNSAFE, unsafe_message

try:  # libyaml's C parser where present; the pure-Python one otherwise
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
# yaml.safe_load's loader, in C where present: for the register's own files (policy.yml,
# agencies.yml), where it reads the same as safe_load in a tenth of the time
SafeLoader = _BaseLoader

KeyPath = tuple[str | int, ...]
LineMap = dict[KeyPath, int]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Loader(_BaseLoader):
    """A safe loader that reads dates as plain strings.

    A plain scalar's tag depends on its text alone (no path resolvers are registered), and
    a register writes the same keys and words thousands of times: each text is resolved
    once per process, not once per occurrence (a tenth of validate's time, issue 25)."""

    _tags: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not implicit[0] or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        tag = self._tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._tags) < 50_000:  # bounded: free text is rarely repeated
                self._tags[value] = tag
        return tag


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def load_config_yaml(text: str) -> Any:
    """A configuration file's YAML (policy, agencies) as plain data; yaml.YAMLError for any
    problem, a value such as `!!int "abc"` included, which PyYAML raises as ValueError."""
    try:
        return yaml.load(text, Loader=_BaseLoader)
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        raise yaml.YAMLError(
            f"a value cannot be read ({exc}); remove any '!!' tag before it and write it plainly"
        ) from None


def format_path(path: tuple[str | int, ...]) -> str:
    """A key path as people read it: `stages[2].raised` (list positions count from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([1-9][0-9]*)\]")


def parse_path(text: str) -> KeyPath:
    """A key path as `format_path` writes it (`stages[2].raised`) back as keys (ValueError)."""
    path: list[str | int] = []
    at = 0
    while at < len(text):
        if path and text[at] == "." and at + 1 < len(text) and text[at + 1] != "[":
            at += 1
        match = _PATH_PART.match(text, at)
        if not match or (match.group(1) and path and text[at - 1] != "."):
            raise ValueError(
                f"'{text}' is not a field as validate names it, e.g. challenger.agency "
                "or stages[3].challenger_manager.email"
            )
        path.append(match.group(1) or int(match.group(2)) - 1)
        at = match.end()
    if not path or not isinstance(path[0], str):
        raise ValueError(f"'{text}' is not a field as validate names it, e.g. challenger.agency")
    return tuple(path)


class YamlProblem(DisputesError):
    """The YAML cannot be read; carries the 1-based line within the YAML text."""

    def __init__(self, message: str, line: int, path: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path


MAX_DEPTH = 32  # a record nests 4 levels; libyaml's composer recurses and can crash on more


def check_depth(text: str) -> None:
    """Refuse deep nesting (flow or block) before composing: libyaml recurses per level.

    The parser itself keeps an explicit stack, so counting its events is safe at any depth.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(_TOO_DEEP, event.start_mark.line + 1 if event.start_mark else 1)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


_TOO_DEEP = f"the fields are nested more than {MAX_DEPTH} levels deep; a record needs only a few"


# Block nesting needs a deeper start on some line: each level adds indentation or a
# compact '- ' / '? ' / ': ' before the value. A long run of those at a line's start is
# the only way to nest deeply in block style, so it is the cheap test for "scan first".
# A line indented past MAX_DEPTH; after a newline (not ^, which is tried at every position)
_DEEP_BLOCK = re.compile(rf"\n[ \t?:-]{{{MAX_DEPTH},}}")


def might_nest_deeply(text: str) -> bool:
    """Whether the text could nest past MAX_DEPTH (then its events are counted first)."""
    return text.count("[") + text.count("{") > 4 * MAX_DEPTH or bool(
        _DEEP_BLOCK.search("\n" + text)
    )


def load_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document into plain data and a map of key path to line."""
    data, lines, _ = read_yaml(text)
    return data, lines


def read_yaml(text: str, first_line: int = 1) -> tuple[Any, LineMap, bool]:
    """`load_yaml`'s data and line map (the text's first line numbered `first_line`; a
    YamlProblem's line counts from 1 regardless), and whether any value is a float."""
    if might_nest_deeply(text):  # cheap test first: rare in a record
        try:
            check_depth(text)
        except yaml.YAMLError:
            pass  # reported with its line by the full parse below
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(_plain_yaml_error(exc), line) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        # libyaml counts bytes, not characters: find the (first) character itself instead.
        line = text.count("\n", 0, max(text.find(chr(code)), 0)) + 1
        raise YamlProblem(unsafe_message(chr(code)), line, _field_on(text, line)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks
        raise YamlProblem(f"the YAML cannot be read ({exc})", 1) from None
    finally:
        loader.dispose()
    if node is None:
        return None, {}, False
    builder = _Builder(loader, first_line)
    data = builder.build(node, (), node.start_mark.line + first_line)
    return data, builder.lines, builder.floats


def _field_on(text: str, line: int) -> KeyPath:
    """The field on a line holding a character YAML refuses (read with it blanked out)."""
    try:
        _, lines = load_yaml(UNSAFE.sub(" ", text))
    except YamlProblem:
        return ()
    return path_at_line(lines, line)


def path_at_line(lines: LineMap, line: int) -> KeyPath:
    """The deepest key path starting on `line`, else on the nearest line before it."""
    before = [(at, len(path), path) for path, at in lines.items() if at <= line and path]
    return max(before, key=lambda item: item[:2])[2] if before else ()


def _plain_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    context = f" {exc.context}" if exc.context else ""
    return (
        f"the front matter is not valid YAML: {problem}{context}. "
        "Check the indentation and that text containing ': ' or '#' is in quotes"
    )


_TAG_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "empty",
}
_LONG_INT = re.compile(r"[-+]?[0-9_]{19,}")


def _not_a(node: yaml.ScalarNode) -> str:
    """Why a scalar such as `!!int "abc"` cannot be read, and how to write it instead."""
    if _LONG_INT.fullmatch(node.value):
        return _TOO_LONG.format(size=len(node.value))
    kind = node.tag.rsplit(":", 1)[-1]
    shown = " ".join(node.value.split())
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    words = _TAG_WORDS.get(kind, kind)
    return (
        f"'{shown}' is tagged !!{kind} ({words}) but is not {words}; remove the "
        f"'!!{kind}' and write {_EXAMPLES.get(kind, 'the value')}"
    )


_EXAMPLES = {
    "int": "a whole number such as 3",
    "float": "a number such as 2.5",
    "bool": "true or false",
    "null": "nothing after the colon",
}
_TOO_LONG = (
    "this number is far too long ({size:,} characters); a record's numbers are "
    "small whole numbers such as 3"
)


class _Builder:
    """Turns composed nodes into dicts, lists and scalars in one walk, noting each key
    path's line and whether it made a float (the schema check looks closer only then)."""

    def __init__(self, loader: Any, first_line: int) -> None:
        self.loader = loader
        self.first_line = first_line
        self.lines: LineMap = {}
        self.seen: set[int] = set()
        self.floats = False

    def build(self, node: yaml.Node, path: KeyPath, line: int) -> Any:
        """The node's value; `line` is where its key path starts (a key's own line)."""
        if id(node) in self.seen:
            raise YamlProblem(
                "YAML anchors and aliases (& and *) are not allowed in a record; "
                "write each value out in full",
                node.start_mark.line + 1,
                path,
            )
        self.seen.add(id(node))
        self.lines[path] = line
        if len(path) > MAX_DEPTH:
            raise YamlProblem(_TOO_DEEP, node.start_mark.line + 1, path)
        tag = node.tag
        if tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            first = self.first_line
            return [
                self.build(item, (*path, i), item.start_mark.line + first)
                for i, item in enumerate(node.value)
            ]
        if tag in _SCALARS and isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        raise YamlProblem(
            f"the YAML tag {node.tag} is not allowed in a record; remove it and write "
            "the value as plain text, a number, true/false, a list or a mapping",
            node.start_mark.line + 1,
            path,
        )

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        """A number, true/false or empty; a tagged scalar that is none of them is a problem.

        `!!int "abc"` or `!!bool "maybe"` would raise inside PyYAML, and an integer longer
        than Python's int-to-text limit (4,300 digits) cannot even be quoted in a message."""
        line = node.start_mark.line + 1
        try:
            value = self.loader.yaml_constructors[node.tag](self.loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise YamlProblem(_not_a(node), line, path) from None
        if isinstance(value, float):
            self.floats = True
        elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
            raise YamlProblem(_TOO_LONG.format(size=len(node.value)), line, path)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first = self.first_line
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALARS:
                raise YamlProblem(
                    "a field name must be plain text", key_node.start_mark.line + 1, path
                )
            key = str(key_node.value)
            if key in result:
                raise YamlProblem(
                    f"the field '{key}' appears twice; keep one of them",
                    key_node.start_mark.line + 1,
                    (*path, key),
                )
            result[key] = self.build(value_node, (*path, key), key_node.start_mark.line + first)
        return result


class _Resolver(yaml.resolver.Resolver):
    """What `load_yaml` makes of a plain scalar: YAML 1.1 as PyYAML reads it, dates as text."""


_Resolver.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_PLAIN = _Resolver()


def reads_as_text(value: str) -> bool:
    """Whether `value`, written unquoted, reads back as this same text (not `No` → false,
    `1:20` → 80, `~` → empty): the writer quotes a value when it does not."""
    return bool(_PLAIN.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str")

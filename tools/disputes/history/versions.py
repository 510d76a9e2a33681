"""A record's versions in git, cut into top-level fields and parsed only where they differ.

Parsing every version of every record in full would cost far more than reading the
log itself, so each version is cut at its top-level keys (a line at column 0 starting a
`key:`), and only the fields whose text differs between two versions are parsed, many
at once in a single YAML stream, each distinct text once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml

from disputes.history import FileChange, History
from disputes.history.safety import version_problem
from disputes.records.frontmatter import FileProblem, split_front

# Values stay as written (no dates, numbers or booleans): the audit trail only shows and
# compares them, and skipping type resolution makes parsing a quarter faster.
try:
    _Loader: Any = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - pyyaml without libyaml
    _Loader = yaml.BaseLoader

Sections = dict[str, str]  # top-level key -> the lines of that field, exactly as written


_FIELD_START = re.compile(r"\n(?=[^ \t#\-\n])")  # a line at column 0 that is not a comment


def split_sections(text: str) -> tuple[Sections, str]:
    """A record's front matter cut at its top-level keys, and its body (LF line ends).

    Where the front matter ends is `validate`'s own cut (`records.frontmatter.split_front`);
    a version it refuses has no fields (`history.safety` reports why).
    """
    try:
        split = split_front(text)
    except FileProblem:
        return {}, _lf(text.lstrip("\ufeff"))
    front = split.yaml_text.rstrip("\n")
    sections: dict[str, str] = {}
    for part in _FIELD_START.split(front) if front else ():
        key = part.split(":", 1)[0].strip().strip("'\"")
        sections[key] = sections[key] + "\n" + part if key in sections else part
    return sections, _lf(split.body)


def _lf(text: str) -> str:
    """Text with LF line ends only (a body's CRLF or CR ends are no change of its words)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_LIST_FIELD = re.compile(r"[^\n:]+:[ \t]*(?:#[^\n]*)?\n( *)- ")


def list_items(text: str) -> list[str] | None:
    """`key:` followed by `- ` items, cut into the items' texts; None for any other field."""
    match = _LIST_FIELD.match(text)
    if match is None:
        return None
    start = text.index("\n") + 1
    return re.split(r"\n(?=" + match.group(1) + "- )", text[start:])


def _load_one(text: str) -> Any:
    """One field's text parsed ({} if it is not valid YAML)."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}


class Versions:
    """Record versions by blob id, with each field's text parsed at most once."""

    def __init__(self, history: History) -> None:
        self._history = history
        self._split: dict[str, tuple[Sections, str]] = {}
        self._values: dict[str, Any] = {}
        self._pieces: dict[str, list[str] | None] = {}
        self._differing: dict[tuple[str | None, str | None], set[str]] = {}
        self._problems: dict[str, str] = {}  # versions not parsed, and why

    def split(self, sha: str | None) -> tuple[Sections, str]:
        """A version's fields and body ({} and '' for no version, or one unsafe to parse)."""
        if sha is None:
            return {}, ""
        if sha not in self._split:
            text = self._history.blob_text(sha)
            problem = version_problem(text)
            if problem is not None:
                self._problems[sha] = problem
            self._split[sha] = ({}, "") if problem else split_sections(text)
        return self._split[sha]

    def problem(self, sha: str | None) -> str | None:
        """Why a version was not parsed (see history.safety), or None."""
        self.split(sha)
        return self._problems.get(sha) if sha else None

    def differing(self, change: FileChange) -> set[str]:
        """The top-level fields whose text differs between the change's two versions."""
        if change.status == "A":
            return {"status"}
        pair = (change.old_blob, change.new_blob)
        if pair not in self._differing:
            old, new = self.split(pair[0])[0], self.split(pair[1])[0]
            self._differing[pair] = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        return self._differing[pair]

    def items(self, text: str) -> list[str] | None:
        """A block list field cut into its items (each parsed on its own), or None."""
        if text not in self._pieces:
            self._pieces[text] = list_items(text)
        return self._pieces[text]

    def needed(self, change: FileChange) -> list[str]:
        """The texts (fields, or items of list fields) a change's description needs parsed."""
        keys = self.differing(change)
        texts = []
        for sha in (change.old_blob, change.new_blob):
            sections = self.split(sha)[0]
            for key in keys:
                if key in sections:
                    texts += self.items(sections[key]) or [sections[key]]
        return texts

    def load(self, texts: Iterable[str]) -> None:
        """Parse every not-yet-parsed field text, all in one YAML stream."""
        values = self._values
        todo = list(dict.fromkeys(t for t in texts if t not in values))
        if not todo:
            return
        try:
            docs = list(yaml.load_all("".join(f"---\n{t}\n" for t in todo), Loader=_Loader))
        except yaml.YAMLError:
            docs = []
        if len(docs) != len(todo):  # one broken field: parse them one by one
            docs = [_load_one(t) for t in todo]
        self._values.update(zip(todo, docs, strict=True))

    def fields(self, sha: str | None, keys: Iterable[str]) -> dict[str, Any]:
        """The parsed values of some top-level fields of a version, in the file's order
        (never a set's, which changes from run to run and would reorder the audit trail)."""
        sections = self.split(sha)[0]
        values: dict[str, Any] = {}
        wanted = set(keys)
        for key in (k for k in sections if k in wanted):
            items = self.items(sections[key])
            if items is None:
                self.load([sections[key]])
                parsed = self._values[sections[key]]
                values.update(parsed if isinstance(parsed, dict) else {})
            else:
                self.load(items)
                values[key] = [
                    e for i in items if isinstance(self._values[i], list) for e in self._values[i]
                ]
        return values

    def body_changed(self, change: FileChange) -> bool:
        """Whether the Markdown body differs between the two versions."""
        return self.split(change.old_blob)[1] != self.split(change.new_blob)[1]

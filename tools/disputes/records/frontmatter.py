"""Split a record file into front matter and body, keeping line numbers."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disputes.errors import DisputesError
from disputes.records.text import UNSAFE, unsafe_message
from disputes.records.yamlsafe import KeyPath, LineMap, YamlProblem, path_at_line, read_yaml

MAX_BYTES = 1024 * 1024  # a record is a form, not an archive: a few KB is typical
BOM = "\ufeff"


class FileProblem(DisputesError):
    """The file cannot be read as a record; carries the 1-based line."""

    def __init__(self, message: str, line: int = 1, path: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path


@dataclass
class Parsed:
    """A record file's front matter as plain data, with its line map and body."""

    data: dict[str, Any]
    lines: LineMap = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    floats: bool = True  # whether the data may hold a float (False: its reader made none)

    def line_of(self, path: KeyPath) -> int:
        """The line of the nearest key on `path` that the file has (1 if none)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def read_text(path: Path) -> str:
    """Read a record file as UTF-8 (BOM allowed), refusing huge or non-UTF-8 files.

    Only a regular file is read, never through a symlink, and never more than MAX_BYTES:
    a FIFO or device under records/ must not hang or flood the command.
    """
    return decode_record(read_bounded(path))


def decode_record(raw: bytes) -> str:
    """A record's bytes as text: UTF-8 only (a BOM allowed and dropped)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(
            f"a character on this line is not UTF-8 text (byte 0x{raw[exc.start]:02x}), often "
            "from saving as 'ANSI' in Word or Excel; save the file as UTF-8 in your editor",
            line,
        ) from None
    return text[1:] if text.startswith(BOM) else text


def read_bounded(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_BYTES; FileProblem for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileProblem(NOT_REGULAR.format(kind="a symbolic link")) from None
        raise FileProblem(f"the file cannot be read ({exc.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem(NOT_REGULAR.format(kind=kind_of(status.st_mode)))
        # What fstat says is there and a byte more, not MAX_BYTES + 1 at once: a buffer
        # that size is a fresh mmap, mremap and munmap per record (a tenth of validate).
        raw = handle.read(min(status.st_size, MAX_BYTES) + 1)
        if len(raw) > status.st_size:  # it grew meanwhile: read on, still bounded
            raw += handle.read(MAX_BYTES + 1 - len(raw))
    if max(status.st_size, len(raw)) > MAX_BYTES:
        raise FileProblem(too_big(max(status.st_size, len(raw))))
    return raw


NOT_REGULAR = (
    "this is {kind}, not a record file; records/ holds only plain files "
    "records/<year>/<id>.md. Put the record's own text here instead"
)


def too_big(size: int) -> str:
    """The message for a file over MAX_BYTES."""
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; a record should be a few KB. "
        "Keep attachments and case notes in the agencies' own systems"
    )


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    return "a file" if stat.S_ISREG(mode) else "a special file"


@dataclass(frozen=True)
class Split:
    """A record's text cut where its front matter starts and ends; nothing parsed yet."""

    bom: str  # the byte order mark, if the file had one
    opening: str  # the opening '---' line with its line end
    front: str  # the front matter's lines, exactly as written (any line ends)
    rest: str  # the closing '---' line and the body, exactly as written
    body_line: int  # the body's first line (1-based, the BOM not counted)

    @property
    def yaml_text(self) -> str:
        """The front matter with LF line ends, as YAML and line numbers see it."""
        return self.front.replace("\r\n", "\n").replace("\r", "\n")

    @property
    def body(self) -> str:
        """The Markdown body: what follows the closing line, exactly as written."""
        first = _LINE.match(self.rest)
        return self.rest[first.end() :] if first else ""

    @property
    def newline(self) -> str:
        """The opening line's line end: "\n", "\r\n" or (old Mac files) "\r"."""
        return self.opening[len(self.opening.rstrip("\r\n")) :] or "\n"


def split_front(text: str) -> Split:
    """Cut text at its front matter: THE reader of where front matter starts and ends.

    `validate`, the gate, every edit and the history's readers all call this, so they
    agree on every file. Lines end at LF, CRLF or CR only: a Unicode line separator is no
    line end (YAML would read one as a line break, git and `str.splitlines` differently),
    so the front matter may not hold one; the closing line is '---' (spaces and tabs
    after it allowed), never '...'. FileProblem says what is wrong and on which line.
    """
    bom = BOM if text.startswith(BOM) else ""
    text = text[len(bom) :]
    if not text.strip():
        raise FileProblem("the file is empty; a record starts with a line '---', then its fields")
    first = _LINE.match(text)
    opening = first.group() if first else text
    if _marker(opening) != "---":
        if _ODD_BREAK.search(opening) or opening.rstrip() == "---":
            raise FileProblem(ODD_BREAK, 1)
        raise FileProblem(
            "the file has no front matter: its first line must be '---', followed by the "
            "record's fields and another '---' line"
        )
    start = len(opening)
    lone_cr = "\r" in text and text.count("\r") != text.count("\r\n")  # CRLF ends in LF
    candidates = (_CANDIDATE_CR if lone_cr else _CANDIDATE).finditer(text, max(start - 1, 0))
    for candidate in candidates:
        begin = candidate.start() + 1
        line = text[begin : begin + len(_LINE.match(text, begin).group())]  # type: ignore[union-attr]
        number = 1 + _breaks(text, begin)
        mark = _marker(line)
        if mark == "---":
            split = Split(bom, opening, text[start:begin], text[begin:], number + 1)
            yaml_text = split.yaml_text
            if any(c in yaml_text for c in _ODD_CHARACTERS):  # a quick scan, then where
                odd = _ODD_BREAK.search(yaml_text)
                raise FileProblem(ODD_BREAK, yaml_text.count("\n", 0, odd.start()) + 2)  # type: ignore[union-attr]
            return split
        if mark == "..." or line.rstrip() == "...":  # YAML allows it, readers disagree
            raise FileProblem(DOTS_CLOSING, number)
        if line.rstrip() == "---":  # a non-breaking space, form feed...: not a close
            raise FileProblem(ODD_BREAK, number)
    whole = text.replace("\r\n", "\n").replace("\r", "\n")
    odd = _ODD_BREAK.search(whole)
    if odd:  # e.g. '---' then a line separator: where the fields were meant to end
        raise FileProblem(ODD_BREAK, whole.count("\n", 0, odd.start()) + 1)
    raise FileProblem(
        "the front matter is not closed: add a line '---' after the last field, "
        "before the body text",
        1 + _breaks(text.rstrip("\r\n"), len(text)),
    )


def parse_record_text(text: str) -> Parsed:
    """Split text into YAML front matter (parsed, see `split_front`) and the Markdown body."""
    split = split_front(text)
    try:  # the file's line 2 is the YAML's first
        data, lines, floats = read_yaml(split.yaml_text, first_line=2)
    except YamlProblem as exc:
        raise FileProblem(exc.message, exc.line + 1, exc.path) from None
    if not isinstance(data, dict):
        raise FileProblem("the front matter must be a list of 'field: value' lines", 2)
    parsed = Parsed(data, lines, split.body, split.body_line, floats)
    problem = unsafe_character(text.removeprefix(BOM), parsed)
    if problem is not None:
        raise problem
    return parsed


def unsafe_character(text: str, parsed: Parsed) -> FileProblem | None:
    """The first control or bidi character in a record (`records/text.py`): written as it
    is anywhere in the file, or as a YAML escape such as "\\u202e" in a field's value."""
    found = UNSAFE.search(text)
    if found:
        line = len(_LINE.findall(text[: found.start()] + "x"))
        path = ("body",) if line >= parsed.body_line else path_at_line(parsed.lines, line)
        return FileProblem(unsafe_message(found.group()), line, path)
    if "\\" not in text[: len(text) - len(parsed.body)]:
        return None  # only a double-quoted YAML escape makes one that the text does not hold
    for path, value in _texts(parsed.data, ()):
        found = UNSAFE.search(value)
        if found:
            return FileProblem(unsafe_message(found.group()), parsed.line_of(path), path)
    return None


def _texts(value: Any, path: KeyPath) -> list[tuple[KeyPath, str]]:
    """Every text in the front matter, field names included, with its key path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [
            item
            for key, inner in value.items()
            for item in [((*path, key), key), *_texts(inner, (*path, key))]
        ]
    if isinstance(value, list):
        return [item for i, inner in enumerate(value) for item in _texts(inner, (*path, i))]
    return []


ODD_BREAK = (
    "this line holds a Unicode line or paragraph separator (U+0085, U+2028 or U+2029), or an "
    "invisible character such as a non-breaking space after '---'. YAML would read a separator "
    "as a line break where git and the register's history do not, so the fields would differ "
    "between them. Delete the character (save the file with ordinary line endings)"
)
# What YAML takes as a line break but the history's readers do not.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # LF, CRLF, CR: not str.splitlines
_ODD_CHARACTERS = "\x85\u2028\u2029"
# A line that may close the front matter: the line end before it first, for a fast scan
# (a pattern starting with one character is found far faster than one with a class).
_CANDIDATE = re.compile(r"\n(?=---|\.\.\.)")
_CANDIDATE_CR = re.compile(r"[\r\n](?=---|\.\.\.)")


def _breaks(text: str, end: int) -> int:
    """How many line ends (LF, CRLF or CR) come before `end`."""
    found = text.count("\n", 0, end)
    return found + text.count("\r", 0, end) - text.count("\r\n", 0, end) if "\r" in text else found


def _marker(line: str) -> str:
    """A line less the spaces, tabs and line end a front matter marker may carry."""
    return line.rstrip(" \t\r\n")


DOTS_CLOSING = (
    "the front matter ends with a line '...'; end it with a line '---' instead. The register "
    "takes one form only, the one GitHub, MkDocs and every disputes command read alike"
)

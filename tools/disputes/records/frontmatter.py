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
from disputes.records.yamlsafe import KeyPath, LineMap, YamlProblem, load_yaml

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
        raw = handle.read(MAX_BYTES + 1)  # bounded even if the file grows meanwhile
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
    return "a special file"


def parse_record_text(text: str) -> Parsed:
    """Split text into YAML front matter (parsed) and the Markdown body.

    Lines end at LF, CRLF or CR, as the history's readers (history.versions, history.safety)
    see them too: a Unicode line separator is no line end there, so the front matter may not
    hold one (YAML would read it as a line break)."""
    if text.startswith(BOM):
        text = text[1:]
    if not text.strip():
        raise FileProblem("the file is empty; a record starts with a line '---', then its fields")
    lines = _lines(text)
    if _marker(lines[0]) != "---":
        if _ODD_BREAK.search(lines[0]) or lines[0].rstrip() == "---":
            raise FileProblem(ODD_BREAK, 1)
        raise FileProblem(
            "the file has no front matter: its first line must be '---', followed by the "
            "record's fields and another '---' line"
        )
    end = _closing_line(lines)
    yaml_text = "".join(lines[1:end]).replace("\r\n", "\n")
    odd = _ODD_BREAK.search(yaml_text)
    if odd:
        raise FileProblem(ODD_BREAK, yaml_text.count("\n", 0, odd.start()) + 2)
    try:
        data, line_map = load_yaml(yaml_text)
    except YamlProblem as exc:
        raise FileProblem(exc.message, exc.line + 1, exc.path) from None
    if not isinstance(data, dict):
        raise FileProblem("the front matter must be a list of 'field: value' lines", 2)
    shifted = {path: line + 1 for path, line in line_map.items()}
    return Parsed(data, shifted, "".join(lines[end + 1 :]), end + 2)


ODD_BREAK = (
    "this line holds a Unicode line or paragraph separator (U+0085, U+2028 or U+2029), or an "
    "invisible character such as a non-breaking space after '---'. YAML would read a separator "
    "as a line break where git and the register's history do not, so the fields would differ "
    "between them. Delete the character (save the file with ordinary line endings)"
)
# What YAML takes as a line break but the history's readers do not.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # LF, CRLF, CR: not str.splitlines


def _lines(text: str) -> list[str]:
    """The text's lines, each with its line end (LF, CRLF or CR only)."""
    return _LINE.findall(text)


def _marker(line: str) -> str:
    """A line less the spaces, tabs and line end a front matter marker may carry."""
    return line.rstrip(" \t\r\n")


DOTS_CLOSING = (
    "the front matter ends with a line '...'; end it with a line '---' instead. The register "
    "takes one form only, the one GitHub, MkDocs and every disputes command read alike"
)


def _closing_line(lines: list[str]) -> int:
    """The index of the line closing the front matter: '---' only (see DOTS_CLOSING)."""
    for index in range(1, len(lines)):
        mark = _marker(lines[index])
        if mark == "---":
            return index
        if mark == "..." or lines[index].rstrip() == "...":  # YAML allows it, readers disagree
            raise FileProblem(DOTS_CLOSING, index + 1)
        if lines[index].rstrip() == "---":  # a non-breaking space, form feed...: not a close
            raise FileProblem(ODD_BREAK, index + 1)
    odd = _ODD_BREAK.search("".join(lines).replace("\r\n", "\n"))
    if odd:  # e.g. '---' then a line separator: where the fields were meant to end
        raise FileProblem(ODD_BREAK, "".join(lines).replace("\r\n", "\n").count(
            "\n", 0, odd.start()) + 1)
    raise FileProblem(
        "the front matter is not closed: add a line '---' after the last field, "
        "before the body text",
        len(lines),
    )

"""CSV that a spreadsheet opens safely in every locale: the one writer of every CSV file
the tool makes (report and overdue CSV, `list --format csv`, the site's report tables, the
open data).

A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return before one)
as a formula, and reads the fullwidth ＝ ＋ － ＠ (any form NFKC makes one of those) as those
too; such a cell is led by an apostrophe so it shows as text. A spreadsheet set to a
semicolon locale splits lines at every `;`, quotes or not (a quote inside a cell is just a
character to it), and a tab-separated reader at tabs: so a formula sign after a `;`, a tab
or a line end inside a cell is led by an apostrophe as well. A cell holding a separator is
quoted. Numbers are written as they are.

The csv module quotes only at its own delimiter, never at a `;`, hence these few lines
(RFC 4180 quoting: the cell in double quotes, each quote doubled).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA = ("=", "+", "-", "@")
_LEADING_CONTROL = ("\t", "\r", "\n")
_QUOTED = re.compile('[",;\t\r\n]')
# Where another locale's reader starts a cell inside ours: after ; or a tab or a line end.
_CELL_STARTS = re.compile(r"([;\t\r\n])(\s*)(\S)")


def spreadsheet_cell(value: Any) -> str:
    """One cell's text: empty if missing, numbers as they are, text that a spreadsheet
    would run as a formula led by an apostrophe, quoted if it holds a separator."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if _QUOTED.search(text):
        text = _CELL_STARTS.sub(_inner_cell, text)
    if _runs_as_formula(text):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def _inner_cell(match: re.Match[str]) -> str:
    separator, spaces, first = match.groups()
    lead = "'" if unicodedata.normalize("NFKC", first).startswith(_FORMULA) else ""
    return separator + spaces + lead + first


def _runs_as_formula(text: str) -> bool:
    if text.startswith(_LEADING_CONTROL):
        return True
    head = text.lstrip()[:4]  # a spreadsheet may trim the spaces before a formula
    return unicodedata.normalize("NFKC", head).startswith(_FORMULA)


def csv_document(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], line_end: str = "\r\n"
) -> str:
    """A CSV file: the header, then one line per row, every cell made safe."""
    lines = [",".join(spreadsheet_cell(c) for c in row) for row in [header, *rows]]
    return "".join(line + line_end for line in lines)

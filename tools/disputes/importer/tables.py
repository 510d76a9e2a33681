"""A spreadsheet log's rows: CSV or XLSX, header row first, merged cells filled in.

A merged block (an agency typed once across several rows) gives its value to every
cell it covers; blank rows are skipped; every value is trimmed.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.importer.values import text_of

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class SourceError(DisputesError):
    """A source file cannot be read at all (exit status 2)."""

    exit_code = COULD_NOT_RUN


@dataclass(frozen=True)
class Row:
    """One row of a log: where it is, and its cells by column heading."""

    file: str
    sheet: str | None
    number: int  # the header is row 1
    cells: dict[str, Any]

    @property
    def where(self) -> str:
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.file}{sheet}, row {self.number}"


@dataclass(frozen=True)
class Table:
    """A log's column headings and its rows."""

    file: str
    sheet: str | None
    headings: list[str]
    rows: list[Row]


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The log at `path` (its first sheet, or `sheet`)."""
    if path.suffix.lower() == ".csv":
        return _csv(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet)
    raise SourceError(f"{path}: not a log the import reads (CSV or XLSX) nor a form (.docx)")


def _table(file: str, sheet: str | None, grid: Iterator[list[Any]]) -> Table:
    header = next(grid, None)
    if not header or not any(text_of(c) for c in header):
        raise SourceError(f"{file}: the first row holds no column headings")
    headings = [text_of(c) for c in header]
    rows = []
    for number, values in enumerate(grid, start=2):
        cells = {
            h: v.strip() if isinstance(v, str) else v
            for h, v in zip(headings, values, strict=False)
            if h
        }
        if any(text_of(v) for v in cells.values()):
            rows.append(Row(file, sheet, number, cells))
    return Table(file, sheet, [h for h in headings if h], rows)


def _csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # a log saved by Excel on Windows
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from None
    return _table(path.name, None, iter(csv.reader(text.splitlines())))


def _xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # only an XLSX import pays for loading it

    try:
        book = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable XLSX workbook ({exc})") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise SourceError(f"{path}: no sheet '{sheet}' (it has: {', '.join(book.sheetnames)})")
    ws = book[sheet] if sheet else book.worksheets[0]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    for block in ws.merged_cells.ranges:  # the top-left cell holds the value of the block
        value = grid[block.min_row - 1][block.min_col - 1]
        for r in range(block.min_row - 1, block.max_row):
            for c in range(block.min_col - 1, block.max_col):
                grid[r][c] = value
    return _table(path.name, ws.title, iter(grid))

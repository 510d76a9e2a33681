"""The report pages' tables as data: drawn once as HTML and once as CSV from the same cells.

A count that the register can list is a `Figure` carrying the register's filter for exactly
the disputes it counts; on the internal site it links to `/register/?<filter>`. The public
site has no register: its figures carry no filter and are never links, and its CSV holds
the figures exactly as its pages show them ("fewer than 5", "withheld"), never a raw count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from disputes.disclosure.counts import Counts
from disputes.report.spreadsheet import csv_document
from disputes.site.markup import esc, inline, link, table

DOWNLOAD = "Download this table (CSV)"


@dataclass(frozen=True)
class Figure:
    """A count as a page shows it, and the register filter that lists those disputes."""

    shown: str
    count: int | None = None  # None where the public may not see it
    filters: Mapping[str, str] = field(default_factory=dict)  # {} when nothing lists them


@dataclass(frozen=True)
class Link:
    """Words that link to another page of the site (internal): text in the CSV."""

    text: str
    href: str


Cell = str | int | Figure | Link | None


@dataclass
class ReportTable:
    """One table of a report page: `name` is its CSV file's name (csv/<name>.csv)."""

    name: str
    headers: Sequence[str]
    rows: list[list[Cell]]
    attrs: str = ""


def figure(counts: Counts, cell: tuple, **filters: str) -> Figure:
    """One counted cell; linkable on the internal site only, where nothing is hidden."""
    count = None if cell in counts.hidden else counts.values[cell]
    return Figure(counts.shown(*cell), count, {} if counts.public else filters)


def register_href(filters: Mapping[str, str], root: str) -> str:
    """The register filtered as given (register.js reads these parameters): the one place
    a link into the register is made, for dashboard tiles and report figures alike."""
    query = urlencode({k: v for k, v in filters.items() if v})
    return f"{root}register/" + (f"?{query}" if query else "")


def plain(cell: Cell) -> str:
    """A cell's text, as the CSV and a reader see it."""
    if isinstance(cell, Figure):
        return cell.shown
    if isinstance(cell, Link):
        return cell.text
    return "" if cell is None else str(cell)


def cell_html(cell: Cell, root: str | None, scope: Mapping[str, str]) -> str:
    """A cell as HTML: a count of one or more disputes links to the register (if `root`)."""
    if isinstance(cell, Figure) and root is not None and cell.filters and cell.count:
        href = register_href({**scope, **cell.filters}, root)
        which = "this dispute" if cell.count == 1 else f"these {cell.count} disputes"
        return (
            f'<a class="figure" href="{esc(href)}" title="List {which} in the register">'
            f"{esc(cell.shown)}</a>"
        )
    if isinstance(cell, Link) and root is not None:
        return link(cell.href, cell.text)
    return esc(plain(cell))


def table_parts(
    data: ReportTable,
    root: str | None,
    scope: Mapping[str, str] | None = None,
    suffix: str = "",
    keep: Callable[[str], str] = inline,
) -> str:
    """The table as HTML and, right below it, the link to download it as CSV. `scope` is the
    register filter of the period shown (added to every link); `suffix` names its file;
    `keep` is where the table's HTML goes (markup.HtmlStash: out of Markdown's way)."""
    rows = [[cell_html(c, root, scope or {}) for c in row] for row in data.rows]
    html = keep(table(data.headers, rows, attrs=data.attrs))
    name = f"{data.name}{suffix}.csv"
    return f'{html}\n[{DOWNLOAD}](csv/{data.name}.csv){{ download="{name}" .table-csv }}'


def table_csv(data: ReportTable) -> str:
    """The table as CSV: the same figures as its HTML, no links, no formulas."""
    return csv_document(list(data.headers), [[plain(c) for c in row] for row in data.rows])

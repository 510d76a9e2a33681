"""The register: every record as data, shown a page at a time and filtered in the browser.

The rows travel as one JSON block and register.js draws only the page in view, so a
register of thousands of disputes stays small and quick (see tools/bench/bench_register.py).
"""

from __future__ import annotations

import json
from typing import Any

from disputes.disclosure.public import quarter_name
from disputes.records.model import Record
from disputes.report.build import AGE_BANDS, NOT_RECORDED, age_band, outcome_of
from disputes.site.data import SiteData
from disputes.site.markup import esc
from disputes.site.words import word

# (key in a row, heading, how it sorts): "num" and "date" sort by value, not as text
COLUMNS = (
    ("id", "Id", "text"),
    ("title", "Title", "text"),
    ("status", "Status", "text"),
    ("stage", "Stage", "num"),
    ("opened", "Opened", "date"),
    ("challenger", "Challenging agency", "text"),
    ("challenged", "Challenged agency", "text"),
    ("categories", "Categories", "text"),
    ("deadline", "Next deadline", "date"),
    ("overdue", "Days overdue", "num"),
    ("days", "Days to resolution", "num"),
)
FILTERS = (
    ("status", "Status"),
    ("stage", "Stage"),
    ("agency", "Agency"),
    ("category", "Category"),
    ("year", "Year opened"),
    ("resolved", "Year resolved"),
)
# Under "More filters": what a report page's figure may ask for (site/figures.py links them)
MORE_FILTERS = (
    ("quarter", "Quarter opened"),
    ("reached", "Reached stage"),
    ("challenger", "Challenging agency"),
    ("challenged", "Challenged agency"),
    ("timescale", "Stage timescale"),
    ("outcome", "Outcome"),
    ("level", "Level of need"),
    ("age", "Open for (days)"),
)


def register_page(data: SiteData) -> str:
    """The HTML of /register/ below its title: count, filters, export, table and pager."""
    rows = [register_row(r, data) for r in data.records]
    return "\n".join(
        [
            f'<p id="register-count" class="register-count" aria-live="polite">'
            f"{len(rows)} disputes.</p>",
            _filters(_options(data.records) | _more_options(data.records, rows)),
            '<div class="register-actions">'
            '<button type="button" class="md-button" data-export="csv">Download this view '
            "as CSV</button> "
            '<button type="button" class="md-button" data-export="json">Download this view '
            "as JSON</button></div>",
            '<div class="register-scroll" tabindex="0" role="region" '
            'aria-labelledby="register-caption">',
            '<table id="register-table" class="register-table">',
            '<caption id="register-caption">Disputes in the register. Choose a column heading '
            "to sort by it.</caption>",
            "<thead><tr>" + "".join(_heading(*c) for c in COLUMNS) + "</tr></thead>",
            "<tbody></tbody></table></div>",
            '<nav class="register-pager" aria-label="Pages of the register"></nav>',
            "<noscript><p>The register needs JavaScript to list the disputes. Each record "
            "also has its own page.</p></noscript>",
            f'<script type="application/json" id="register-data">{script_json(rows)}</script>',
        ]
    )


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can end it early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _heading(key: str, label: str, kind: str) -> str:
    # a class per column gives it a fixed width (register.css): the table is laid out once,
    # its columns never move from one page of rows to the next; figures align right
    classes = f"col-{key} num" if kind == "num" else f"col-{key}"
    return (
        f'<th scope="col" class="{classes}" aria-sort="none"><button type="button" '
        f'data-sort="{key}" data-kind="{kind}">{esc(label)}</button></th>'
    )


def _options(records: list[Record]) -> dict[str, list[tuple[str, str]]]:
    """Each filter's choices as (value in the URL, words shown)."""

    def plain(values: set[str], reverse: bool = False) -> list[tuple[str, str]]:
        return [(v, v) for v in sorted(values, reverse=reverse)]

    categories = sorted({c for r in records for c in r.categories})
    return {
        "status": [(s, word(s)) for s in sorted({r.status for r in records})],
        "stage": plain({str(r.current_stage) for r in records}),
        "agency": plain({a for r in records for a in (r.challenger_agency, r.challenged_agency)}),
        "category": [(c, word(c)) for c in categories],
        "year": plain({str(r.opened.year) for r in records}, reverse=True),
        "resolved": plain(
            {str(r.resolution.date.year) for r in records if r.resolution}, reverse=True
        ),
    }


def _filters(options: dict[str, list[tuple[str, str]]]) -> str:
    more = "".join(_select(key, label, options[key]) for key, label in MORE_FILTERS)
    return (
        '<form class="register-filters" role="search" aria-label="Filter the register">'
        + "".join(_select(key, label, options[key]) for key, label in FILTERS)
        + '<div class="register-field register-search"><label for="filter-text">Search</label>'
        '<input id="filter-text" type="search" data-filter="text" '
        'placeholder="Id, case reference, title or agency"></div>'
        f"{_sort_choice()}"
        '<div class="register-field register-check"><input id="filter-overdue" '
        'type="checkbox" data-filter="overdue" value="yes">'
        '<label for="filter-overdue">Overdue only</label></div>'
        '<div class="register-field"><button type="reset" class="md-button" '
        "data-clear>Clear filters</button></div>"
        '<details class="register-more"><summary><span>More filters</span></summary>'
        f'<div class="register-more-fields">{more}</div></details></form>'
    )


def _select(key: str, label: str, choices: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in choices)
    return (
        f'<div class="register-field"><label for="filter-{key}">{esc(label)}</label>'
        f'<select id="filter-{key}" data-filter="{key}"><option value="">All</option>'
        f"{options}</select></div>"
    )


def _more_options(
    records: list[Record], rows: list[dict[str, Any]]
) -> dict[str, list[tuple[str, str]]]:
    """The choices of the filters a report page's figures link to, as found in the rows."""

    def found(key: str) -> set[str]:
        return {v for row in rows for v in _listed(row.get(key))}

    stages = range(1, max((row["stage"] for row in rows), default=0) + 1)
    timescales = sorted(found("timescales"))
    quarters = sorted({quarter_name(r.opened) for r in records}, reverse=True)
    return {
        "quarter": [(q, q.replace("-", " ")) for q in quarters],
        "reached": [(str(s), f"Stage {s}") for s in stages],
        "challenger": [(a, a) for a in sorted(found("challenger"))],
        "challenged": [(a, a) for a in sorted(found("challenged"))],
        "timescale": [(t, f"Stage {t[0]}: {word(t[2:]).lower()}") for t in timescales],
        "outcome": [(o, word(o)) for o in sorted(found("outcome"))],
        "level": [(v, word(v)) for v in sorted(found("level"))],
        "age": [(a, a) for a, _ in AGE_BANDS if a in found("age")],
    }


def _listed(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _sort_choice() -> str:
    """Sorting without the column headings (hidden on a phone), in plain words."""
    choices = ['<option value="">As listed (by id)</option>']
    for key, label, kind in COLUMNS:
        low, high = {
            "num": ("lowest first", "highest first"),
            "date": ("earliest first", "latest first"),
        }.get(kind, ("A to Z", "Z to A"))
        choices.append(f'<option value="{key}:asc">{esc(label)}, {low}</option>')
        choices.append(f'<option value="{key}:desc">{esc(label)}, {high}</option>')
    return (
        '<div class="register-field"><label for="sort-by">Sort by</label>'
        f'<select id="sort-by">{"".join(choices)}</select></div>'
    )


def register_row(record: Record, data: SiteData) -> dict[str, Any]:
    """One record as the register's script sees it. Codes, not words: the script shows each in
    the words of its filter's options, which keeps the page small at thousands of rows."""
    upcoming = data.next_deadlines.get(record.id)
    deadline = ""
    if record.status == "open" and upcoming is not None and upcoming.deadline is not None:
        deadline = data.policy.local_day(upcoming.deadline).isoformat()
    overdue = max(
        (t.days_overdue for t in data.timescales.get(record.id, []) if t.outcome == "overdue"),
        default=0,
    )
    row = {
        "id": record.id,
        "ref": record.child_reference,
        "title": record.title,
        "status": record.status,
        "stage": record.current_stage,
        "opened": record.opened.isoformat(),
        "challenger": record.challenger_agency,
        "challenged": record.challenged_agency,
        "categories": list(record.categories),
        "deadline": deadline,
        "overdue": overdue if record.status == "open" and overdue else None,
        "days": record.days_to_resolution,
        "resolved": str(record.resolution.date.year) if record.resolution else "",
    }
    more = {  # left out when empty: they add to every row of a long register
        "first": record.stages[0].stage if record.stages and record.stages[0].stage > 1 else 0,
        "timescales": [
            f"{t.stage}-{t.outcome}" for t in data.timescales.get(record.id, []) if t.outcome
        ],
        "outcome": outcome_of(record) if record.resolution else "",
        "level": record.level_of_need or NOT_RECORDED,
        "age": age_band(record, data.today),
        "risk": 1 if record.status == "open" and record.immediate_risk else 0,
    }
    return row | {key: value for key, value in more.items() if value}


def register_stub() -> str:
    """The register page's Markdown: its title, no table of contents, and out of the search
    index (it names every record, so searching an id would list it before the record)."""
    return '---\ntitle: "Register"\nhide: [toc]\nsearch:\n  exclude: true\n---\n\n# Register\n'

"""The register: every record in one table, sorted and filtered in the browser."""

from __future__ import annotations

from disputes.records.model import Record
from disputes.site.data import SiteData
from disputes.site.markup import esc, link, table

HEADERS = [
    "Id",
    "Title",
    "Status",
    "Stage",
    "Opened",
    "Challenger",
    "Challenged",
    "Categories",
    "Next deadline / days to resolution",
]

FILTERS = (
    ("status", "Status"),
    ("stage", "Stage"),
    ("agency", "Agency"),
    ("category", "Category"),
    ("year", "Year opened"),
)


def register_page(data: SiteData) -> str:
    """The HTML of /register/ below its title: filters, then the table (sorted and filtered by
    tablesort and register.js in the browser)."""
    records = data.records
    rows = [_row(r, data) for r in records]
    attrs = [_attrs(r) for r in records]
    options = {
        "status": sorted({r.status for r in records}),
        "stage": sorted({str(r.current_stage) for r in records}),
        "agency": sorted({a for r in records for a in (r.challenger_agency, r.challenged_agency)}),
        "category": sorted({c for r in records for c in r.categories}),
        "year": sorted({str(r.opened.year) for r in records}, reverse=True),
    }
    return "\n".join(
        [
            f"<p>{len(records)} disputes. Click a column heading to sort; choose in the boxes to "
            "filter.</p>",
            _filters(options),
            table(HEADERS, rows, attrs='id="register-table"', row_attrs=attrs),
            '<p id="register-count" aria-live="polite"></p>',
        ]
    )


def _filters(options: dict[str, list[str]]) -> str:
    boxes = []
    for key, label in FILTERS:
        choices = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in options[key])
        boxes.append(
            f'<label>{esc(label)} <select data-filter="{key}"><option value="">All</option>'
            f"{choices}</select></label>"
        )
    boxes.append(
        '<label>Search <input type="search" data-filter="text" '
        'placeholder="id, title, agency"></label>'
    )
    return '<div class="register-filters">' + " ".join(boxes) + "</div>"


def _attrs(record: Record) -> str:
    agencies = f"{record.challenger_agency}|{record.challenged_agency}"
    return (
        f'data-status="{esc(record.status)}" data-stage="{record.current_stage}" '
        f'data-agency="{esc(agencies)}" data-category="{esc("|".join(record.categories))}" '
        f'data-year="{record.opened.year}"'
    )


def _row(record: Record, data: SiteData) -> list[str]:
    return [
        link(f"../records/{record.id}/", record.id),
        esc(record.title),
        esc(record.status),
        str(record.current_stage),
        record.opened.isoformat(),
        esc(record.challenger_agency),
        esc(record.challenged_agency),
        esc(", ".join(record.categories)),
        esc(_progress(record, data)),
    ]


def _progress(record: Record, data: SiteData) -> str:
    if record.resolution is not None:
        return f"resolved in {record.days_to_resolution} days"
    if record.withdrawn is not None:
        return f"withdrawn {record.withdrawn.date.isoformat()}"
    upcoming = data.next_deadlines.get(record.id)
    if upcoming is None or upcoming.deadline is None:
        return "no deadline at this stage"
    when = data.policy.local_day(upcoming.deadline).isoformat()
    if upcoming.outcome == "overdue":
        return f"stage {upcoming.stage} overdue since {when}"
    return f"stage {upcoming.stage} due {when}"

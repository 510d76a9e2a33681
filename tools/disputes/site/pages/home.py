"""The front page: the internal dashboard, or the public summary."""

from __future__ import annotations

from disputes.report.kept import KEPT_DEFINITION
from disputes.report.tables import report_tables
from disputes.site.data import SiteData
from disputes.site.figures import register_href
from disputes.site.markup import esc, link, markdown_text, page, table

REPORT_LINKS = (
    "[Stages](reports/stages.md) · [Timescales](reports/timescales.md) · "
    "[Agencies](reports/agencies.md) · [Categories and outcomes](reports/categories.md)"
)


def dashboard_page(data: SiteData, *, with_form: bool) -> str:
    """Open, overdue, resolved this year, timescales at a glance, links to everything."""
    report = data.report
    resolved_this_year = sum(
        1 for r in data.records if r.resolution and r.resolution.date.year == data.today.year
    )
    year = data.today.year
    tiles = (
        '<div class="tiles">'
        + "".join(
            f'<a class="tile{extra}" href="{esc(register_href(filters, ""))}"'
            f"{_pending(data) if words == 'overdue' else ''}><strong>{count}"
            f"</strong> {esc(words)}</a>"
            for count, words, filters, extra in (
                (report["totals"]["open"], "open", {"status": "open"}, ""),
                (
                    len({o["id"] for o in data.overdue}),
                    "overdue",
                    {"overdue": "yes", "sort": "overdue", "dir": "desc"},
                    " tile-alert",
                ),
                (
                    resolved_this_year,
                    f"resolved in {year}",
                    {"status": "resolved", "resolved": str(year)},
                    "",
                ),
                (report["totals"]["records"], "in the register", {}, ""),
            )
        )
        + "</div>"
    )
    return "---\nhide: [toc]\n---\n\n" + page(  # wide tables need the room
        "Professional disagreements register",
        "[See every dispute in the register](register.md)"
        + (" · [Raise a new dispute](new.md)" if with_form else ""),
        tiles,
        _none_yet(data, with_form),
        "## Overdue",
        _overdue(data),
        "## Timescales at a glance",
        _glance(report),
        KEPT_DEFINITION,
        f"## Reports\n\n{REPORT_LINKS} · [Trends](reports/trends.md) · "
        "[Learning](reports/learning.md)",
        _left_out(data),
    )


MOST_OVERDUE = 20  # the dashboard lists these; the register lists them all


def _pending(data: SiteData) -> str:
    """The overdue tile's data for the reader's browser (site/freshness.py): the day each
    open dispute not yet overdue is next due, so a later reading adds those past it."""
    overdue = {o["id"] for o in data.overdue}
    days = sorted(
        data.policy.local_day(t.deadline).isoformat()
        for record_id, t in data.next_deadlines.items()
        if t is not None and t.deadline is not None and record_id not in overdue
    )
    return f' data-pending-deadlines="{" ".join(days)}"'


def _overdue(data: SiteData) -> str:
    if not data.overdue:
        return "<p>No open dispute is past a deadline.</p>"
    disputes = len({o["id"] for o in data.overdue})
    every = register_href({"overdue": "yes", "sort": "overdue", "dir": "desc"}, "")
    shown = data.overdue[:MOST_OVERDUE]  # most overdue first (report.build.overdue_list)
    words = (
        f"The {len(shown)} most overdue, longest first. "
        f'<a href="{esc(every)}">See all {disputes} overdue disputes in the register</a>, '
        "where they can be sorted and filtered."
        if len(data.overdue) > len(shown)
        else f'<a href="{esc(every)}">See them in the register</a>.'
    )
    rows = [
        [
            link(f"records/{o['id']}/", o["id"]),
            esc(o["title"]),
            str(o["stage"]),
            esc(o["deadline"]),
            str(o["days_overdue"]),
            esc(o["challenger"]),
            esc(o["challenged"]),
        ]
        for o in shown
    ]
    return f"<p>{words}</p>\n" + table(
        ["Id", "Title", "Stage", "Deadline", "Days overdue", "Challenger", "Challenged"],
        rows,
        attrs='id="overdue-table"',
        cards=True,
    )


def _glance(report: dict) -> str:
    header, rows = report_tables(report)["timescales"]  # the same table as `disputes report`
    return table([h.capitalize() for h in header], ([esc(c) for c in row] for row in rows))


def _none_yet(data: SiteData, with_form: bool) -> str:
    """A new register says so, rather than showing a page of noughts unexplained."""
    if data.report["totals"]["records"] or data.left_out:
        return ""
    how = "the [New record](new.md) form or `disputes new`" if with_form else "`disputes new`"
    return (
        f'!!! info "No disputes yet"\n    No disputes are recorded yet. Raise the first '
        f"with {how}; the figures and reports fill in as records are added."
    )


def _left_out(data: SiteData) -> str:
    if not data.left_out:
        return ""
    # Markdown, not HTML: a file name is text, never a link or emphasis
    files = ", ".join(markdown_text(f) for f in sorted(data.left_out))
    return (
        f'!!! warning "Records left out"\n    These files have errors and are not shown: '
        f"{files}. Run `disputes validate` to see why."
    )

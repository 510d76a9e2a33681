"""Figures that say their date, and deadlines the reader's browser judges (issue 23).

Every page of both profiles says the day its figures were made (the build's "today" in the
policy's time zone). The site is rebuilt daily, but a page may be read days later: on the
internal site each deadline a page shows as still to come is carried as data
(`<time data-deadline>`), and `assets/freshness.js` flags it in the reader's browser once
that day has passed in the policy's time zone, with a note that the page is older than its
reading. Without a script the page still says its date. The public profile carries
aggregate figures only: its pages say their date and nothing per dispute.
"""

from __future__ import annotations

from datetime import date

from disputes.records.dates import long_date
from disputes.site.markup import esc


def figures_note(today: date, zone: str, *, public: bool, release: bool = False) -> str:
    """The line that says when a page's figures were made (and, inside, the data the
    reader's browser compares with its own day)."""
    day = f'<time datetime="{today.isoformat()}">{long_date(today)}</time>'
    if release:
        text = (
            f"Page built on {day}. A stored release: its figures are as they stood at the end "
            "of its quarter, and are never changed."
        )
    elif public:
        text = (
            f"Figures as of {day}: the latest published release, which counts disputes as "
            "they stood at the end of its quarter."
        )
    else:
        text = f"Figures as of {day}."
    attrs = "" if public else f' data-built="{today.isoformat()}" data-zone="{esc(zone)}"'
    return f'<p class="figures-date"{attrs}>{text}</p>'


def with_note(html: str, note: str) -> str:
    """A page's HTML with the note after its title (or first, if it has none)."""
    end = html.find("</h1>")
    if end < 0:
        return note + "\n" + html
    end += len("</h1>")
    return html[:end] + "\n" + note + html[end:]


def deadline_time(day: date, *, immediate_risk: bool = False) -> str:
    """A deadline still to come, as the page shows it and as data its script can judge."""
    risk = ' data-immediate-risk="yes"' if immediate_risk else ""
    iso = day.isoformat()
    return f'<time class="deadline" datetime="{iso}" data-deadline="{iso}"{risk}>{iso}</time>'

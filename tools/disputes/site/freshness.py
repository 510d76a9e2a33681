"""Figures that say their date, and deadlines the reader's browser judges (issue 23).

Every page of both profiles says the day its figures were made (the build's "today" in the
policy's time zone). The site is rebuilt daily, but a page may be read days later: on the
internal site each deadline a page shows as still to come is carried as data
(`<time data-deadline>`), and `assets/freshness.js` flags it in the reader's browser once
that day has passed in the policy's time zone, with a note that the page is older than its
reading. Without a script the page still says its date. The public profile carries a
release's aggregate figures only: its pages say the end of the release's quarter, the day
the figures stand at (a month: the public site names no day), and nothing per dispute.
"""

from __future__ import annotations

from datetime import date

from disputes.records.dates import long_date
from disputes.site.markup import esc
from disputes.site.releases import quarter_dates


def figures_note(today: date, zone: str) -> str:
    """The internal site's line that says when a page's figures were made, with the data
    the reader's browser compares with its own day."""
    day = f'<time datetime="{today.isoformat()}">{long_date(today)}</time>'
    return (
        f'<p class="figures-date" data-built="{today.isoformat()}" data-zone="{esc(zone)}">'
        f"Figures as of {day}.</p>"
    )


def release_note(quarter: str) -> str:
    """The public site's line: its figures are a release's, as disputes stood at the end of
    its quarter. A month, never a day (no date finer than a month is published), and the
    same on every build, as the released figures are."""
    end = quarter_dates(quarter)[1]
    return (
        f'<p class="figures-date">Figures as of the end of {end:%B %Y} (the {esc(quarter)} '
        "release): disputes as they stood then. Released figures are never changed.</p>"
    )


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

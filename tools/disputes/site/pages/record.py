"""One page per record, in the order of the monitoring form: where it stands, the facts, each
stage, the form's text, how it ended, sign-off; then the audit trail (on screen only)."""

from __future__ import annotations

import re

import markdown
import nh3

from disputes.records.model import Record
from disputes.report.describe import given
from disputes.site.data import SiteData
from disputes.site.markup import esc, heading
from disputes.site.pages.requests import requests_section
from disputes.site.pages.sections import (
    audit_section,
    closing_section,
    facts_table,
    sign_off_section,
    stages_section,
    text_section,
)
from disputes.site.pages.signing import SigningFacts, signing_facts
from disputes.site.pages.stages import who
from disputes.site.words import word, words

_SAFE_SCHEMES = {"http", "https", "mailto"}
# No images: an image from elsewhere would tell its server who read the record, and when
# (a tracking pixel), and the site must work offline.
_SAFE_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "map", "area"}

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
FORM_TITLE = "Resolving professional differences: record of a dispute"

_MARKDOWN = markdown.Markdown(extensions=["tables"])  # one instance: building one is slow
# A line Markdown reads as plain text: it starts with a letter or digit (not indented, not
# like a list item), ends with no space (no line break), and holds only letters, digits,
# spaces and punctuation that is no Markdown mark and no HTML. A heading is `#`s, one
# space and such a line (the form's agencies' views are headed so).
_PLAIN_LINE = re.compile(r"(?!\d+\.(?: |$))[^\W_](?:[^\W_]|[ ,.;:?'\"()/%])*(?<! )")
_HEADING = re.compile(r"(#{1,6}) (.+)")


def safe_body(body: str) -> str:
    """The record's Markdown as HTML with any raw HTML shown as text and only safe links."""
    plain = plain_html(body)
    return markdown_html(body) if plain is None else plain


def plain_html(body: str) -> str | None:
    """Prose with no Markdown in it but headings as HTML, as Markdown would make it; None
    for anything else. Most record text is plain prose, and running Markdown on it was
    the larger part of making record pages (tests/test_site_pages.py: the two agree)."""
    blocks: list[str] = []
    lines: list[str] = []
    for line in [*body.strip("\n").split("\n"), ""]:
        heading = _HEADING.fullmatch(line)
        text = heading[2] if heading else line
        if text and not _PLAIN_LINE.fullmatch(text):
            return None
        if line and not heading:
            lines.append(line)
            continue
        if lines:  # a blank line or a heading ends a paragraph
            blocks.append("<p>" + "\n".join(lines) + "</p>")
            lines = []
        if heading:
            blocks.append(f"<h{len(heading[1])}>{text}</h{len(heading[1])}>")
    return "\n".join(blocks)


def markdown_html(body: str) -> str:
    """The record's Markdown as HTML, through Markdown and the sanitiser (see safe_body)."""
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rendered = _MARKDOWN.reset().convert(escaped)
    return nh3.clean(
        rendered, tags=_SAFE_TAGS, url_schemes=_SAFE_SCHEMES, link_rel="noopener noreferrer"
    )


def record_title(record: Record) -> str:
    """The page title: id and title."""
    return f"{record.id}: {record.title}"


def record_page(
    record: Record,
    data: SiteData,
    *,
    show_emails: bool,
    marking: str = DEFAULT_MARKING,
    repo_url: str = "",
) -> str:
    """The HTML of /records/<id>/ below its title (rendered once, not through Markdown)."""
    audit = data.audit.get(record.file, [])
    return "\n".join(
        [
            print_header(record, marking),
            f'<p class="print-only form-title">{esc(FORM_TITLE)}</p>',
            status_banner(record, data),
            '<p class="record-actions"><button type="button" class="md-button" data-print>'
            "Print this record</button></p>",
            heading(2, "The dispute"),
            _facts(record, show_emails),
            heading(2, "Stages and timescales"),
            stages_section(record, data, show_emails),
            heading(2, "The record"),
            text_section(record, safe_body),
            closing_section(record),
            '<div class="keep-together">' + heading(2, "Sign-off"),
            sign_off_section(record, audit, _signing(record, data), show_emails) + "</div>",
            requests_section(record, repo_url),
            '<div class="no-print">' + heading(2, "Audit trail"),
            audit_section(audit, show_emails) + "</div>",
        ]
    )


def _signing(record: Record, data: SiteData) -> SigningFacts:
    """What the sign-off rows need from the file: nothing until someone has signed."""
    return signing_facts(data, record.file) if record.sign_off else (None, {})


def css_string(text: str) -> str:
    """Text as a CSS string: everything but letters, digits and spaces as a hex escape, so
    nothing in a record can end the string or the <style> element. The space after each escape
    ends it (CSS reads that one space as part of the escape)."""
    body = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in text
    )
    return f'"{body}"'


def print_header(record: Record, marking: str) -> str:
    """The running header and footer of every printed page (the printed date is set by script)."""
    left = css_string(f"{record.id} · case reference {record.child_reference}")
    mark = css_string(marking)
    return (
        '<style id="print-header">@media print { @page { '
        f"@top-left {{ content: {left}; font: 9pt sans-serif; }} "
        f"@top-right {{ content: {mark}; font: bold 9pt sans-serif; }} "
        f"@bottom-left {{ content: {mark}; font: bold 9pt sans-serif; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); '
        "font: 9pt sans-serif; } } }</style>"
    )


def status_banner(record: Record, data: SiteData) -> str:
    """Where the dispute stands, in one sentence: overdue first, as a manager would ask."""
    if record.resolution is not None:
        res = record.resolution
        on = given(record, "resolution.date", f"on {res.date.isoformat()}", "(date not recorded)")
        days = record.days_to_resolution
        took = f", {days} days after it was opened" if days is not None else ""
        text = (
            f"<strong>Resolved</strong> {on} at stage {res.stage}{took}. Outcome: "
            f"{esc(word(res.outcome))}."
        )
        return f'<div class="status-banner is-resolved" role="status">{text}</div>'
    if record.withdrawn is not None:
        text = f"<strong>Withdrawn</strong> on {record.withdrawn.date.isoformat()}."
        return f'<div class="status-banner is-withdrawn" role="status">{text}</div>'
    overdue = [t for t in data.timescales.get(record.id, []) if t.outcome == "overdue"]
    if overdue:
        worst = max(overdue, key=lambda t: t.days_overdue)
        deadline = data.policy.local_day(worst.deadline).isoformat() if worst.deadline else ""
        text = (
            f"<strong>Overdue by {worst.days_overdue} days</strong>: stage {worst.stage} was "
            f"due by {deadline}. Open at stage {record.current_stage}."
        )
        return f'<div class="status-banner is-overdue" role="alert">{text}</div>'
    upcoming = data.next_deadlines.get(record.id)
    due = ""
    if upcoming is not None and upcoming.deadline is not None:
        due = f" Stage {upcoming.stage} is due by {data.policy.local_day(upcoming.deadline)}."
    text = f"<strong>Open</strong> at stage {record.current_stage}.{due}"
    return f'<div class="status-banner" role="status">{text}</div>'


def _facts(record: Record, show_emails: bool) -> str:
    rows = [
        ("Record id", record.id),
        ("Status", word(record.status)),
        ("Opened", given(record, "opened", record.opened.isoformat())),
        ("Child's case reference", record.child_reference),
        ("Challenging agency", record.challenger_agency),
        ("Challenged agency", record.challenged_agency),
        ("What the dispute is about", given(record, "categories", words(record.categories))),
        ("Level of need", word(record.level_of_need) if record.level_of_need else ""),
        (
            "Immediate risk of harm",
            given(record, "immediate_risk", "Yes" if record.immediate_risk else "No"),
        ),
        ("Current stage", str(record.current_stage)),
        ("Challenging worker", who(record.challenger_worker, show_emails)),
        ("Challenged worker", who(record.challenged_worker, show_emails)),
    ]
    return facts_table(rows)

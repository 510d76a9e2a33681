"""One page per record, in the order of the monitoring form: where it stands, the facts, each
stage, the form's text, how it ended, sign-off; then the audit trail (on screen only)."""

from __future__ import annotations

from disputes.records.model import Record
from disputes.records.stagemodel import StageModel, load_stage_model
from disputes.report.describe import describe, given
from disputes.report.printed import DEFAULT_MARKING, PrintedForm, page_rules, printed_form
from disputes.report.richtext import safe_body
from disputes.site.data import SiteData
from disputes.site.freshness import deadline_time
from disputes.site.markup import esc, heading
from disputes.site.pages.requests import requests_section
from disputes.site.pages.sections import (
    audit_section,
    closing_section,
    facts_table,
    sign_off_section,
    sign_off_states,
    stages_section,
    text_section,
)
from disputes.site.pages.signing import SigningFacts, signing_facts
from disputes.site.pages.stages import who
from disputes.site.words import word, words


def record_title(record: Record) -> str:
    """The page title: id and title."""
    return f"{record.id}: {record.title}"


def record_page(
    record: Record,
    data: SiteData,
    *,
    show_emails: bool,
    model: StageModel | None = None,
    marking: str = DEFAULT_MARKING,
    repo_url: str = "",
) -> str:
    """The HTML of /records/<id>/ below its title (rendered once, not through Markdown): the
    page on screen, and the printed form (report.printed, as `export` writes it) in print."""
    audit = data.audit.get(record.file, [])
    facts = _signing(record, data)
    rendered: dict[str, str] = {}  # each section's text made once, for screen and print

    def render(text: str) -> str:
        if text not in rendered:
            rendered[text] = safe_body(text)
        return rendered[text]

    screen = "\n".join(
        [
            status_banner(record, data),
            '<p class="record-actions"><button type="button" class="md-button" data-print>'
            "Print this record</button></p>",
            heading(2, "The dispute"),
            _facts(record, show_emails),
            heading(2, "Stages and timescales"),
            stages_section(record, data, show_emails),
            heading(2, "The record"),
            text_section(record, render),
            closing_section(record),
            '<div class="keep-together">' + heading(2, "Sign-off"),
            sign_off_section(record, audit, facts, show_emails) + "</div>",
            requests_section(record, repo_url, facts[0]),
            heading(2, "Audit trail"),
            audit_section(audit, show_emails),
        ]
    )
    checked = sign_off_states(record, audit, facts)
    form = PrintedForm(
        record=record,
        sections=describe(
            record, data.policy, model or load_stage_model(data.root), data.today, checked
        ),
        checked=checked,
        marking=marking,
        as_of=data.today,
        render=render,
    )
    return (
        print_header(record, marking)
        + f'\n<div class="record-screen no-print">\n{screen}\n</div>\n'
        + f'<div class="record-printed print-only">{printed_form(form)}</div>'
    )


def _signing(record: Record, data: SiteData) -> SigningFacts:
    """What the sign-off rows need from the file: nothing until it is resolved at stage 3
    or later (then its version, which the 'Sign off' form asks the manager to confirm)."""
    due = record.resolution is not None and record.resolution.stage >= 3
    return signing_facts(data, record.file) if record.sign_off or due else (None, {})


def print_header(record: Record, marking: str) -> str:
    """The running header and footer of every printed page (the printed date is set by
    script), and the printed form's layout, as `export` prints them (report.printed)."""
    return f'<style id="print-header">@media print {{ {page_rules(record, marking)} }}</style>'


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
        what = f"stage {worst.stage} was due"
        if worst.waiting_for_group:
            what = "the QAPM group was due to meet"
        text = (
            f"<strong>Overdue by {worst.days_overdue} days</strong>: {what} by {deadline}. "
            f"Open at stage {record.current_stage}."
        )
        return f'<div class="status-banner is-overdue" role="alert">{text}</div>'
    upcoming = data.next_deadlines.get(record.id)
    due = ""
    if upcoming is not None and upcoming.deadline is not None:
        day = deadline_time(
            data.policy.local_day(upcoming.deadline), immediate_risk=bool(record.immediate_risk)
        )
        due = f" Stage {upcoming.stage} is due by {day}."
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

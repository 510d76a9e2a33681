"""One page per record: the facts, the stage timeline, the form's text, sign-offs, audit trail."""

from __future__ import annotations

from datetime import date, datetime

import markdown
import nh3

from disputes.history.audit import AuditEntry
from disputes.policy.timescales import StageTimescale
from disputes.records.model import ROLES, Moment, Person, Record
from disputes.site.data import SiteData
from disputes.site.markup import esc, heading, table, without_email
from disputes.site.pages.stages import stage_table

_SAFE_SCHEMES = {"http", "https", "mailto"}


_MARKDOWN = markdown.Markdown(extensions=["tables"])  # one instance: building one is slow


def safe_body(body: str) -> str:
    """The record's Markdown as HTML with any raw HTML shown as text and only safe links."""
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rendered = _MARKDOWN.reset().convert(escaped)
    return nh3.clean(rendered, url_schemes=_SAFE_SCHEMES, link_rel="noopener noreferrer")


def record_title(record: Record) -> str:
    """The page title: id and title."""
    return f"{record.id}: {record.title}"


def record_page(record: Record, data: SiteData, *, show_emails: bool) -> str:
    """The HTML of /records/<id>/ below its title (rendered once, not through Markdown)."""
    audit = data.audit.get(record.file, [])
    return "\n".join(
        [
            '<p class="print-only form-title">Resolving professional differences: record of a '
            "dispute (stage 3 onwards)</p>",
            _facts(record, show_emails),
            heading(2, "Stages and timescales"),
            _timeline(data.timescales.get(record.id, []), data),
            heading(2, "Each stage"),
            stage_table(record),
            heading(2, "The record"),
            f'<div class="record-body">{safe_body(record.body)}</div>',
            _closing(record),
            heading(2, "Sign-off"),
            _sign_offs(record, audit),
            f'<div class="no-print">{heading(2, "Audit trail")}{_audit(audit, show_emails)}</div>',
        ]
    )


def _who(person: Person | None, show_emails: bool) -> str:
    if person is None:
        return ""
    parts = [person.name, person.designation, person.agency]
    text = ", ".join(p for p in parts if p)
    return text + (f" <{person.email}>" if show_emails and person.email else "")


def _facts(record: Record, show_emails: bool) -> str:
    stage3 = next((s for s in record.stages if s.stage == 3), None)
    rows = [
        ("Status", record.status),
        ("Opened", record.opened.isoformat()),
        ("Child's case reference", record.child_reference),
        ("Challenging agency", record.challenger_agency),
        ("Challenged agency", record.challenged_agency),
        ("Categories", ", ".join(record.categories)),
        ("Level of need", record.level_of_need or "not recorded"),
        ("Immediate risk of harm", "yes" if record.immediate_risk else "no"),
        ("Current stage", str(record.current_stage)),
        ("Challenging worker", _who(record.challenger_worker, show_emails)),
        (
            "Challenger's manager (stage 3)",
            _who(stage3.challenger_manager if stage3 else None, show_emails),
        ),
        (
            "Challenged manager (stage 3)",
            _who(stage3.challenged_manager if stage3 else None, show_emails),
        ),
    ]
    rows = [(k, v) for k, v in rows if v]
    if record.resolution is not None:
        rows.append(("Resolved at stage", str(record.resolution.stage)))
        rows.append(("Days to resolution", str(record.days_to_resolution)))
    return table(["", ""], ([esc(k), esc(v)] for k, v in rows))


def _when(moment: Moment | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.isoformat() if isinstance(moment, date) else str(moment)


def _timeline(stages: list[StageTimescale], data: SiteData) -> str:
    rows = []
    for item in stages:
        outcome = item.outcome or "no timescale"
        if item.outcome == "overdue":
            outcome += f" ({item.days_overdue} days)"
        rows.append(
            [
                str(item.stage),
                _when(item.start),
                _when(item.end) or "running",
                _when(item.deadline) or "none",
                f'<span class="outcome-{esc(item.outcome or "none")}">{esc(outcome)}</span>',
            ]
        )
    return table(
        ["Stage", "Started", "Ended", "Deadline", "Timescale"], rows, attrs='id="timeline"'
    )


def _closing(record: Record) -> str:
    if record.resolution is not None:
        res = record.resolution
        rows = [
            ("Resolved", f"{res.date.isoformat()} at stage {res.stage}"),
            ("Outcome", res.outcome or "not recorded"),
            ("How effective the policy was", res.effectiveness),
            ("How it could be improved", res.suggestions),
        ]
        return heading(2, "Resolution") + table(
            ["", ""],
            ([esc(k), esc(v)] for k, v in rows),
        )
    if record.withdrawn is not None:
        rows = [
            ("Withdrawn", record.withdrawn.date.isoformat()),
            ("Reason", record.withdrawn.reason),
        ]
        return heading(2, "Withdrawn") + table(
            ["", ""],
            ([esc(k), esc(v)] for k, v in rows),
        )
    return ""


def _sign_offs(record: Record, audit: list[AuditEntry]) -> str:
    if not record.sign_off:
        return "<p>No sign-off recorded (needed once resolved at stage 3 or later).</p>"
    rows = []
    for role in ROLES:
        person = record.sign_off.get(role)
        if person is None:
            continue
        commit = _sign_off_commit(audit, record.id, role)
        check = (
            f"commit {commit.hash[:10]}, signature {commit.signature}"
            if commit
            else "no sign-off commit in git yet"
        )
        rows.append(
            [
                esc(role.replace("_", " ")),
                esc(person.name),
                esc(person.designation),
                esc(person.agency),
                esc(person.date),
                esc(check),
                '<span class="signature-line"></span>',
            ]
        )
    return table(
        ["Role", "Name", "Designation", "Agency", "Date", "Git verification", "Signature"],
        rows,
        attrs='id="sign-off"',
    )


def _sign_off_commit(audit: list[AuditEntry], record_id: str, role: str) -> AuditEntry | None:
    wanted = f"{record_id} {role.replace('_', '-')}"
    return next(
        (e for e in reversed(audit) if any(k == "Sign-off" and v == wanted for k, v in e.trailers)),
        None,
    )


def _audit(audit: list[AuditEntry], show_emails: bool) -> str:
    if not audit:
        return "<p>No git history for this record.</p>"
    rows = []
    for entry in audit:
        author = entry.author if show_emails else without_email(entry.author)
        rows.append(
            [
                esc(entry.date[:16].replace("T", " ")),
                f"<code>{esc(entry.hash[:10])}</code>",
                esc(author),
                esc(entry.subject),
                esc(entry.signature),
                "<br>".join(esc(c) for c in entry.changes),
            ]
        )
    return table(
        ["When", "Commit", "Who", "What", "Signature", "Changes"], rows, attrs='id="audit"'
    )

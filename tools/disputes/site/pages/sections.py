"""Record page sections that follow the form: the stages, the form's text, sign-off, audit.

One function per section, so a new field of the stage model slots into one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from disputes.history.attest import short
from disputes.history.audit import AuditEntry
from disputes.policy.timescales import StageTimescale
from disputes.records.model import ROLES, Moment, Record, Stage
from disputes.report.describe import NOT_RECORDED, acceptance_words, given, raising_worker_words
from disputes.report.printed import NOT_YET_SIGNED, body_sections
from disputes.report.tables import stage_name
from disputes.site.data import SiteData
from disputes.site.markup import esc, heading, table, without_email
from disputes.site.pages.signing import SigningFacts, sign_off_verification, signed_on
from disputes.site.pages.stages import stage_people
from disputes.site.words import NOT_YET, word

NOT_YET_HTML = f'<span class="not-yet">{NOT_YET}</span>'


def when(moment: Moment | None) -> str:
    """A date or date-time as text; empty when there is none."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.isoformat() if isinstance(moment, date) else str(moment)


class Html(str):
    """A value that is HTML already (made here from escaped parts), not text to escape."""


def _value(value: str) -> str:
    if not value:
        return NOT_YET_HTML
    return str(value) if isinstance(value, Html) else esc(value)


def facts_table(rows: Sequence[tuple[str, str]], *, attrs: str = 'class="facts"') -> str:
    """Label and value rows: labels are row headers; an empty value reads 'not yet recorded'.

    Values are plain text, escaped here, unless marked as Html.
    """
    body = "".join(
        f'<tr><th scope="row">{esc(label)}</th><td>{_value(value)}</td></tr>'
        for label, value in rows
    )
    return f"<table {attrs}><tbody>{body}</tbody></table>\n"


# --- stages -----------------------------------------------------------------------------------

StageRows = Callable[[Stage, StageTimescale | None, bool], list[tuple[str, str]]]


def _dates(stage: Stage, timing: StageTimescale | None, _: bool) -> list[tuple[str, str]]:
    rows = [("Started", when(stage.started))]
    if stage.stage == 3:
        rows.append(("Raised with the other agency's manager", when(stage.raised)))
    if stage.stage == 5:
        rows.append(("Date of the group's meeting", when(stage.group_date)))
    return rows


def _timing(_: Stage, timing: StageTimescale | None, __: bool) -> list[tuple[str, str]]:
    if timing is None:
        return []
    outcome = word(timing.outcome) if timing.outcome else "No timescale at this stage"
    if timing.outcome in ("overdue", "breached") and timing.days_overdue:
        outcome += f" by {timing.days_overdue} days"
    return [
        (
            "Deadline for the QAPM group to meet" if timing.waiting_for_group else "Deadline",
            when(timing.deadline) or "No deadline at this stage",
        ),
        ("Ended", when(timing.end) or "Still running"),
        (
            "Timescale",
            Html(f'<span class="outcome-{timing.outcome or "none"}">{esc(outcome)}</span>'),
        ),
    ]


STAGE_SECTIONS: tuple[StageRows, ...] = (_dates, _timing)


def stages_section(record: Record, data: SiteData, show_emails: bool) -> str:
    """Every stage the dispute reached: its people, dates, deadline and whether it was kept."""
    if not record.stages:
        return f"<p>{NOT_YET_HTML}</p>"
    timings = {t.stage: t for t in data.timescales.get(record.id, [])}
    parts = []
    for index, stage in enumerate(record.stages):
        timing = timings.get(stage.stage)
        rows = [row for section in STAGE_SECTIONS for row in section(stage, timing, show_emails)]
        rows = [(label, _unrecorded(record, index, label, value)) for label, value in rows]
        rows[1:1] = stage_people(record, stage, show_emails)  # who handled it, after "Started"
        ended = index < len(record.stages) - 1 or record.closed_on is not None
        rows.append(
            ("Decision or outcome at this stage", stage.decision or (NOT_RECORDED if ended else ""))
        )
        if stage.stage == 5:
            rows.append(("Group decision accepted or challenged", acceptance_words(record, stage)))
        title = f"Stage {stage.stage}: {stage_name(data.report, str(stage.stage))}"
        cls = ' class="facts stage-table"'
        if timing is not None and timing.outcome == "overdue":
            cls = ' class="facts stage-table is-overdue"'
        parts.append(
            f'<div class="keep-together">{heading(3, title)}'
            + facts_table(rows, attrs=cls.strip())
            + "</div>"
        )
    return "\n".join(parts)


def _unrecorded(record: Record, index: int, label: str, value: str) -> str:
    """A stage's start or end that an imported record's source did not give says so."""
    if label == "Started" and f"stages.{index}.started" in record.unrecorded:
        return NOT_RECORDED
    if label == "Ended" and not record.stage_dated(index) and not record.stages[index].ended:
        return NOT_RECORDED
    return value


# --- the form's text ----------------------------------------------------------------------------


def text_section(record: Record, render: Callable[[str], str]) -> str:
    """The form's text sections, each with its heading, 'not yet recorded' when empty."""
    parts = []
    for title, text in body_sections(record.body):
        content = render(text) if text else f"<p>{NOT_YET_HTML}</p>"
        parts.append(heading(3, title) + f'<div class="record-body">{content}</div>')
    return "\n".join(parts)


def closing_section(record: Record) -> str:
    """How the dispute ended, or 'not yet recorded' while it is open."""
    if record.withdrawn is not None:
        rows = [
            ("Withdrawn on", record.withdrawn.date.isoformat()),
            ("Reason", record.withdrawn.reason),
        ]
        return heading(2, "Withdrawal") + facts_table(rows)
    res = record.resolution
    rows = [
        (
            "Resolved on",
            given(
                record,
                "resolution.date",
                f"{res.date.isoformat()} at stage {res.stage}",
                f"at stage {res.stage} (date not recorded)",
            )
            if res
            else "",
        ),
        ("Days from opening to resolution", str(record.days_to_resolution or "") if res else ""),
        ("Outcome", word(res.outcome) if res and res.outcome else ""),
        (
            "Worker who raised the concern told the outcome",
            raising_worker_words(res) if res else "",
        ),
        ("How effective the policy was", res.effectiveness if res else ""),
        ("How it could be improved", res.suggestions if res else ""),
    ]
    return heading(2, "Resolution") + facts_table(rows)


# --- sign-off -----------------------------------------------------------------------------------


def sign_off_section(
    record: Record, audit: list[AuditEntry], facts: SigningFacts, show_emails: bool
) -> str:
    """One row per signatory; blank boxes to sign by hand while the dispute is not signed off."""
    current, emails = facts
    rows = []
    for role in ROLES:
        person = record.sign_off.get(role)
        signed = ""
        commit = _sign_off_commit(audit, record.id, role)
        if person is not None:
            check = (
                "signed on paper; the signed import commit attests it (verify checks it)"
                if record.signed_on_paper
                else sign_off_verification(commit, emails.get(role, ""), current, show_emails)
            )
            parts = (person.name, person.designation, person.agency)
            signed = esc(", ".join(p for p in parts if p))
            signed += f'<br><small class="no-print">{esc(check)}</small>'
        rows.append(
            [
                esc(word(role)),
                signed or '<span class="signature-box"></span>',
                _date_cell(record, role, audit, commit if person else None, current),
                '<span class="signature-box"></span>',
            ]
        )
    note = (
        ""
        if record.sign_off
        else '<p class="not-yet">Not yet signed off: both managers sign once the dispute is '
        "resolved at stage 3 or later.</p>"
    )
    if current is not None and not record.signed_on_paper:
        note += (
            f'<p class="no-print">This version of the record: <code>{esc(short(current))}</code>. '
            "A manager who signs from the hosting site's 'Sign off' form confirms it.</p>"
        )
    if "sign_off" in record.unrecorded:
        note = '<p class="not-yet">Sign-off not recorded in the imported source.</p>'
    elif record.signed_on_paper:
        note = (
            "<p>Signed on paper by both managers; the record was imported from the form "
            "(see the audit trail for the import commit).</p>"
        )
    return note + table(
        ["Role", "Name, designation and agency", "Date", "Signature"],
        rows,
        attrs='id="sign-off"',
        cards=True,
    )


def sign_off_states(record: Record, audit: list[AuditEntry], facts: SigningFacts) -> dict[str, str]:
    """Each manager's sign-off in words as git shows it, for the printed form: the day of the
    sign-off commit that attests the record as it stands, else "not yet signed"."""
    current = facts[0]
    states = {}
    for role in ROLES:
        commit = _sign_off_commit(audit, record.id, role)
        day = _git_day(audit, commit, current) if record.sign_off.get(role) else None
        states[role] = (
            f"signed off in git on {day}: commit {commit.hash[:10]}"
            if day and commit is not None
            else NOT_YET_SIGNED
        )
    return states


def _date_cell(
    record: Record,
    role: str,
    audit: list[AuditEntry],
    commit: AuditEntry | None,
    current: str | None,
) -> str:
    """The day the manager signed, as git shows it: the record's own `sign_off:` block is
    only a claim (a paper sign-off's date is the form's, attested by the import commit)."""
    person = record.sign_off.get(role)
    if record.signed_on_paper and person is not None and person.date:
        return esc(f"{person.date} (on paper)")
    day = _git_day(audit, commit, current)
    if day:
        return esc(day)
    return '<span class="not-yet">Not yet signed</span> <span class="signature-box"></span>'


def _git_day(audit: list[AuditEntry], commit: AuditEntry | None, current: str | None) -> str | None:
    """The day of the sign-off `commit` if it attests the record as it stands (signed_on)."""
    later = audit[audit.index(commit) + 1 :] if commit is not None else []
    return signed_on(commit, current, later)


def _sign_off_commit(audit: list[AuditEntry], record_id: str, role: str) -> AuditEntry | None:
    wanted = f"{record_id} {role.replace('_', '-')}"
    return next(
        (e for e in reversed(audit) if any(k == "Sign-off" and v == wanted for k, v in e.trailers)),
        None,
    )


def audit_section(audit: list[AuditEntry], show_emails: bool) -> str:
    """Every commit that changed the record (on screen only: the case file has the form)."""
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
        ["When", "Commit", "Who", "What", "Signature", "Changes"],
        rows,
        attrs='id="audit"',
        cards=True,
    )

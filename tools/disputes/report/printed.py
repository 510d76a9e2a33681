"""The printed monitoring form: one HTML template for the case file, made here only.

The site's record page prints it (its print view shows this and nothing else) and
`disputes export --format html|pdf` writes it, so the two printed forms cannot differ. It
follows the seed form's boxes in their order (the child, the summary with every agency's
views, the agreed outcomes, the action note, the two signature boxes, the monitoring
questions), then every closing fact and stage the record holds. Every page of it carries
the protective marking, the record id and case reference and "Page x of y" (CSS page
margin boxes, which Chromium prints).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from disputes.records.model import BODY_HEADINGS, Record
from disputes.report.describe import NOT_RECORDED, Section, signatories, status_line, yes_no

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
FORM_TITLE = "Disagreements in work relating to the safety of children"
FORM_SUBTITLE = "Resolving professional differences: record of a dispute"
ACTION_NOTE = (
    "Copy of this form to be held on child/family file in all agencies involved in resolution "
    "of professional difference, if escalating to next stage use as basis of report to manager "
    "at next stage, send copy to your approved resolution audit manager or the LSCB for "
    "monitoring purposes."
)
NOT_YET_SIGNED = "not yet signed"
# The seed form's own words where the record's differ (the register holds no names).
SEED_LABELS = {"Child's case reference": "Child/Family name (case reference only)"}
# Printed in the monitoring box; the closing table does not repeat them.
MONITORED = ("Effectiveness of the policy", "Suggestions", "Time taken to reach resolution (days)")

# The form's own layout, on paper and on screen (the site shows it only in print).
STYLE = """
.printed-form { font: 10pt/1.35 system-ui, sans-serif; font-weight: normal; color: #000; }
.printed-form .pf-title { font-size: 14pt; font-weight: bold; margin: 0 0 2pt; }
.printed-form h2 { font-size: 11pt; font-weight: bold; color: #000; margin: 10pt 0 3pt;
  border-bottom: 1px solid #000; break-after: avoid; letter-spacing: 0; }
.printed-form h3 { font-size: 10pt; font-weight: bold; color: #000; margin: 6pt 0 2pt;
  break-after: avoid; }
.printed-form .pf-subtitle { margin: 0 0 6pt; }
.printed-form table { border-collapse: collapse; width: 100%; margin: 0 0 6pt; }
.printed-form th, .printed-form td { text-align: left; vertical-align: top;
  padding: 2pt 4pt; border: 1px solid #555; }
.printed-form th { width: 34%; font-weight: bold; background: #eee; }
.printed-form tr { break-inside: avoid; }
.printed-form .not-recorded { font-style: italic; }
.printed-form .pf-risk { border: 3px solid #000; padding: 4pt 6pt; font-weight: bold;
  font-size: 12pt; margin: 4pt 0 6pt; }
.printed-form .pf-box { border: 1px solid #000; padding: 2pt 6pt; min-height: 14mm;
  margin: 0 0 6pt; }
.printed-form .pf-note { border: 2px solid #000; padding: 3pt 6pt; margin: 6pt 0;
  break-inside: avoid; }
.printed-form .pf-signature { break-inside: avoid; page-break-inside: avoid; display: block;
  margin: 0 0 8pt; }
.printed-form .pf-keep { break-inside: avoid; }
.printed-form .pf-sign-here { height: 14mm; }
.printed-form .pf-choice { display: inline-block; min-width: 2.4em; margin-right: 6pt;
  padding: 0 4pt; border: 1px solid #999; text-align: center; }
.printed-form .pf-choice.is-chosen { border: 2px solid #000; font-weight: bold; }
.printed-form footer { margin-top: 8pt; font-size: 8.5pt; }
/* On the site the form is all a record page prints: not even the page's own title. */
@media print { .md-content__inner:has(.record-printed) > h1,
  .md-content__inner:has(.record-printed) > .figures-date { display: none; } }
"""


@dataclass(frozen=True)
class PrintedForm:
    """What the form shows besides the record: the marking, the day its facts are as of,
    its stages and sign-offs in words (report.describe), and the record's text as HTML."""

    record: Record
    sections: list[Section]  # describe(): the summary, each stage, closing, sign-off
    checked: Mapping[str, str]  # each manager's sign-off as git shows it
    marking: str
    as_of: date
    render: Callable[[str], str]  # the record's Markdown as safe HTML


def css_string(text: str) -> str:
    """Text as a CSS string: everything but letters, digits and spaces as a hex escape, so
    nothing in a record can end the string or the <style> element. The space after each escape
    ends it (CSS reads that one space as part of the escape)."""
    body = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in text
    )
    return f'"{body}"'


def page_rules(record: Record, marking: str, printed: str = "") -> str:
    """The running header and footer of every printed page: A4, the marking at the top and
    foot, the record id and case reference, "Page x of y" (and the printing day if given)."""
    left = css_string(f"{record.id} · case reference {record.child_reference}")
    mark = css_string(marking)
    day = (
        f"@bottom-center {{ content: {css_string(f'Printed {printed}')}; font: 9pt sans-serif; }} "
        if printed
        else ""
    )
    return (
        "@page { size: A4; margin: 22mm 14mm 20mm; "
        f"@top-left {{ content: {left}; font: 9pt sans-serif; }} "
        f"@top-right {{ content: {mark}; font: bold 9pt sans-serif; }} "
        f"@bottom-left {{ content: {mark}; font: bold 9pt sans-serif; }} "
        f"{day}"
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); '
        "font: 9pt sans-serif; } }"
    )


_SECTION = re.compile(r"^## +(.+?)\s*#*\s*$", re.MULTILINE)


def body_sections(body: str) -> list[tuple[str, str]]:
    """The record's text as (heading, Markdown) in the form's order; a missing section is ''.

    Sections the form does not name follow, in the order written.
    """
    found: dict[str, str] = {}
    marks = list(_SECTION.finditer(body))
    lead = body[: marks[0].start()] if marks else body
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        found[mark.group(1).strip()] = body[mark.end() : end].strip()
    ordered = [(title, found.pop(title, "")) for title in BODY_HEADINGS]
    extra = list(found.items())
    if lead.strip():
        extra.insert(0, ("Other notes", lead.strip()))
    return ordered + extra


def _esc(text: object) -> str:
    return html.escape(str(text))


def _cell(value: str) -> str:
    css = ' class="not-recorded"' if value in (NOT_RECORDED, NOT_YET_SIGNED) else ""
    return f"<td{css}>{_esc(value)}</td>"


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f'<tr><th scope="row">{_esc(k)}</th>{_cell(v)}</tr>' for k, v in rows)
    return f'<table class="pf-table">{body}</table>'


def _text(form: PrintedForm, markdown: str) -> str:
    if not markdown:
        return f'<p class="not-recorded">{NOT_RECORDED}</p>'
    return form.render(markdown)


def printed_form(form: PrintedForm) -> str:
    """The form as an HTML fragment (`<article class="printed-form">`), the same for the
    site's print view and the export."""
    record = form.record
    texts = dict(body_sections(record.body))
    extra = [(t, m) for t, m in body_sections(record.body) if t not in BODY_HEADINGS]
    parts = [
        f'<p class="pf-marking"><strong>{_esc(form.marking)}</strong></p>',
        # a heading to assistive technology, but not a second <h1> in the record page
        f'<p class="pf-title" role="heading" aria-level="1">{_esc(FORM_TITLE)}</p>',
        f'<p class="pf-subtitle">{_esc(FORM_SUBTITLE)}: {_esc(record.id)}, '
        f"{_esc(record.title)}</p>",
        _risk(record),
        "<h2>The dispute</h2>",
        _table([(SEED_LABELS.get(k, k), v) for k, v in form.sections[0].rows]),
        "<h2>Summary of reason for dispute – include views of all agencies concerned</h2>",
        '<div class="pf-box">',
        _text(form, texts.get("Summary of reason for dispute", "")),
        "<h3>Views of the agencies</h3>",
        _text(form, texts.get("Views of the agencies", "")),
        "</div>",
        "<h2>Agreed outcomes or actions if satisfactorily resolved – includes escalation to "
        "next stage if unresolved</h2>",
        f'<div class="pf-box">{_text(form, texts.get("Agreed outcomes and actions", ""))}'
        f"{_decisions(form)}</div>",
        f'<div class="pf-note"><h2>Action Note</h2><p>{_esc(ACTION_NOTE)}</p></div>',
        _signatures(form),
        "<h2>Please complete for monitoring purposes</h2>",
        _monitoring(form, texts.get("Additional notes", "")),
        "<h2>How the dispute closed</h2>",
        _table(_closing_rows(form)),
        "<h2>Stages and timescales</h2>",
        *[
            f'<div class="pf-keep"><h3>{_esc(s.heading)}</h3>{_table(s.rows)}</div>'
            for s in form.sections[1:-2]
        ],
        *[f"<h3>{_esc(title)}</h3>{_text(form, text)}" for title, text in extra],
        f"<footer>{_esc(record.id)}, as recorded on {form.as_of.isoformat()}. Printed from the "
        "disputes register.</footer>",
    ]
    return '<article class="printed-form">\n' + "\n".join(p for p in parts if p) + "\n</article>"


def _risk(record: Record) -> str:
    if "immediate_risk" in record.unrecorded:
        return '<p class="pf-risk">Immediate risk of harm: not recorded</p>'
    if record.immediate_risk:
        return (
            '<p class="pf-risk">IMMEDIATE RISK OF HARM: YES. The child was thought to be at '
            "risk of immediate harm when the dispute was raised.</p>"
        )
    return '<p class="pf-risk-none">Immediate risk of harm: no</p>'


def _decisions(form: PrintedForm) -> str:
    rows = [
        (section.heading, value)
        for section in form.sections[1:-2]
        for label, value in section.rows
        if label == "Decision"
    ]
    if not rows:
        return ""
    return "<h3>Decision at each stage</h3>" + _table(rows)


def _signatures(form: PrintedForm) -> str:
    heading = form.sections[-1].heading if form.sections else "Sign-off"
    boxes = []
    for role, _, who, state in signatories(form.record, form.checked):
        title = "challenger" if role == "challenger_manager" else "challenged"
        rows = [
            ("Name", who.name if who else NOT_RECORDED),
            ("Designation", (who.designation or NOT_RECORDED) if who else NOT_RECORDED),
            ("Agency", (who.agency or NOT_RECORDED) if who else NOT_RECORDED),
            ("Date", _signed_day(state)),
        ]
        boxes.append(
            f'<div class="pf-signature"><h3>Signature of {title} manager</h3>'
            + _table(rows).removesuffix("</table>")
            + '<tr><th scope="row">Signature</th><td class="pf-sign-here"></td></tr></table>'
            + "</div>"
        )
    return f"<h2>{_esc(heading)}</h2>" + "".join(boxes)


def _signed_day(state: str) -> str:
    """The day as git shows it ('signed off in git on DAY'), or 'not yet signed'."""
    found = re.match(r"(?:signed off in git|signed on paper) on \d{4}-\d{2}-\d{2}", state)
    if found:
        return found[0]
    return NOT_YET_SIGNED if state.startswith(NOT_YET_SIGNED) or not state else state


def _monitoring(form: PrintedForm, notes: str) -> str:
    record = form.record
    reached = record.resolution.stage if record.resolution else None
    choices = "".join(
        f'<span class="pf-choice{" is-chosen" if n == reached else ""}">'
        f"{'[' + str(n) + ']' if n == reached else n}</span>"
        for n in (3, 4, 5)
    )
    if reached is None:
        choices += " not resolved"
    elif reached < 3:
        choices += f" resolved at stage {reached}"
    days = record.days_to_resolution
    res = record.resolution
    rows = "".join(
        f'<tr><th scope="row">{_esc(k)}</th>{v}</tr>'
        for k, v in (
            ("Stage at which resolution achieved", f"<td>{choices or NOT_RECORDED}</td>"),
            (
                "Time taken to reach resolution (no. of days)",
                _cell(str(days) if days is not None else NOT_RECORDED),
            ),
            (
                "Please note how effective this policy was in resolving the issue",
                _cell(res.effectiveness if res and res.effectiveness else NOT_RECORDED),
            ),
            (
                "Suggestions as to how the policy can be improved",
                _cell(res.suggestions if res and res.suggestions else NOT_RECORDED),
            ),
        )
    )
    return f'<table class="pf-table">{rows}</table><h3>Additional Notes</h3>' + _text(form, notes)


def _closing_rows(form: PrintedForm) -> list[tuple[str, str]]:
    record = form.record
    rows: list[tuple[str, str]] = [("Status", status_line(record))]
    closing = next((s for s in form.sections if s.heading == "Closing"), None)
    if closing is not None:
        rows += [row for row in closing.rows if row[0] not in ("Status", *MONITORED)]
    if record.withdrawn is not None:
        rows.append(("Reason for withdrawal", record.withdrawn.reason))
    for stage in record.stages:
        if stage.stage == 5:
            rows.append(
                ("Agencies concerned sat on the QAPM panel", yes_no(stage.agencies_represented))
            )
    return rows


def standalone_page(form: PrintedForm, printed: str = "") -> str:
    """The form as a page of its own (the export): no script, nothing fetched."""
    title = _esc(f"{form.record.id}: {form.record.title}")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>"
        "body { max-width: 48rem; margin: 2rem auto; } @media print { body { margin: 0; "
        f"max-width: none; }} }}{STYLE}{page_rules(form.record, form.marking, printed)}"
        "</style></head><body>\n" + printed_form(form) + "\n</body></html>\n"
    )

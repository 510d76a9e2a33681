"""Messy sources for `disputes import`, made as a partnership would have them.

A log of past disputes (XLSX with openpyxl, and the same as CSV): day-first and
Excel-serial dates, blank cells, agency names spelled several ways, a merged agency
cell, trailing spaces, a child's name column, and a few rows that cannot be mapped.
A folder of filled monitoring forms (python-docx) laid out like the seed form
(shared/seeds/000_698b72f828dd9502.txt): the Child/Family name box, summary, agreed
outcomes, both managers' signature blocks, the monitoring boxes; one form with a box
left empty, one with an unknown agency. Every name is made up.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

CHILD = "Jayden Okonkwo-Smythe"  # a made-up child's name: must never reach a record
HEADINGS = [
    "Date Raised ",
    "Case Ref",
    "Child name",
    "Raised by",
    "Agency challenged",
    "Category",
    "Stage reached",
    "Status",
    "Date resolved",
    "Outcome",
    "Summary",
    "Agreed actions",
    "Days taken",
    "Risk of immediate harm",
]
SPELLINGS = {
    "Kent Police": ["Kent Police", "police", "KENT POLICE ", "Kent Constabulary"],
    "Children's Social Care": [
        "Children's Social Care",
        "CSC",
        "childrens social care",
        "Social Care",
    ],
    "Acute Hospitals Trust": ["Acute Hospitals Trust", "Hospital", "acute hospitals trust"],
    "Education (Schools)": ["Education (Schools)", "Schools", "education"],
}
ALIASES = {
    agency: [s for s in names if s.strip().casefold() != agency.casefold()]
    for agency, names in SPELLINGS.items()
}
BAD_ROWS = {
    7: ("Raised by", "Neighbourhood Watch"),
    11: ("Date Raised ", "31/02/2024"),
    13: ("Agency challenged", ""),
}


def aliases_yaml() -> str:
    """The `aliases:` block the test register adds to schema/agencies.yml."""
    lines = ["aliases:"]
    for agency, names in ALIASES.items():
        quoted = ", ".join('"' + n.strip() + '"' for n in names)
        lines.append(f'  "{agency}": [{quoted}]')
    return "\n".join(lines) + "\n"


def log_rows(count: int, seed: int = 21) -> list[list[object]]:
    """`count` rows of a messy log (values as a spreadsheet holds them)."""
    rng = random.Random(seed)
    agencies = list(SPELLINGS)
    rows: list[list[object]] = []
    for n in range(count):
        opened = date(2023, 1, 2) + timedelta(days=rng.randrange(0, 900))
        a, b = rng.sample(agencies, 2)
        stage = rng.choice([1, 2, 3, 3, 4, 5])
        resolved = opened + timedelta(days=rng.randrange(1, 60))
        status = rng.choice(["Resolved", "Resolved", "Closed ", "resolved"])
        opened_cell: object = (
            opened.strftime("%d/%m/%Y")
            if n % 3 == 0
            else (opened - date(1899, 12, 30)).days
            if n % 3 == 1
            else opened
        )
        row: list[object] = [
            opened_cell,
            f"C-{100000 + n}" if n % 5 else "",
            CHILD if n % 4 == 0 else "",
            rng.choice(SPELLINGS[a]),
            rng.choice(SPELLINGS[b]),
            rng.choice(
                [
                    "Threshold",
                    "Roles and responsibilities",
                    "communication",
                    "",
                    "Need for action; Communication",
                ]
            ),
            f"Stage {stage}" if n % 2 else stage,
            status,
            resolved.strftime("%d.%m.%y") if n % 6 else "",
            rng.choice(["Upheld", "Changed", ""]),
            f"Disagreement about a referral for {CHILD.split()[0]} "
            if n % 4 == 0
            else "Disagreement about the threshold for a referral  ",
            "An assessment was agreed.",
            (resolved - opened).days if n % 2 else "",
            rng.choice(["No", "no", "", "N"]),
        ]
        rows.append(row)
    for number, (heading, value) in BAD_ROWS.items():
        if number - 2 < len(rows):
            rows[number - 2][HEADINGS.index(heading)] = value
    return rows


def write_log_xlsx(path: Path, count: int) -> Path:
    """The log as a workbook, with one merged agency cell across two rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Disputes log"
    sheet.append(HEADINGS)
    rows = log_rows(count)
    for row in rows:
        sheet.append(row)
    column = HEADINGS.index("Raised by") + 1
    if count > 20:  # rows 20 and 21 share one merged 'Raised by' cell
        raised = next(a for a, names in SPELLINGS.items() if rows[18][column - 1] in names)
        other = next(a for a in SPELLINGS if a != raised)
        sheet.cell(row=21, column=HEADINGS.index("Agency challenged") + 1).value = other
        sheet.cell(row=21, column=column).value = None
        sheet.merge_cells(start_row=20, start_column=column, end_row=21, end_column=column)
    book.save(path)
    return path


def write_log_csv(path: Path, count: int) -> Path:
    """The log as CSV (dates as text, serial numbers as numbers)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for row in log_rows(count, seed=22):
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
    return path


FORM_PREAMBLE = [
    "Disagreements in work relating to the safety of children",
    "A tool to record decisions and to monitor the effectiveness of the professional "
    "differences policy",
    "This form to be used at stage three and at each subsequent stage of the professional's "
    "disagreements policy.",
]


def write_form(
    path: Path,
    *,
    child: str = CHILD,
    summary: str,
    agreed: str,
    signers: tuple[tuple[str, str, str, str], tuple[str, str, str, str]],
    stage: str,
    days: str,
    effectiveness: str,
    notes: str,
) -> Path:
    """One filled monitoring form laid out like the seed form."""
    import docx

    document = docx.Document()
    for text in FORM_PREAMBLE:
        document.add_paragraph(text)
    boxes = document.add_table(rows=1, cols=2)
    boxes.rows[0].cells[0].text, boxes.rows[0].cells[1].text = "Child/Family name:", child
    for label, value in (
        ("Summary of reason for dispute – include views of all agencies concerned.", summary),
        (
            "Agreed outcomes or actions if satisfactorily resolved – includes "
            "escalation to next stage if unresolved",
            agreed,
        ),
    ):
        table = document.add_table(rows=2, cols=1)
        table.rows[0].cells[0].text, table.rows[1].cells[0].text = label, value
    document.add_paragraph("Action Note:")
    document.add_paragraph(
        "Copy of this form to be held on child/family file in all agencies "
        "involved in resolution of professional difference."
    )
    signatures = document.add_table(rows=8, cols=3)
    for block, (title, person) in enumerate(
        zip(
            ("Signature of challenger manager", "Signature of challenged manager"),
            signers,
            strict=True,
        )
    ):
        rows = signatures.rows[block * 4 : block * 4 + 4]
        rows[0].cells[0].merge(rows[3].cells[0]).text = title  # one merged cell down the block
        for row, label, value in zip(
            rows, ("Name:", "Designation:", "Agency:", "Date:"), person, strict=True
        ):
            row.cells[1].text, row.cells[2].text = label, value
    document.add_paragraph("Please complete for monitoring purposes")
    monitoring = document.add_table(rows=2, cols=2)
    monitoring.rows[0].cells[0].text = "Stage at which resolution achieved-\n3\t4\t5"
    monitoring.rows[0].cells[1].text = stage
    monitoring.rows[1].cells[0].text = "Time taken to reach resolution-\n(no. of Days)"
    monitoring.rows[1].cells[1].text = days
    document.add_paragraph(
        "Please note how effective this policy was in resolving the issue "
        "and please make suggestions as to how the policy can be improved:"
    )
    document.add_paragraph(effectiveness)
    document.add_paragraph("Additional Notes:")
    document.add_paragraph(notes)
    document.save(str(path))
    return path


def write_forms(folder: Path, count: int = 6) -> Path:
    """A folder of filled forms: most complete, one with a box left empty, one unmappable."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        challenger = (
            "Ann Lee",
            "Detective Sergeant",
            "police " if n % 2 else "Kent Police",
            f"{5 + n}/03/2024",
        )
        challenged = (
            "Bo Khan",
            "" if n == 1 else "Team Manager",
            "CSC",
            "" if n == 1 else f"{6 + n}/03/2024",
        )
        if n == count - 1:
            challenged = ("Bo Khan", "Team Manager", "Parish Council", "07/03/2024")
        write_form(
            folder / f"form-{n + 1:02d}.docx",
            summary=f"The police asked for an assessment of {CHILD}; social care closed it. "
            "Police view: the threshold is met. Social care view: early help suffices.",
            agreed="An assessment was opened.",
            signers=(challenger, challenged),
            stage=str(3 + n % 3),
            days=str(4 + n) if n != 1 else "",
            effectiveness="" if n == 1 else "The policy worked; stage 3 was slow to arrange.",
            notes="None.",
        )
    return folder

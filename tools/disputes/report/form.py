"""The monitoring form of one record as text, Markdown, HTML or PDF (`show`, `export`).

HTML and PDF are the printed form (report.printed), the one the site's record page prints:
every value from the record is escaped, and the record's own text is rendered from Markdown
and cleaned to an allow-list of tags (report.richtext), so a record cannot put a script or
an outside request into an agency's case file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from disputes.errors import DisputesError
from disputes.records.text import for_terminal
from disputes.report.describe import Section

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ExportError(DisputesError):
    """The form cannot be exported in the format asked for (the message says why)."""


def form_text(sections: list[Section]) -> str:
    """The form for the terminal: headings and aligned label: value rows."""
    lines: list[str] = []
    for section in sections:
        lines += (
            ["", section.heading, "-" * len(section.heading)]
            if lines
            else [section.heading, "=" * len(section.heading)]
        )
        width = max((len(label) for label, _ in section.rows), default=0)
        lines += [f"{label + ':':<{width + 1}} {value}" for label, value in section.rows]
    return for_terminal("\n".join(lines) + "\n")


def _md_cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def form_markdown(sections: list[Section], body: str) -> str:
    """The form as Markdown: one table per section, then the record's own text."""
    lines: list[str] = []
    for index, section in enumerate(sections):
        lines += [f"{'#' if index == 0 else '##'} {section.heading}", "", "| | |", "|---|---|"]
        lines += [f"| {_md_cell(label)} | {_md_cell(value)} |" for label, value in section.rows]
        lines.append("")
    return "\n".join(lines) + "\n" + body.strip() + "\n"


def html_to_pdf(page: str) -> bytes:
    """An HTML page printed to PDF by a headless Chromium (offline: the page loads nothing)."""
    browser = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        raise ExportError(
            "a PDF needs Chromium or Google Chrome, and neither was found; export the form "
            "with --format html and print it to PDF from your browser instead"
        )
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "form.html", Path(folder) / "form.pdf"
        source.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={folder}/profile", f"--print-to-pdf={target}",
             source.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not target.is_file():
            raise ExportError(f"Chromium could not print the PDF ({done.stderr.strip()[-300:]})")
        return target.read_bytes()

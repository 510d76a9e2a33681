"""The monitoring form of one record as text, Markdown, HTML or PDF (`show`, `export`).

Every value from the record is escaped (HTML) before it is written; the record's own
text is rendered from Markdown and then cleaned to an allow-list of tags (nh3), so a
record cannot put a script or an outside request into an agency's case file.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from disputes.errors import DisputesError
from disputes.records.text import for_terminal
from disputes.report.describe import Section

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #111; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border: 1px solid #ccc; }
th { width: 35%; background: #f3f3f3; }
.not-recorded { color: #666; font-style: italic; }
footer { margin-top: 2rem; font-size: .85rem; color: #444; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


# Text tags only: no images, media or frames, so the form never fetches anything.
TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "a",
}


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


def _cell(value: str) -> str:
    css = ' class="not-recorded"' if value == "not recorded" else ""
    return f"<td{css}>{html.escape(value)}</td>"


def form_html(sections: list[Section], body: str, footer: str) -> str:
    """A standalone HTML page (no outside requests) that prints as the monitoring form."""
    parts = []
    for index, section in enumerate(sections):
        tag = "h1" if index == 0 else "h2"
        rows = "".join(
            f'<tr><th scope="row">{html.escape(label)}</th>{_cell(value)}</tr>'
            for label, value in section.rows
        )
        parts.append(f"<{tag}>{html.escape(section.heading)}</{tag}>\n<table>{rows}</table>")
    import markdown  # here, not at the top: `show` and `list` need neither library
    import nh3

    text = nh3.clean(
        markdown.markdown(body, extensions=["tables"]), tags=TAGS, link_rel="noopener noreferrer"
    )
    title = html.escape(sections[0].heading if sections else "Record")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + f'\n<h2>The record</h2>\n<div class="record-text">{text}</div>\n'
        + f"<footer>{html.escape(footer)}</footer>\n</body></html>\n"
    )


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

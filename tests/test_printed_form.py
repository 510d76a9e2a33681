"""Issue 23 item 2: one printed form, for the record page's print view and `export`.

A fresh record resolved at stage 4 and walked to signed by both managers (real git, real
SSH keys), exported as PDF before and after signing and read with `pdftotext -layout`: A4,
the protective marking, id, case reference and "Page x of y" on every page, every box of
the seed form, the action note, whole signature boxes, every closing fact. The site's
record page holds the very same form (one template), and prints it the same in Chromium.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from browser import launched, needs_chromium, serve
from conftest import run_cli
from gitrepo import GitRepo
from test_signoff_dates import AS_OF, ID, SIGNED, before_and_after_signing, repo

pytestmark = [needs_chromium, pytest.mark.usefixtures("isolated_git")]
__all__ = ["repo"]  # the fixture: PD-2026-0007 resolved at stage 4, nobody signed yet

REFERENCE = "C-104233"
# Every box of the seed monitoring form (/work/shared/seeds: "Disagreements in work
# relating to the safety of children"), in its order.
SEED_LABELS = [
    "Child/Family name",
    "Summary of reason for dispute – include views of all agencies concerned",
    "Agreed outcomes or actions if satisfactorily resolved",
    "Action Note",
    "Signature of challenger manager",
    "Signature of challenged manager",
    "Please complete for monitoring purposes",
    "Stage at which resolution achieved",
    "Time taken to reach resolution (no. of days)",
    "Please note how effective this policy was in resolving the issue",
    "Suggestions as to how the policy can be improved",
    "Additional Notes",
]
CLOSING = ["Shared with", "Debrief held", "Outcome", "Resolved"]
ACTION_NOTE = "Copy of this form to be held on child/family file in all agencies involved"


def pdf_text(path: Path, *, layout: bool = True) -> list[str]:
    """Each page of a PDF as `pdftotext -layout` reads it (or in reading order: a table's
    label wrapped on two lines is then one run of words)."""
    text = subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def page_size(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return next(line for line in info.stdout.splitlines() if line.startswith("Page size"))


def flat(text: str) -> str:
    return " ".join(text.split())


def export(repo: GitRepo, fmt: str, target: Path) -> Path:
    args = ["export", ID, "--format", fmt, "-o", str(target), "--as-of", AS_OF]
    result = run_cli([*args, "--root", str(repo.path)])
    assert result.exit_code == 0, result.output
    return target


def assert_printed_form(path: Path, *, signed: bool) -> None:
    """What every printed copy of the form must say (the export and the site's print)."""
    assert "(A4)" in page_size(path)
    pages = pdf_text(path)
    assert len(pages) >= 2  # the header, footer and numbers are tested beyond page 1
    for number, page in enumerate(pages, start=1):
        assert ID in page and REFERENCE in page, f"page {number} lacks the id or reference"
        assert page.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} lacks the marking"
        assert f"Page {number} of {len(pages)}" in page, page
    whole = flat("\n".join(pdf_text(path, layout=False)))
    places = [whole.index(flat(label)) for label in SEED_LABELS]
    assert places == sorted(places), "the seed form's boxes are out of order"
    assert ACTION_NOTE in whole and "approved resolution audit manager" in whole
    for fact in CLOSING:
        assert fact in whole, fact
    signing = whole.split("Sign-off (managers named at stage 4)", 1)[1].split("monitoring")[0]
    assert signing.count("not yet signed") == (0 if signed else 2), signing
    assert signing.count(f"signed off in git on {SIGNED}") == (2 if signed else 0), signing
    # a signature box is whole: its heading and its Signature line are on one page
    for title in ("Signature of challenger manager", "Signature of challenged manager"):
        page = next(p for p in pages if title in p)
        assert "Signature\n" in page.split(title, 1)[1] or re.search(
            r"\n\s*Signature\s", page.split(title, 1)[1]
        ), f"{title} split across pages"


def test_the_exported_pdf_is_the_printed_form(repo: GitRepo, tmp_path: Path) -> None:
    for signed in before_and_after_signing(repo):
        assert_printed_form(export(repo, "pdf", tmp_path / f"form-{signed}.pdf"), signed=signed)


def test_an_immediate_risk_is_printed_first(repo: GitRepo, tmp_path: Path) -> None:
    text = repo.read("records/2026/PD-2026-0007.md")
    repo.write(
        "records/2026/PD-2026-0007.md",
        text.replace("immediate_risk: false", "immediate_risk: true"),
    )
    repo.commit("Immediate risk recorded", when="2026-03-21T09:00:00Z")
    pages = pdf_text(export(repo, "pdf", tmp_path / "risk.pdf"))
    first = flat(pages[0])
    assert "IMMEDIATE RISK OF HARM: YES" in first
    assert first.index("IMMEDIATE RISK") < first.index("Summary of reason for dispute")


def site_form(out: Path) -> str:
    page = (out / "records" / ID / "index.html").read_text(encoding="utf-8")
    return (
        '<article class="printed-form">'
        + page.split('<article class="printed-form">', 1)[1].split("</article>", 1)[0]
    )


def test_the_record_page_prints_the_same_form(repo: GitRepo, tmp_path: Path) -> None:
    for signed in before_and_after_signing(repo):
        out = tmp_path / f"site-{signed}"
        args = ["build", "--root", str(repo.path), "--profile", "internal", "-d", str(out)]
        result = run_cli([*args, "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        exported = export(repo, "html", tmp_path / f"form-{signed}.html").read_text("utf-8")
        assert site_form(out) in exported  # one template: byte for byte the same form
        with serve(out) as address, launched() as chromium:
            page: Any = chromium.new_page()
            page.goto(address + f"records/{ID}/")
            page.pdf(path=str(tmp_path / "printed.pdf"), prefer_css_page_size=True)
        assert_printed_form(tmp_path / "printed.pdf", signed=signed)
        pages = pdf_text(tmp_path / "printed.pdf")
        whole = "\n".join(pages)
        assert "Audit trail" not in whole and "Print this record" not in whole
        assert "Printed " in pages[0]  # the day it was printed, set in the reader's browser


def with_marking(repo: GitRepo, line: str) -> None:
    config = (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    (repo.path / "mkdocs.yml").write_text(
        config.replace("show_emails: false", f"show_emails: false\n      {line}"),
        encoding="utf-8",
    )


def test_the_export_takes_the_marking_the_site_prints(repo: GitRepo, tmp_path: Path) -> None:
    with_marking(repo, 'protective_marking: "OFFICIAL"')
    pages = pdf_text(export(repo, "pdf", tmp_path / "marked.pdf"))
    assert all(p.count("OFFICIAL") >= 2 and "OFFICIAL-SENSITIVE" not in p for p in pages)


def test_a_hostile_marking_stays_text(repo: GitRepo, tmp_path: Path) -> None:
    """A marking that tries to end the style element or the CSS string and run a script
    is printed as the words it is, in the page and in every page's margin."""
    with_marking(repo, "protective_marking: 'X\"} </style><script>alert(1)</script>'")
    page = export(repo, "html", tmp_path / "hostile.html").read_text(encoding="utf-8")
    assert "<script" not in page and page.count("</style>") == 1
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_python_tag_in_mkdocs_yml_is_never_run(repo: GitRepo, tmp_path: Path) -> None:
    """The export reads mkdocs.yml as data: a tag that would run code is not run, and the
    form keeps the default marking."""
    witness = tmp_path / "ran"
    with_marking(repo, f"protective_marking: !!python/object/apply:os.system ['touch {witness}']")
    page = export(repo, "html", tmp_path / "form.html").read_text(encoding="utf-8")
    assert not witness.exists() and "OFFICIAL-SENSITIVE" in page

"""Record page parts as pure functions of the demo register (no MkDocs run)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REPO_ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from disputes.report.richtext import markdown_html, plain_html, safe_body
from disputes.site.data import SiteData, collect
from disputes.site.pages.record import record_page


@pytest.fixture(scope="module")
def data() -> SiteData:
    return collect(REPO_ROOT, date(2026, 11, 22), with_history=False)


def test_emails_are_shown_only_when_configured(data: SiteData) -> None:
    record = next(r for r in data.records if r.id == "PD-2025-0003")
    assert "ann.example@police.example" not in record_page(record, data, show_emails=False)
    assert "ann.example@police.example" in record_page(record, data, show_emails=True)


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_record_text_cannot_run_script(body: str, absent: str) -> None:
    assert absent not in safe_body(body)


def test_safe_links_and_markdown_survive() -> None:
    rendered = safe_body("**Agreed** see [the policy](https://example.org/policy).")
    assert "<strong>Agreed</strong>" in rendered
    assert 'href="https://example.org/policy"' in rendered


# Letters (some accented), digits, the punctuation plain prose uses, and the marks that make
# Markdown (lists, headings, emphasis, code, quotes, tables, breaks, HTML): plain_html must
# decline whatever Markdown would not give back as the same paragraphs.
_PROSE = st.lists(
    st.sampled_from(
        list("ab Z09é.,;:?'\"()/%\n#")
        + [
            "\n\n",
            "  ",
            "1. ",
            "- ",
            "*",
            "# ",
            "### ",
            "_",
            "`",
            "<b>",
            "&amp;",
            "|",
            "> ",
            "\t",
            "\r",
            "==",
            "\\",
            "[x](y)",
            "ﬁ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PROSE)
@example("a  \nb")  # a line break
@example("a \nb")
@example("a\n b")
@example("a *b* c")
@example("a _b_ c")
@example("2. b")
@example("a\n\n    b")  # code
@example("a\n===")  # a heading
@example("### A\nb")
@example("### A ###")
@example("####### A")
@example("#A")
@example("\u0663. b")  # an Arabic-Indic digit: Markdown's \\d makes it a list too
@example("See javascript:alert(1) or http://x.example/a?b=1%20c")  # no link either way
@example('It\'s "quoted" (50%); done/undone.')
def test_plain_prose_skips_markdown_with_the_same_html(text: str) -> None:
    plain = plain_html(text)
    if plain is not None:
        assert plain == markdown_html(text)


def test_plain_prose_is_what_record_text_mostly_is() -> None:
    """The attack on the shortcut: a list, a heading or HTML takes the Markdown path."""
    assert plain_html("The agencies disagreed.\n\nA review was agreed (see 2.1).") is not None
    assert plain_html("### Kent Police\n\nView one.\n### Probation\nView two.") == (
        "<h3>Kent Police</h3>\n<p>View one.</p>\n<h3>Probation</h3>\n<p>View two.</p>"
    )
    for text in ("1. First", "Text\n## *Heading*", "a <b>b</b>", "a  \nb", "    code"):
        assert plain_html(text) is None

"""Record page parts as pure functions of the demo register (no MkDocs run)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REPO_ROOT

from disputes.site.data import SiteData, collect
from disputes.site.pages.record import record_page, safe_body


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

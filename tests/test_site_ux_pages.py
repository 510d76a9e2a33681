"""Issue 13's pure parts (no browser): kept, chart ticks, trends, print header, record sections,
the register's data block."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import REPO_ROOT

from disputes.report.kept import kept_share
from disputes.report.printed import css_string
from disputes.site.charts import bar_chart, whole_ticks
from disputes.site.data import SiteData, collect
from disputes.site.pages.record import print_header, record_page
from disputes.site.pages.register import register_page, script_json
from disputes.site.pages.sections import body_sections
from disputes.site.pages.trends import periods, trend_rows


@pytest.fixture(scope="module")
def data() -> SiteData:
    return collect(REPO_ROOT, date(2026, 11, 22), with_history=False)


def test_kept_counts_overdue_stages_against_the_share() -> None:
    # The figure: 10 met, 1 breached, 1 pending, 1 overdue is 10 of 12, not 10 of 11.
    assert kept_share({"met": 10, "breached": 1, "pending": 1, "overdue": 1}) == "83%"
    assert kept_share({"met": 0, "breached": 0, "pending": 3, "overdue": 0}) == ""


def test_chart_ticks_are_whole_numbers() -> None:
    assert whole_ticks({"a": [1, 3], "b": [2, 2]}, stacked=True) == [0, 1, 2, 3, 4, 5]
    assert whole_ticks({"a": [1, 3], "b": [2, None]}, stacked=True) == [0, 1, 2, 3]
    assert whole_ticks({"a": [40]}, stacked=False) == list(range(0, 45, 5))
    assert whole_ticks({"a": [0, 0]}, stacked=False) == [0, 1]
    svg = bar_chart("T", ["Stage 3"], {"Met": [3], "Overdue": [1]}, stacked=True)
    shown = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "3" in shown and not [t for t in shown if re.fullmatch(r"\d+\.\d+", t)]  # no 0.2 ... 2.8
    assert "#00703c" in svg and "#942514" in svg  # met green, overdue red, on every chart


def test_trends_cover_every_quarter_and_add_up(data: SiteData) -> None:
    quarters = periods(data.records, data.today, by="quarter")
    assert quarters[0][0] == "2025 Q1" and quarters[-1][0] == "2026 Q4"
    rows = trend_rows(data, by="quarter")
    assert sum(row[1] for row in rows) == len(data.records)
    years = trend_rows(data, by="year")
    assert [row[1] for row in years] == [4, 18]


def test_css_strings_cannot_escape_the_print_header() -> None:
    hostile = '"} body { display: none } </style><script>alert(1)</script>'
    text = css_string(hostile)
    assert text.count('"') == 2 and "<" not in text and "}" not in text
    assert print_header_for(hostile).count("</style") == 1  # only its own end


def print_header_for(reference: str) -> str:
    from dataclasses import replace

    data = collect(REPO_ROOT, date(2026, 11, 22), with_history=False)
    return print_header(replace(data.records[0], child_reference=reference), "OFFICIAL")


def test_register_data_cannot_close_its_script_element(data: SiteData) -> None:
    assert "</script" not in script_json(["</script><script>alert(1)</script>"])
    html = register_page(data)
    assert html.count("</script>") == 1


def test_record_sections_follow_the_form_and_say_when_empty() -> None:
    body = "## Additional notes\n\nSee file.\n\n## Summary of reason for dispute\n\nWhy.\n"
    sections = body_sections(body)
    assert [title for title, _ in sections][:4] == [
        "Summary of reason for dispute",
        "Views of the agencies",
        "Agreed outcomes and actions",
        "Additional notes",
    ]
    assert dict(sections)["Views of the agencies"] == ""


def test_record_page_answers_at_a_glance(data: SiteData) -> None:
    overdue = next(r for r in data.records if r.id == "PD-2026-0016")
    html = record_page(overdue, data, show_emails=False)
    assert "Overdue by" in html and "Not yet recorded" in html
    five = next(r for r in data.records if r.id == "PD-2026-0004")
    html = record_page(five, data, show_emails=False)
    for fact in (
        "Date of the group&#x27;s meeting",
        "2026-04-28",
        "Panel",
        "Raised with the other agency&#x27;s manager",
        "Further assessment agreed",
        "Need for action",
    ):
        assert fact in html
    assert "need-for-action" not in html and "further-assessment" not in html

"""The report pages that break disputes down: by agency (and who challenged whom), and by
category, outcome, level of need and age."""

from __future__ import annotations

from functools import partial
from typing import Any

from disputes.disclosure.counts import Counts
from disputes.report.build import AGE_BANDS
from disputes.site.charts import bar_chart
from disputes.site.figures import ReportTable, figure
from disputes.site.markup import page
from disputes.site.pages.reports import PUBLIC, Drawn, Page, View, note
from disputes.site.words import word

SECTIONS = (  # (report key, title, register filter, CSV name)
    ("categories", "Categories", "category", "categories"),
    ("outcomes", "Outcomes", "outcome", "outcomes"),
    ("levels_of_need", "Levels of need", "level", "levels-of-need"),
    ("open_by_age", "Open disputes by days since opened", "age", "open-by-age"),
)


def agencies_page(report: dict[str, Any], counts: Counts, view: View = PUBLIC) -> Page:
    """Which agencies challenge and are challenged, and who challenged whom."""
    draw = Drawn(view)
    agencies = sorted(report["agencies"])
    rows: list[list[Any]] = [
        [
            a,
            figure(counts, ("agencies", a, "challenger"), challenger=a),
            figure(counts, ("agencies", a, "challenged"), challenged=a),
        ]
        for a in agencies
    ]
    pairs: list[list[Any]] = [
        [a, b, figure(counts, ("matrix", a, b), challenger=a, challenged=b)]
        for a in agencies
        for b in agencies
    ]
    listed = [row for row in pairs if row[2].shown != "0"]
    body = page(
        "Agencies",
        note(counts, report, view),
        draw(ReportTable("agencies", ["Agency", "As challenger", "As challenged"], rows)),
        draw.chart(
            "agencies",
            "Bar chart of disputes raised and received by each agency",
            lambda: bar_chart(
                "Disputes by agency",
                agencies,
                {
                    side.capitalize(): [counts.plotted("agencies", a, side) for a in agencies]
                    for side in ("challenger", "challenged")
                },
                horizontal=True,
            ),
            counts,
            [("agencies", a, side) for a in agencies for side in ("challenger", "challenged")],
        ),
        "## Who challenged whom",
        "Each pair of agencies with disputes between them: the agency that raised the "
        "disputes, the agency it challenged, and how many. Pairs with none are left out "
        "here; the CSV lists every pair."
        if listed
        else "No disputes between any two agencies.",
        draw.only_shown(
            ReportTable(
                "agency-pairs",
                ["Challenging agency", "Challenged agency", "Disputes"],
                pairs,
                attrs='id="agency-pairs"',
            ),
            listed,
        ),
    )
    return body, draw.files


def categories_page(report: dict[str, Any], counts: Counts, view: View = PUBLIC) -> Page:
    """What disputes are about, how they ended, the levels of need, and how old open ones are."""
    draw = Drawn(view)
    parts = [note(counts, report, view), "A dispute may have more than one category."]
    for section, title, key, name in SECTIONS:
        codes = [n for n, _ in AGE_BANDS] if section == "open_by_age" else list(report[section])
        labels = codes if section == "open_by_age" else [word(k) for k in codes]
        rows: list[list[Any]] = [
            [label, figure(counts, (section, k), **{key: k})]
            for k, label in zip(codes, labels, strict=True)
        ]
        series = {"Disputes": [counts.plotted(section, k) for k in codes]}
        parts += [
            f"## {title}",
            draw(ReportTable(name, [title.split(" by ")[0], "Disputes"], rows)),
            draw.chart(
                section,
                f"Bar chart: {title.lower()}",
                partial(bar_chart, title, labels, series),
                counts,
                [(section, k) for k in codes],
            ),
        ]
    return page("Categories and outcomes", *parts), draw.files

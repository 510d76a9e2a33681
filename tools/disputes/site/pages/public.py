"""The public profile's own pages: the summary, the rules it follows, and the open data."""

from __future__ import annotations

from typing import Any

from disputes.disclosure.counts import Counts
from disputes.disclosure.suppress import FEWER, WITHHELD
from disputes.site.markup import esc, page, table
from disputes.site.opendata import (
    SCHEMA_NAME,
    SCHEMA_VERSION,
    STATUSES,
    TABLES,
    figures_csv,
    figures_json,
    json_schema,
)

REPORT_LINKS = (
    "[Stages](reports/stages.md) · [Timescales](reports/timescales.md) · "
    "[Agencies](reports/agencies.md) · [Categories and outcomes](reports/categories.md)"
)
MARKERS = (
    f"**{FEWER}**: a count from 1 to 4 (or, rarely, a 0 hidden to protect one). "
    f"**{WITHHELD}**: a count of 5 or more, held back so "
    f'that a "{FEWER}" count cannot be worked out from the totals and the other tables.'
)


def summary_page(report: dict[str, Any], counts: Counts) -> str:
    """Aggregate figures only: totals (suppressed where small) and links to the reports."""
    rows = [
        [esc(k.capitalize()), counts.shown("totals", k)]
        for k in ("records", "open", "resolved", "withdrawn")
        if ("totals", k) in counts.values  # a tiny period publishes its number alone
    ]
    return page(
        "Resolving professional differences: published figures",
        f"Disputes opened {esc(report['period']['label'])}, as they stood at the end of that "
        "quarter. How the safeguarding partnership's policy for resolving professional "
        f"differences between agencies is used. {MARKERS} "
        "[How these figures protect privacy](about.md) · [Open data](data.md)",
        table(["Disputes", "Number"], rows),
        "" if report["totals"]["records"] else "No disputes are recorded for this period yet.",
        _reports_or_why(report),
    )


def _reports_or_why(report: dict[str, Any]) -> str:
    """The links to the reports, or why a small period publishes its totals only."""
    below = report.get("totals_only")
    if below is None:
        return f"## Reports\n\n{REPORT_LINKS}"
    return (
        f"## Totals only\n\nFewer than {below} disputes were opened in this period, so only "
        "these totals are published: with so few, a breakdown would have counts of 1 to 4, "
        "and what remained of it could give them away."
    )


def about_page(report: dict[str, Any]) -> str:
    """The disclosure-control rules the public profile follows, named and explained."""
    return page(
        "About these figures",
        "These figures describe how agencies used the policy for resolving professional "
        "differences. They never describe a single dispute, child, family or professional. "
        "They follow the Government Statistical Service (GSS) guidance on statistical "
        "disclosure control for tables, as practised by the Office for National Statistics "
        "(ONS) and the Department for Education (DfE) for small counts of children:",
        "1. **Each quarter released once.** The figures cover every dispute opened "
        f"{esc(report['period']['label'])} ({esc(report['period']['quarter'])}), as they stood "
        "at the end of that quarter. They were made once, after the quarter ended, and are "
        "never changed: a record entered or corrected later appears in a later quarter's "
        "release, or in a labelled revision beside this one, never in place of it. Every "
        "release is listed on the site's Every release page; no date finer than a month is "
        "published.\n"
        f'2. **Primary suppression (threshold rule).** A count from 1 to 4 is shown as "{FEWER}". '
        "Zero is shown as 0, except where every other count that could protect a small count "
        f'is hidden already: then a 0 is hidden too, as "{FEWER}", and the release says so '
        "(`fewer_than_5_may_be_0` in its open data); otherwise every "
        f'"{FEWER}" is 1 to 4. Such a 0 is protected like any hidden count: it cannot be '
        "worked out as 0.\n"
        "3. **Complementary (secondary) suppression.** A count can often be worked out from a "
        "total and the other counts, or from another table that counts the same disputes. So "
        f'further counts are shown as "{WITHHELD}", chosen across every table, total, chart and '
        "open-data file at once. Before publishing, every hidden count is checked by solving "
        "all the published figures and the relations between them (totals, rows, columns and "
        "counts shared by two tables), together with every earlier release: none can be "
        f'narrowed to a single number, and no "{FEWER}" count to two neighbouring numbers, '
        "taking it as 1 to 4 unless the release says a 0 is hidden too. Subtracting one "
        "quarter's release from the next cannot give a quarter's own count of 1 to 4 either: "
        "those differences are checked the same way.\n"
        f'4. **Charts** never draw a count that a table shows as "{FEWER}" or "{WITHHELD}": '
        "the bar is left out, and the chart says so.\n"
        "5. **Fixed lists only.** Categories, outcomes, levels of need and stages come from "
        "the policy's fixed lists, and agencies from the partnership's list of agencies; any "
        'other agency is counted as "another agency". No names, case references, titles, '
        "free text or dates of single disputes are published, and the build checks every "
        "published file for them before it finishes.\n"
        "6. **Medians** of days to resolution are shown only where 5 or more disputes were "
        "resolved at that stage, and rounded to the nearest 5 days (rounding, not "
        "suppression): an exact median of an odd number of disputes is one dispute's time, "
        'and a ".5" says how many there were. Maximums are not published.\n'
        "7. **Small periods: totals only.** Where fewer disputes than the partnership's "
        "threshold (`public_totals_only_below` in its policy file; 10 unless it says "
        "otherwise, twice the threshold of 5) were opened, only the totals are published: "
        "with fewer than 10, any breakdown into two parts has a part of 1 to 4, and what "
        "remained of a breakdown could give it away.",
        "The figures are also published as [open data](data.md).",
    )


def data_page(report: dict[str, Any]) -> str:
    """The open-data files and their schema, documented for whoever combines them."""
    columns = [
        ["schema_version", f"The version of this format ({SCHEMA_VERSION})."],
        ["publisher", "The partnership that published the figures (the site's name)."],
        [
            "period",
            "The quarter the figures run to, as YYYY-Qn: they count every dispute "
            "opened from the first one recorded up to the end of that quarter (in figures.json, "
            "period.from and period.to, as YYYY-MM).",
        ],
        ["table", "Which table the number belongs to (below)."],
        ["row", "The row: a stage, agency, category, outcome, level of need or age band."],
        ["column", "The column: for example reached, challenger, or count."],
        ["value", "The number; empty (null in JSON) where it is not published."],
        ["status", "Whether the number is published, and if not, why (below)."],
    ]
    return page(
        "Open data",
        f"The figures on this site, {esc(report['period']['label'])}, as data with the same "
        "suppression as the pages: [figures.csv](data/figures.csv) and "
        "[figures.json](data/figures.json), described by the JSON Schema "
        f"[figures.schema.json](data/figures.schema.json). Format: `{SCHEMA_NAME}`, version "
        f"`{SCHEMA_VERSION}`. A change that adds tables, rows or statuses raises the middle "
        "number; a change that renames or removes a column raises the first. One line per "
        "number, so the files of several partnerships can be stacked and added up; hidden "
        "numbers cannot be added, so a combined total must keep them out and say so.",
        "## Columns",
        table(["Column", "Meaning"], ([esc(a), esc(b)] for a, b in columns)),
        "## Tables",
        table(["Table", "What it counts"], ([esc(a), esc(b)] for a, b in TABLES.items())),
        "## Status",
        table(["Status", "Meaning"], ([esc(a), esc(b)] for a, b in STATUSES.items())),
    )


def public_pages(report: dict[str, Any], counts: Counts, publisher: str) -> dict[str, str]:
    """The public profile's own pages and open-data files: {path in the site: content}."""
    return {
        "index.md": summary_page(report, counts),
        "about.md": about_page(report),
        "data.md": data_page(report),
        "data/figures.csv": figures_csv(report, counts, publisher),
        "data/figures.json": figures_json(report, counts, publisher),
        "data/figures.schema.json": json_schema(),
    }

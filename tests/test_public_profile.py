"""The public profile as built: fixed vocabularies, complete quarters, open data, the rules.

Real `disputes build --profile public` runs of the demo register plus one record
naming an agency that is not on the partnership's list.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, demo_register_copy, release, run_cli
from jsonschema import Draft202012Validator

from disputes.site.leakcheck import normalise
from disputes.site.writtendates import dates_in

UNLISTED = "Neighbourhood Watch Group"
EXTRA = "records/2026/PD-2026-0090.md"


def extra_record() -> str:
    """A demo record copied, with an unlisted challenged agency, opened in Q3 2026."""
    text = (REPO_ROOT / "records/2026/PD-2026-0007.md").read_text(encoding="utf-8")
    text = text.replace("PD-2026-0007", "PD-2026-0090").replace("C-910007", "C-910090")
    return re.sub(r"(?m)^challenged:\n  agency: .*$", f"challenged:\n  agency: {UNLISTED}", text)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("public") / "register"
    demo_register_copy(root)
    (root / EXTRA).write_text(extra_record(), encoding="utf-8")
    release(root)
    return root


def build(root: Path, out: Path, as_of: str) -> Path:
    result = run_cli(
        ["build", "--root", str(root), "--profile", "public", "-d", str(out), "--as-of", as_of]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def site(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(register, tmp_path_factory.mktemp("out"), "2026-11-22")


def page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def test_the_record_really_names_an_unlisted_agency(register: Path) -> None:
    assert f"agency: {UNLISTED}" in (register / EXTRA).read_text(encoding="utf-8")
    result = run_cli(
        [
            "validate",
            "--root",
            str(register),
            "--strict",
            "--as-of",
            "2026-11-22",
            str(register / EXTRA),
        ]
    )
    assert result.exit_code == 1  # CI's --strict makes an unlisted agency an error
    assert f"challenged.agency: '{UNLISTED}' is not in the partnership's list" in result.output
    assert "1 error in 1 file" in result.output


def test_an_unlisted_agency_is_another_agency_and_never_named(site: Path) -> None:
    assert "another agency" in page(site, "reports/agencies")
    for path in site.rglob("*"):
        if path.is_file():
            text = normalise(path.read_bytes().decode("utf-8", errors="replace"))
            assert "neighbourhood watch" not in text, path


def test_the_public_pages_name_no_day(site: Path) -> None:
    for path in site.rglob("*"):
        if path.suffix in {".html", ".svg", ".json", ".csv", ".xml"}:
            text = normalise(path.read_text(encoding="utf-8"))
            assert list(dates_in(text)) == [], path
    assert "up to the end of September 2026" in page(site, "")
    assert "2026-11-22" not in page(site, "")


def test_two_builds_within_a_quarter_publish_the_same_figures(
    register: Path, site: Path, tmp_path: Path
) -> None:
    later = tmp_path / "later"
    shutil.copytree(register, later)
    late = (
        extra_record().replace("PD-2026-0090", "PD-2026-0091").replace("2026-05-05", "2026-10-20")
    )
    (later / "records/2026/PD-2026-0091.md").write_text(late, encoding="utf-8")
    again = build(later, tmp_path / "out", "2026-12-30")
    for name in ("data/figures.csv", "data/figures.json"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name
    release(later, "2027-01-04")
    next_quarter = build(later, tmp_path / "next", "2027-01-04")
    assert (next_quarter / "data/figures.csv").read_bytes() != (
        site / "data/figures.csv"
    ).read_bytes()


def test_open_data_follows_its_schema_and_matches_the_csv(site: Path) -> None:
    document = json.loads((site / "data/figures.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "data/figures.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert document["schema"] == "disputes-public-figures" and document["schema_version"] == "1.0.0"
    rows = list(
        csv.DictReader(io.StringIO((site / "data/figures.csv").read_text(encoding="utf-8")))
    )
    assert len(rows) == len(document["figures"])
    for row, figure in zip(rows, document["figures"], strict=True):
        assert (row["table"], row["row"], row["column"], row["status"]) == (
            figure["table"],
            figure["row"],
            figure["column"],
            figure["status"],
        )
        assert row["value"] == ("" if figure["value"] is None else str(figure["value"]))
        assert row["period"] == "2026-Q3"
    statuses = {f["status"] for f in document["figures"]}
    assert {"published", "fewer-than-5", "withheld"} <= statuses
    for figure in document["figures"]:
        if figure["status"] != "published":
            assert figure["value"] is None
        elif figure["table"] != "days_to_resolution":
            assert not 1 <= figure["value"] <= 4


def test_pages_and_open_data_publish_the_same_numbers(site: Path) -> None:
    document = json.loads((site / "data/figures.json").read_text(encoding="utf-8"))
    shown = {(f["row"], f["column"]): f for f in document["figures"] if f["table"] == "stages"}
    html = page(site, "reports/stages")
    for stage in "12345":
        cells = re.search(rf"<tr><td>{stage}</td><td>[^<]*</td>(.*?)</tr>", html)
        assert cells, stage
        values = re.findall(r"<td>(.*?)</td>", cells[1])
        for value, kind in zip(values, ("reached", "resolved", "open"), strict=True):
            figure = shown[(stage, kind)]
            expected = {"fewer-than-5": "fewer than 5", "withheld": "withheld"}.get(
                figure["status"], str(figure["value"])
            )
            assert value == expected, (stage, kind)


def test_charts_never_draw_a_hidden_count_and_say_so(site: Path) -> None:
    """A hidden count is never printed, and never drawn as a zero or a gap (issue 23): its
    chart holds a hatched bar for it, keyed "Withheld, not zero", and the page says so."""
    document = json.loads((site / "data/figures.json").read_text(encoding="utf-8"))
    published = {str(f["value"]) for f in document["figures"] if f["status"] == "published"}
    hidden_any = False
    for chart in (site / "reports/charts").glob("*.svg"):
        drawn = re.findall(r'class="value[^"]*"[^>]*>([^<]*)<', chart.read_text(encoding="utf-8"))
        assert set(drawn) <= published, chart.name  # no hidden count is ever printed
    for name in ("stages", "timescales", "agencies", "categories"):
        html = page(site, f"reports/{name}")
        if "<td>fewer than 5</td>" in html or "<td>withheld</td>" in html:
            hidden_any = True
            assert "are drawn as hatched bars" in html, name
            svg = (site / f"reports/charts/{name}.svg").read_text(encoding="utf-8")
            hidden = html.count("<td>fewer than 5</td>") + html.count("<td>withheld</td>")
            hatched = svg.count("fill: url(#withheld)")
            assert "Withheld, not zero" in svg and '<pattern id="withheld"' in svg, name
            assert hatched >= 1 and hatched <= hidden, name  # one bar per hidden cell charted
    assert hidden_any


def test_the_about_page_names_the_rules_and_the_open_data_is_documented(site: Path) -> None:
    about = page(site, "about")
    for words in (
        "Office for National Statistics",
        "Department for Education",
        "Government Statistical Service",
        "fewer than 5",
        "withheld",
        "Each quarter released once",
        "another agency",
    ):
        assert words in about, words
    home = page(site, "")
    assert 'href="about/"' in home and 'href="data/"' in home
    data = page(site, "data")
    for column in (
        "schema_version",
        "publisher",
        "period",
        "table",
        "row",
        "column",
        "value",
        "status",
    ):
        assert f"<td>{column}</td>" in data, column
    assert 'href="figures.csv"' in data or 'href="../data/figures.csv"' in data

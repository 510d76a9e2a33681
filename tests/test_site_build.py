"""Real `disputes build` runs of a register in a real git repository, asserting on the HTML."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, run_cli, with_every_table
from gitrepo import GitRepo

AS_OF = "2026-11-22"
DEMO = ("PD-2025-0003", "PD-2026-0004", "PD-2026-0007", "PD-2026-0012", "PD-2026-0014")


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five demo records, the site's pages and mkdocs.yml, committed with a fixed author."""
    repo = GitRepo(tmp_path_factory.mktemp("site") / "register")
    for record_id in DEMO:
        source = next(REPO_ROOT.glob(f"records/*/{record_id}.md"))
        target = repo.path / source.relative_to(REPO_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copytree(REPO_ROOT / "site", repo.path / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.commit("Add five records", when="2026-11-01T10:00:00Z")
    return repo.path


def build(root: Path, profile: str, out: Path) -> tuple[int, str]:
    """Build the site; the exit status and everything the command said."""
    result = run_cli(
        ["build", "--root", str(root), "--profile", profile, "-d", str(out), "--as-of", AS_OF]
    )
    return result.exit_code, result.output


def built(register: Path, factory: pytest.TempPathFactory, profile: str) -> Path:
    """The register built with `profile`, which must succeed."""
    out = factory.mktemp(profile)
    code, output = build(register, profile, out)
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def internal(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(register, tmp_path_factory, "internal")


@pytest.fixture(scope="module")
def public(register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site with every table, few as the five records are (a small period
    publishes its totals only unless the policy says otherwise)."""
    every_table = with_every_table(register, tmp_path_factory.mktemp("tables") / "register")
    return built(every_table, tmp_path_factory, "public")


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_register_lists_every_record_with_filters(internal: Path) -> None:
    page = html(internal, "register")
    # The rows travel as JSON that register.js draws a page at a time (issue 13: thousands
    # of rows); every record is in it, and the script ships in the site.
    data = page.split('<script type="application/json" id="register-data">', 1)[1]
    rows = json.loads(data.split("</script>", 1)[0])
    assert sorted(row["id"] for row in rows) == sorted(DEMO)
    assert 'id="register-table"' in page and 'data-filter="agency"' in page
    assert "disputes/register.js" in page
    assert (internal / "disputes/register.js").is_file()


def test_record_page_has_timeline_sign_offs_and_audit(internal: Path) -> None:
    page = html(internal, "records/PD-2026-0007")
    assert "Stages and timescales" in page
    assert "2026-05-05 09:30+01:00" in page  # a date-time start, shown with its offset
    assert 'class="outcome-met"' in page
    assert "Ivy Notreal" in page  # the challenger manager's sign-off
    assert "Add five records" in page  # the audit trail, from git
    assert "clerk@lscp.example" not in page  # author emails hidden by default


def test_raw_html_in_a_body_is_shown_as_text(internal: Path) -> None:
    page = html(internal, "records/PD-2026-0014")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "onerror=alert" not in re.sub(r"&lt;img[^<]*", "", page)


def test_record_pages_are_not_in_the_navigation(internal: Path) -> None:
    nav = html(internal, "register").split('class="md-nav__list"', 1)[1].split("</nav>", 1)[0]
    assert "PD-2026-0007" not in nav


def lit_entries(page: str) -> list[str]:
    """The menu entries a page lights, by their address (the theme's active items)."""
    item = r'<li class="md-nav__item md-nav__item--active">(?:(?!</?li\b).)*?<a href="([^"]+)"'
    return re.findall(item, page, re.DOTALL)


@pytest.mark.parametrize(
    ("page", "entry"),
    [
        ("reports/stages", "./"),  # the theme's own: the page shown
        ("reports/2026/stages", "../../stages/"),  # a period's page: its report
        ("reports/2026-q4/agencies", "../../agencies/"),
        ("records/PD-2026-0007", "../../register/"),  # a record: the register
        ("register", "./"),
    ],
)
def test_a_page_outside_the_menu_lights_the_entry_standing_for_it(
    internal: Path, page: str, entry: str
) -> None:
    assert lit_entries(html(internal, page)) == [entry]


def test_lighting_an_entry_for_one_page_leaves_the_next_page_unlit(internal: Path) -> None:
    """MkDocs draws the pages in turn with one menu: each entry lit is put out again."""
    for built in internal.rglob("index.html"):
        assert len(lit_entries(built.read_text("utf-8"))) <= 1, built


def test_reports_have_tables_and_charts(internal: Path) -> None:
    for name in ("stages", "timescales", "agencies", "categories"):
        page = html(internal, f"reports/{name}")
        assert "<table" in page and ".svg" in page
    chart = (internal / "reports/charts/stages.svg").read_text(encoding="utf-8")
    assert chart.startswith("<svg") and "<script" not in chart
    assert "Publish a contact list" in html(internal, "reports/learning")


def test_schema_is_published(internal: Path) -> None:
    assert (internal / "schema/dispute.schema.json").read_text() == (
        REPO_ROOT / "schema/dispute.schema.json"
    ).read_text()


def test_public_site_has_aggregates_only(public: Path, register: Path) -> None:
    assert not (public / "register").exists()
    assert not (public / "records").exists()
    assert not (public / "new").exists()
    everything = "".join(
        p.read_text(errors="replace")
        for p in public.rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".svg"}
    )
    for record_id in DEMO:
        assert record_id not in everything
    assert "C-91" not in everything and "Ann Example" not in everything
    assert "fewer than 5" in html(public, "reports/stages")


def test_a_planted_leak_fails_the_public_build(register: Path, tmp_path: Path) -> None:
    leaky = tmp_path / "leaky"
    shutil.copytree(register, leaky)
    policy = leaky / "site/policy.md"
    policy.write_text(policy.read_text() + "\nSee PD-2026-0007 for an example.\n")
    code, output = build(leaky, "public", tmp_path / "out")
    assert code == 1
    assert "case-level details" in output and "record id 'PD-2026-0007'" in output


def test_public_tables_show_no_count_from_1_to_4(public: Path) -> None:
    for page in (
        "reports/stages",
        "reports/timescales",
        "reports/agencies",
        "reports/categories",
        "",
    ):
        rows = re.findall(r"<tr>(.*?)</tr>", html(public, page), re.DOTALL)
        counts = [c for row in rows for c in re.findall(r"<td>(.*?)</td>", row)[1:]]  # not labels
        assert counts, page
        assert not [n for n in counts if n.isdigit() and 1 <= int(n) <= 4], page


def test_public_search_index_has_no_record_text(public: Path) -> None:
    index = (public / "search/search_index.json").read_text(encoding="utf-8")
    assert "Summary of reason for dispute" not in index
    assert "PD-20" not in index


def test_internal_search_has_one_short_entry_per_record(internal: Path) -> None:
    """Record pages are left out of the theme's index (parsing them was 40% of the build);
    each has one entry naming its id, title and case reference, and no more of the record."""
    docs = json.loads((internal / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = [d for d in docs if d["location"].startswith("records/")]
    assert sorted(d["location"] for d in entries) == sorted(f"records/{i}/" for i in DEMO)
    first = next(d for d in entries if d["location"] == "records/PD-2026-0012/")
    assert first["title"].startswith("PD-2026-0012: ") and "C-910012" in first["text"]
    assert not any("Summary of reason for dispute" in d["text"] for d in entries)
    assert any(d["location"].startswith("guides/manager/") for d in docs)  # the rest indexed


def test_managers_are_named_without_their_emails(internal: Path) -> None:
    page = html(internal, "records/PD-2025-0003")
    assert "Ann Example, Detective Sergeant, Kent Police" in page
    assert "ann.example@police.example" not in page


def test_a_register_without_mkdocs_yml_still_builds(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    source = next(REPO_ROOT.glob("records/*/PD-2026-0007.md"))
    (root / "records/2026").mkdir(parents=True)
    shutil.copyfile(source, root / "records/2026/PD-2026-0007.md")
    code, output = build(root, "internal", tmp_path / "out")
    assert code == 0, output
    assert "PD-2026-0007" in html(tmp_path / "out", "register")
    assert "not a git repository" in output  # said plainly: no audit trail without git


def test_build_outside_a_register_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["build", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a disputes register" in result.output


def edited_policy(text: str) -> str:
    """policy.yml with other names and timescales than the ones the policy page once said."""
    for old, new in (
        ("name: Worker and supervisor", "name: The worker and their team leader"),
        ("{amount: 48, unit: hours}", "{amount: 72, unit: hours}"),
        ("{amount: 14, unit: days}", "{amount: 10, unit: working_days}"),
        ("referral_to_meeting: 20", "referral_to_meeting: 15"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def test_the_policy_page_shows_the_figures_of_the_policy_file(
    register: Path, tmp_path: Path
) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(register, changed)
    policy = changed / "schema/policy.yml"
    policy.write_text(edited_policy(policy.read_text(encoding="utf-8")), encoding="utf-8")
    code, output = build(changed, "internal", tmp_path / "out")
    assert code == 0, output
    page = html(tmp_path / "out", "policy")
    assert "The worker and their team leader" in page
    assert "concern raised with the other agency's manager within 72 hours" in page
    assert "resolved or escalated within 10 working days of the stage starting" in page
    assert (
        "an outcome reached within 2 months of the QAPM group's date; before the group has a "
        "date: the QAPM group meets within 15 working days of the referral"
    ) in page
    assert "48 hours" not in page and "14 days" not in page
    assert "{{" not in page
    assert "The worker and their team leader" in html(tmp_path / "out", "reports/stages")

"""The public profile cannot be turned off or widened from mkdocs.yml or site/.

Each attack edits a copy of a real register (git, site/, mkdocs.yml) and runs the real
`disputes build`; the honest register beside it builds.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, release, run_cli
from gitrepo import GitRepo

from disputes.site.build import build_site
from disputes.site.data import collect
from disputes.site.public import PublicLeak, check_public_site

AS_OF = "2026-11-22"
DEMO = ("PD-2025-0003", "PD-2026-0007", "PD-2026-0014")
THEME = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitRepo(tmp_path_factory.mktemp("profile") / "register")
    for record_id in DEMO:
        source = next(REPO_ROOT.glob(f"records/*/{record_id}.md"))
        target = repo.path / source.relative_to(REPO_ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copytree(REPO_ROOT / "site", repo.path / "site")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.commit("Add three records", when="2026-11-01T10:00:00Z")
    release(repo.path)
    return repo.path


@pytest.fixture
def register(honest: Path, tmp_path: Path) -> Path:
    """A copy of the honest register for one attack."""
    copy = tmp_path / "register"
    shutil.copytree(honest, copy)
    return copy


def build(root: Path, out: Path, profile: str = "public") -> tuple[int, str]:
    result = run_cli(
        ["build", "--root", str(root), "--profile", profile, "-d", str(out), "--as-of", AS_OF]
    )
    return result.exit_code, result.output


def set_plugin(root: Path, settings: str) -> None:
    """Replace the disputes plugin's settings in mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - disputes:")
    end = text.index("markdown_extensions:")
    config.write_text(text[:start] + settings + text[end:], encoding="utf-8")


def test_the_honest_register_builds_its_public_site(honest: Path, tmp_path: Path) -> None:
    code, output = build(honest, tmp_path / "out")
    assert code == 0, output
    # three disputes: fewer than the default 10, so the public figures are totals only
    assert "Totals only" in (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out/reports/stages").exists()
    assert not (tmp_path / "out/records").exists()


def test_mkdocs_yml_cannot_switch_the_public_build_to_internal(
    register: Path, tmp_path: Path
) -> None:
    set_plugin(register, "  - disputes:\n      profile: internal\n")
    code, output = build(register, tmp_path / "out")
    assert code == 2
    assert "mkdocs.yml sets `profile: internal`" in output and "this is a public build" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists()  # nothing was published


def test_nor_an_internal_build_to_public(register: Path, tmp_path: Path) -> None:
    set_plugin(register, "  - disputes:\n      profile: public\n")
    code, output = build(register, tmp_path / "out", profile="internal")
    assert code == 2
    assert "mkdocs.yml sets `profile: public`" in output


def test_a_plugin_without_a_profile_takes_the_commands(register: Path, tmp_path: Path) -> None:
    set_plugin(register, "  - disputes\n")
    code, output = build(register, tmp_path / "out")
    assert code == 0, output
    assert not (tmp_path / "out/records").exists()
    assert not (tmp_path / "out/register").exists()


def test_a_public_build_without_the_plugin_is_refused(register: Path, tmp_path: Path) -> None:
    set_plugin(register, "")
    code, output = build(register, tmp_path / "out")
    assert code == 2
    assert "does not use the disputes plugin" in output
    assert not (tmp_path / "out").exists()


def test_the_plugin_listed_twice_is_refused(register: Path, tmp_path: Path) -> None:
    set_plugin(register, "  - disputes\n  - disputes:\n      profile: internal\n")
    code, output = build(register, tmp_path / "out")
    assert code == 2
    assert "disputes plugin" in output


def test_mkdocs_yml_cannot_point_the_plugin_at_another_register(
    register: Path, tmp_path: Path
) -> None:
    """Else site/policy.md naming this register's cases would be checked against another
    (empty) register's records, and published."""
    empty = tmp_path / "empty"
    shutil.copytree(register / "schema", empty / "schema")
    (empty / "records").mkdir()
    policy = register / "site/policy.md"
    policy.write_text(policy.read_text() + "\nSee PD-2026-0007 for an example.\n")
    set_plugin(register, f"  - disputes:\n      root: {empty}\n")
    code, output = build(register, tmp_path / "out")
    assert code == 2
    assert "points the disputes plugin at another register" in output
    assert not (tmp_path / "out").exists()


def test_serve_refuses_a_conflicting_mkdocs_yml(register: Path) -> None:
    set_plugin(register, "  - disputes:\n      profile: internal\n")
    result = run_cli(["serve", "--root", str(register), "--profile", "public", "-a", "127.0.0.1:1"])
    assert result.exit_code == 2
    assert "mkdocs.yml sets `profile: internal`" in result.output


def test_serve_refuses_an_mkdocs_yml_that_ignores_the_profile(register: Path) -> None:
    set_plugin(register, "  - disputes\n")
    result = run_cli(["serve", "--root", str(register), "--profile", "public", "-a", "127.0.0.1:1"])
    assert result.exit_code == 2
    assert "does not pass the profile" in result.output


STRAYS = {
    "data.csv": "id,title\nPD-2026-0007,Threshold\n",
    "notes.yml": "case: PD-2026-0007\n",
    "old/page.htm": "<p>PD-2026-0007</p>",
    "export.tsv": "PD-2026-0007\tC-104233\n",
    "style.css": "/* PD-2026-0007 */",
    "app.webmanifest": '{"name": "PD-2026-0007"}',
    "README": "PD-2026-0007",
    "images/chart.png": "not really a png",
    "guides/extra.md": "# Extra\n",
}


def test_public_build_publishes_site_files_only_from_its_allow_list(
    register: Path, tmp_path: Path
) -> None:
    for name, text in STRAYS.items():
        path = register / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    code, output = build(register, tmp_path / "out")
    assert code == 0, output
    out = tmp_path / "out"
    for name in STRAYS:
        assert not (out / name).exists(), name
    assert not list(out.rglob("route-form*")) and not list(out.rglob("tablesort*"))
    assert not list(out.rglob("register.js"))
    assert (out / "policy/index.html").is_file()  # the one hand-written page on the list
    for path in out.rglob("*"):  # everything else is generated, or exactly the theme's
        rel = path.relative_to(out).as_posix()
        if path.is_dir() or rel in GENERATED or rel.startswith(GENERATED_FOLDERS):
            continue
        original = THEME / rel
        assert original.is_file() and original.read_bytes() == path.read_bytes(), rel


def test_a_custom_theme_dir_is_not_the_theme(register: Path, tmp_path: Path) -> None:
    """Files in a custom_dir are the register's own: not published as if they were the theme's."""
    overrides = register / "overrides"
    overrides.mkdir()
    (overrides / "cases.json").write_text('{"case": "PD-2026-0007"}', encoding="utf-8")
    config = register / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        encoding="utf-8",
    )
    code, output = build(register, tmp_path / "out")
    assert code == 0, output
    assert not (tmp_path / "out/cases.json").exists()
    code, output = build(register, tmp_path / "internal", profile="internal")
    assert code == 0 and (tmp_path / "internal/cases.json").exists()  # the override is live


GENERATED = {
    "index.html",
    "404.html",
    "policy/index.html",
    "sitemap.xml",
    "sitemap.xml.gz",
    "disputes/register.css",
    "disputes/a11y.js",
}
GENERATED_FOLDERS = ("reports/", "search/", "data/", "about/", "releases/")


def test_the_leak_check_runs_after_every_plugin(register: Path, tmp_path: Path) -> None:
    """A hook writing a record id once the disputes plugin has checked: still refused."""
    (register / "late.py").write_text(
        "from pathlib import Path\n\n\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'late.txt').write_text('PD-2026-0007')\n",
        encoding="utf-8",
    )
    config = register / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks: [late.py]\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.html").write_text("yesterday's site", encoding="utf-8")
    code, output = build(register, out)
    assert code == 1
    assert "late.txt: record id 'PD-2026-0007'" in output
    assert (out / "old.html").is_file()  # the refused build replaced nothing
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]  # no half-build


def test_a_public_build_replaces_the_previous_one(honest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.html").write_text("PD-2026-0007", encoding="utf-8")
    code, output = build(honest, out)
    assert code == 0, output
    assert not (out / "stale.html").exists()


def test_files_identical_to_the_themes_are_not_dispute_data(honest: Path, tmp_path: Path) -> None:
    """A theme file that happens to hold a record's id is the theme's, not a leak; the same
    text in any other file is."""
    data = collect(honest, __import__("datetime").date(2026, 11, 22), with_history=False)
    theme, site = tmp_path / "theme", tmp_path / "site"
    for folder in (theme / "assets", site / "assets"):
        folder.mkdir(parents=True)
        (folder / "vendor.js").write_text("/* built 2026-03-02 */ PD-2026-0007", "utf-8")
    check_public_site(site, data, [theme])  # byte-identical: not a leak
    (site / "assets/vendor.js").write_text("/* built 2026-03-02 */ PD-2026-0007 ", "utf-8")
    with pytest.raises(PublicLeak, match="assets/vendor.js: record id 'PD-2026-0007'"):
        check_public_site(site, data, [theme])


def test_a_build_ignores_a_profile_left_in_the_environment(
    honest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_site (as `disputes check` calls it) builds the profile it is given, even after an
    earlier public build in the same process left DISPUTES_PROFILE=public behind."""
    monkeypatch.setenv("DISPUTES_PROFILE", "public")
    build_site(honest / "mkdocs.yml", tmp_path / "out")
    assert (tmp_path / "out/records/PD-2026-0007/index.html").is_file()  # internal, as asked
    assert os.environ["DISPUTES_PROFILE"] == "public"  # and the environment is as it was

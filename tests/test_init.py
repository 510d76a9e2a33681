"""`disputes init`: a clean register from the tool's templates, and `init --upgrade`.

Real git repositories in tmp_path, the real commands run in them; the templates are the
ones this checkout ships (tests/test_release.py does the same from a built wheel).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT, run_cli
from gitrepo import CLERK, RECORD, as_identity, fixture_record
from test_serve import served_page

from disputes import __version__
from disputes.edit.manifest import OWN, SHARED
from disputes.edit.start import next_requirement
from disputes.edit.templates import pin_text, site_name, template_files

NAME = "Northshire Safeguarding Partnership"
AGENCIES = ["Kent Police", "Children's Social Care", "Northshire & Wold NHS Trust: Community"]


@pytest.fixture
def as_clerk(isolated_git: None, monkeypatch: pytest.MonkeyPatch) -> None:
    as_identity(monkeypatch, CLERK, "2026-11-20T10:00:00Z")


def init(folder: Path, *extra: str, input: str | None = None) -> tuple[int, str]:
    args = ["init", str(folder), *extra]
    if not {"--name", "--agency"} & set(extra) and input is None:
        args += ["--name", NAME, *(a for agency in AGENCIES for a in ("--agency", agency))]
    result = run_cli(args, input=input)
    return result.exit_code, result.output


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def test_a_new_register_has_no_records_and_every_command_works(
    tmp_path: Path, as_clerk: None
) -> None:
    root = tmp_path / "northshire"
    code, output = init(root)
    assert code == 0, output
    assert f"Started the register '{NAME}' in {root}" in output
    assert git(root, "log", "--format=%s").splitlines() == [f"Start the register: {NAME}"]
    assert git(root, "status", "--porcelain") == ""
    assert not (root / "records").exists()
    assert "allowed_signers" not in git(root, "ls-files")
    # The partnership's name and agencies, read back by the tool itself.
    from disputes.records.config import load_agencies

    assert load_agencies(root) == AGENCIES
    assert site_name(root) == NAME
    assert (root / "requirements.txt").read_text().splitlines()[-1] == f"disputes=={__version__}"
    for command, says in [
        (["validate", "--strict"], "0 records checked: no problems found."),
        (["verify"], "0 records checked: no problems found."),
        (["overdue", "--fail-if-any"], "No open dispute is past a deadline"),
        (["report", "--format", "json"], '"totals"'),
        (["list"], ""),
    ]:
        result = run_cli([*command, "--root", str(root)])
        assert result.exit_code == 0, (command, result.output)
        assert says in result.stdout
    for profile in ("internal", "public"):
        site = tmp_path / profile
        result = run_cli(["build", "--root", str(root), "--profile", profile, "-d", str(site)])
        assert result.exit_code == 0, result.output
        home = (site / "index.html").read_text()
        # the public site publishes releases only, and a new register has made none
        assert (
            "No disputes are recorded" if profile == "internal" else "No figures published yet"
        ) in home
    register = (tmp_path / "internal" / "register" / "index.html").read_text()
    assert "0 disputes" in register
    assert git(root, "status", "--porcelain") == ""  # the build wrote into build/ (ignored)


def test_a_new_register_is_served_at_once(tmp_path: Path, as_clerk: None) -> None:
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    page = served_page(root, "/")
    assert NAME in page and "No disputes are recorded yet" in page


def test_init_writes_this_repositorys_own_register_files(tmp_path: Path, as_clerk: None) -> None:
    """The demo register's files are the templates: filled in with the demo's own name and
    agencies, `init` writes them byte for byte (only those two may differ, by design)."""
    demo_name = site_name(REPO_ROOT)
    demo_agencies = yaml.safe_load((REPO_ROOT / "schema/agencies.yml").read_text())["agencies"]
    root = tmp_path / "demo"
    args = ["--name", demo_name, *(a for agency in demo_agencies for a in ("--agency", agency))]
    assert init(root, *args)[0] == 0
    shared = [
        t.path for t in template_files() if t.path in SHARED or t.path.split("/")[0] in SHARED
    ]
    assert "site/guides/administrator.md" in shared and ".github/workflows/pr-check.yml" in shared
    for path in shared:
        assert (root / path).read_bytes() == (REPO_ROOT / path).read_bytes(), path
    # Another partnership's register differs from the demo in those two places only.
    other = tmp_path / "other"
    assert init(other)[0] == 0
    for path in shared:
        if path not in ("mkdocs.yml", "schema/agencies.yml"):
            assert (other / path).read_bytes() == (REPO_ROOT / path).read_bytes(), path
    assert set(OWN) <= {t.path for t in template_files()}


@pytest.mark.parametrize(
    "setup", ["a file", "a record", "an unrelated repository", "a register", "itself a file"]
)
def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, as_clerk: None, setup: str
) -> None:
    folder = tmp_path / "here"
    if setup == "a register":
        assert init(folder)[0] == 0
    elif setup == "itself a file":
        folder = tmp_path / "here.txt"
        folder.write_text("ours\n")
    else:
        folder.mkdir()
        if setup == "a file":
            (folder / "notes.txt").write_text("ours\n")
        elif setup == "a record":
            (folder / RECORD).parent.mkdir(parents=True)
            (folder / RECORD).write_text(fixture_record())
        else:
            git(folder, "init", "-q")
            (folder / "x").write_text("x\n")
            git(folder, "add", "x")
            git(folder, "commit", "-qm", "x")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    code, output = init(folder)
    assert code == 2
    if setup == "itself a file":
        assert "is a file: give the name of a new or empty folder" in output
        assert folder.read_text() == "ours\n"
    elif setup == "a register":
        assert "is already a register" in output and "disputes init --upgrade" in output
    else:
        assert "is not empty" in output and "is not a register" in output
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert "Traceback" not in output


def test_init_into_an_empty_clone_keeps_its_git_folder(tmp_path: Path, as_clerk: None) -> None:
    folder = tmp_path / "clone"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "remote", "add", "origin", "https://example.invalid/register.git")
    assert init(folder)[0] == 0
    assert git(folder, "remote").strip() == "origin"
    assert len(git(folder, "log", "--format=%H").splitlines()) == 1


def test_init_that_cannot_commit_leaves_nothing_behind(
    tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")  # no name or email, and no guessing one
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    for folder, existed in [(tmp_path / "new", False), (tmp_path / "empty", True)]:
        if existed:
            folder.mkdir()
        code, output = init(folder)
        assert code == 2
        assert "git does not know who you are" in output
        assert 'git config --global user.name "Your Name"' in output
        assert folder.exists() == existed and (not existed or not any(folder.iterdir()))


def test_init_asks_for_the_name_and_agencies(tmp_path: Path, as_clerk: None) -> None:
    answers = f"  {NAME}  \nKent Police\nkent police\n\nChildren's Social Care\n\n"
    code, output = init(tmp_path / "asked", "--tool", "disputes==9.9.9", input=answers)
    assert code == 0, output
    assert "'kent police' is given twice (as 'Kent Police')" in output
    assert "name at least two agencies" in output
    root = tmp_path / "asked"
    assert yaml.safe_load((root / "schema/agencies.yml").read_text())["agencies"] == [
        "Kent Police",
        "Children's Social Care",
    ]
    assert (root / "requirements.txt").read_text().splitlines()[-1] == "disputes==9.9.9"


def test_init_without_a_terminal_names_the_options(tmp_path: Path, as_clerk: None) -> None:
    code, output = init(tmp_path / "x", "--agency", "A")
    assert code == 2 and "--name is needed" in output
    code, output = init(tmp_path / "x", "--name", "N", "--agency", "Only one")
    assert code == 2 and "name at least two agencies" in output
    code, output = init(tmp_path / "x", "--name", "Line\nbreak", "--agency", "A", "--agency", "B")
    assert code == 2 and "on one line" in output
    assert not (tmp_path / "x").exists()


def upgraded_from_an_older_version(root: Path) -> dict[str, bytes]:
    """A register as an older tool left it, with records and the partnership's own edits."""
    (root / "site/guides/manager.md").write_text("An older guide.\n")
    (root / ".github/workflows/verify.yml").unlink()
    (root / "requirements.txt").write_text(pin_text("disputes==0.1.0"))
    policy = root / "schema/policy.yml"
    policy.write_text(policy.read_text() + "# Our partnership's review, 2026.\n")
    (root / RECORD).parent.mkdir(parents=True)
    (root / RECORD).write_text(fixture_record())
    git(root, "add", "-A")
    git(root, "commit", "-qm", "As an older tool left it, with a record")
    return {
        p: (root / p).read_bytes()
        for p in (RECORD, "schema/policy.yml", "schema/agencies.yml", ".github/CODEOWNERS")
    }


def test_upgrade_shows_the_changes_then_writes_the_tools_files_only(
    tmp_path: Path, as_clerk: None
) -> None:
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    kept = upgraded_from_an_older_version(root)
    result = run_cli(["init", "--upgrade", str(root)], input="n\n")
    assert result.exit_code == 0
    assert "--- a/site/guides/manager.md\n+++ b/site/guides/manager.md\n" in result.stdout
    assert "-An older guide.\n" in result.stdout
    assert "--- /dev/null\n+++ b/.github/workflows/verify.yml\n" in result.stdout
    assert f"-disputes==0.1.0\n+disputes=={__version__}\n" in result.stdout
    assert "3 files to write" in result.stdout and "Nothing was changed." in result.stdout
    assert git(root, "status", "--porcelain") == ""
    result = run_cli(["init", "--upgrade", str(root), "--yes"])
    assert result.exit_code == 0 and "records were not touched" in result.stdout
    assert (root / "site/guides/manager.md").read_bytes() == (
        REPO_ROOT / "site/guides/manager.md"
    ).read_bytes()
    assert (root / ".github/workflows/verify.yml").is_file()
    assert f"disputes=={__version__}" in (root / "requirements.txt").read_text()
    assert {p: (root / p).read_bytes() for p in kept} == kept
    assert NAME in (root / "mkdocs.yml").read_text()
    assert sorted(git(root, "status", "--porcelain").split("\n")) == sorted(
        ["", " M requirements.txt", " M site/guides/manager.md", "?? .github/workflows/verify.yml"]
    )
    again = run_cli(["init", "--upgrade", str(root)])
    assert again.exit_code == 0 and "already those of disputes" in again.stdout


def test_upgrade_without_a_terminal_needs_yes(tmp_path: Path, as_clerk: None) -> None:
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    (root / "site/policy.md").write_text("old\n")
    result = run_cli(["init", "--upgrade", str(root)])
    assert result.exit_code == 2 and "--yes is needed" in result.output
    assert (root / "site/policy.md").read_text() == "old\n"
    result = run_cli(["init", "--upgrade", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "is not a disputes register" in result.output


@pytest.mark.parametrize(
    ("pinned", "moved"),
    [
        ("disputes==0.1.0", f"disputes=={__version__}"),
        (
            "disputes @ git+https://github.com/ours/disputes@v0.1.0",
            f"disputes @ git+https://github.com/ours/disputes@v{__version__}",
        ),
        (".", "."),
        ("disputes", "disputes"),
        ("", f"disputes=={__version__}"),
    ],
)
def test_upgrade_moves_the_pin_in_the_form_the_partnership_chose(pinned: str, moved: str) -> None:
    assert next_requirement(pinned) == moved


def test_a_pin_changed_beside_a_record_is_refused(tmp_path: Path, as_clerk: None) -> None:
    """A pull request cannot choose the tool that judges its own records."""
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    git(root, "checkout", "-q", "-b", "pr")
    (root / RECORD).parent.mkdir(parents=True)
    (root / RECORD).write_text(fixture_record())
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Open PD-2026-0007")
    honest = run_cli(["check", "--base", "main", "--root", str(root)])
    assert honest.exit_code == 0, honest.output
    (root / "requirements.txt").write_text("disputes @ git+https://example.invalid/ours@evil\n")
    git(root, "commit", "-qam", "And a tool of our own")
    result = run_cli(["check", "--base", "main", "--root", str(root), "--format", "json"])
    assert result.exit_code == 1
    messages = [f"{i['file']}: {i['message']}" for i in json.loads(result.stdout)]
    assert any(
        re.match(
            r"requirements\.txt: this change alters the register's configuration "
            r"\(everything outside records/\) and its records together",
            m,
        )
        for m in messages
    ), messages


def test_odd_names_are_written_as_yaml_that_reads_back_the_same(
    tmp_path: Path, as_clerk: None
) -> None:
    name = 'Wold: "North" & Fen #1 \\ partnership'
    agencies = ["- Police", "Health: acute", "#Schools", "'Quoted'", "Yes"]
    root = tmp_path / "odd"
    args = ["--name", name, *(a for agency in agencies for a in ("--agency", agency))]
    assert init(root, *args)[0] == 0
    from disputes.records.config import load_agencies

    assert site_name(root) == name and load_agencies(root) == agencies
    result = run_cli(["build", "--root", str(root), "-d", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output


def test_upgrade_keeps_the_registers_own_site_settings(tmp_path: Path, as_clerk: None) -> None:
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text()
        .replace(
            "site_name: Northshire Safeguarding Partnership\n",
            "site_name: Northshire SP\nrepo_url: https://github.com/northshire/register\n",
        )
        .replace("  palette:\n", "  palette:  # ours\n")
    )
    ours = mkdocs.read_text()
    result = run_cli(["init", "--upgrade", str(root), "--yes"])
    assert result.exit_code == 0, result.output
    upgraded = mkdocs.read_text()
    assert (
        "site_name: Northshire SP\nrepo_url: https://github.com/northshire/register\n" in upgraded
    )
    assert "  palette:\n" in upgraded  # the tool's settings are the tool's
    assert upgraded != ours


def test_upgrade_refuses_to_take_a_register_back_to_an_older_tool(
    tmp_path: Path, as_clerk: None
) -> None:
    root = tmp_path / "northshire"
    assert (
        init(root, "--name", NAME, "--agency", "A", "--agency", "B", "--tool", "disputes==99.0.0")[
            0
        ]
        == 0
    )
    (root / "site/policy.md").write_text("changed\n")
    result = run_cli(["init", "--upgrade", str(root), "--yes"])
    assert result.exit_code == 2
    assert f"uses disputes 99.0.0 (requirements.txt), newer than the {__version__}" in result.output
    assert (root / "site/policy.md").read_text() == "changed\n"


def test_upgrade_never_writes_through_a_link_into_the_records(
    tmp_path: Path, as_clerk: None
) -> None:
    """A folder of the tool's replaced by a link to records/: the upgrade would overwrite
    records with guides. It refuses, and every record stays as it was."""
    root = tmp_path / "northshire"
    assert init(root)[0] == 0
    records = root / "records" / "2026"
    records.mkdir(parents=True)
    for name in ("manager.md", "administrator.md"):
        (records / name).write_text(fixture_record())
    guides = root / "site" / "guides"
    shutil.rmtree(guides)  # its pages and their screenshots
    guides.symlink_to(records, target_is_directory=True)
    result = run_cli(["init", "--upgrade", str(root), "--yes"])
    assert result.exit_code == 2
    assert "site/guides/administrator.md: site/guides is a symbolic link" in result.output
    assert all(
        (records / n).read_text() == fixture_record() for n in ("manager.md", "administrator.md")
    )


def test_a_new_registers_codeowners_send_records_and_configuration_for_review() -> None:
    (codeowners,) = [t.text for t in template_files() if t.path == ".github/CODEOWNERS"]
    rules = {
        line.split()[0]
        for line in codeowners.splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {
        "/records/",
        "/schema/",
        "/schema/allowed_signers",
        "/requirements.txt",
        "/mkdocs.yml",
        "/site/",
        "/.github/",
    } <= rules
    assert not [r for r in rules if r.startswith(("/tools/", "/tests/"))]  # no tool in it


# This repository's own files in the register's folders that a new register must not get.
NOT_FOR_A_REGISTER = {
    "schema/allowed_signers",  # the demo managers' keys: each partnership lists its own
    ".github/CODEOWNERS",  # names the tool's maintainers; a register gets its own template
    ".github/workflows/tool.yml",  # the tool's own tests
}


def test_every_register_file_of_this_repository_is_a_template() -> None:
    """A schema file, workflow or example added here reaches new registers (or is listed
    above as this repository's own): the manifest cannot silently fall behind."""
    ours = set(
        git(
            REPO_ROOT, "ls-files", "schema", "site", ".github", "examples", "mkdocs.yml"
        ).splitlines()
    )
    shipped = {t.path for t in template_files()}
    assert sorted(ours - shipped - NOT_FOR_A_REGISTER) == []
    assert "schema/allowed_signers" not in shipped

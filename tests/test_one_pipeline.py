"""Issue 20: one validation pipeline, whether the texts come from disk, a stream or git.

There were four validation drivers (`validate_register`, `validate_streamed`,
`validate_sources` for the gate, `validate_text` for an edit) and three duplicate-id checks,
one of them in other words ("already used by"); and `REGISTER_RULES`, where a rule across
the register goes, was only read to write the Record format page, so a rule added there
was documented and never run. Now every driver is `run_pipeline` over (file, text)
sources, and the rules across the register are exactly those in the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import MakeRegister, run_cli, valid_record_text

from disputes.records import registerrules
from disputes.records.config import load_schema
from disputes.records.model import Issue
from disputes.records.registerrules import Seen
from disputes.records.rulebook import rule_catalogue
from disputes.records.snapshot import validate_sources
from disputes.records.streamed import validate_streamed
from disputes.records.validate import validate_register, validate_text

TODAY = date(2026, 11, 22)
ONE = "records/2026/PD-2026-0007.md"
TWIN = "records/2025/PD-2026-0007.md"  # the same id in another file


def no_more_than_one_record(seen: Seen) -> Iterator[Issue]:
    """A register holds at most one record (a rule made up for this test)."""
    if len(seen.files) > 1:
        for file in seen.files:
            yield Issue(file, 1, "", f"one of {len(seen.files)} records; at most one allowed")


@pytest.fixture
def added_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    rules = [*registerrules.REGISTER_RULES, ("one_record", no_more_than_one_record, "error")]
    monkeypatch.setattr(registerrules, "REGISTER_RULES", rules)
    return "one of 2 records; at most one allowed"


def test_a_rule_added_to_the_list_is_documented_and_run(
    make_register: MakeRegister, added_rule: str
) -> None:
    root = make_register(
        {
            ONE: valid_record_text(),
            "records/2026/PD-2026-0008.md": valid_record_text("PD-2026-0008"),
        }
    )
    documented = {r.name: r for r in rule_catalogue()}["one_record"]
    assert documented.scope == "register" and "at most one record" in documented.explanation
    # Run by every driver: on disk, streamed (the command), from git (the gate).
    assert added_rule in {i.message for i in validate_register(root, today=TODAY).issues}
    assert added_rule in {i.message for i in validate_streamed(root, today=TODAY).issues}
    sources = {f"records/2026/{p.name}": p.read_text() for p in (root / "records/2026").iterdir()}
    gate = validate_sources(sources, load_schema(root), [], today=TODAY)
    assert added_rule in {i.message for i in gate.errors}
    result = run_cli(["validate", "--root", str(root), "--as-of", "2026-11-22"])
    assert result.exit_code == 1 and added_rule in result.output, result.output


def test_a_rule_taken_from_the_list_is_not_run(
    make_register: MakeRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register({ONE: valid_record_text(), TWIN: valid_record_text()})
    assert any(i.path == "id" for i in validate_register(root, today=TODAY).issues)
    monkeypatch.setattr(
        registerrules,
        "REGISTER_RULES",
        [r for r in registerrules.REGISTER_RULES if r[0] != "unique_ids"],
    )
    assert not any(i.path == "id" for i in validate_register(root, today=TODAY).issues)


def test_every_driver_finds_a_duplicate_id_in_the_same_words(make_register: MakeRegister) -> None:
    """Before, an edit said "already used by", the others "also used by ...; every record
    needs its own id": three checks, two texts."""
    root = make_register({ONE: valid_record_text(), TWIN: valid_record_text()})

    def said(issues: list[Issue]) -> list[tuple[str, int, str]]:
        return [(i.file, i.line, i.message) for i in issues if i.file == ONE and i.path == "id"]

    on_disk = said(validate_register(root, today=TODAY).issues)
    assert len(on_disk) == 1 and f"also used by {TWIN}; every record" in on_disk[0][2]
    assert said(validate_register(root, [root / ONE], today=TODAY).issues) == on_disk
    assert said(validate_streamed(root, today=TODAY).issues) == on_disk
    assert said(validate_streamed(root, [root / ONE], today=TODAY).issues) == on_disk
    assert said(validate_text(valid_record_text(), ONE, root, today=TODAY)) == on_disk
    texts = {ONE: valid_record_text(), TWIN: valid_record_text()}
    assert said(validate_sources(texts, load_schema(root), [], today=TODAY).issues) == on_disk


def test_the_listed_agencies_rule_is_documented_as_the_record_rule_it_is() -> None:
    rules = {r.name: r for r in rule_catalogue()}
    assert rules["listed_agencies"].scope == "record"
    assert rules["listed_agencies"].severity == "warning"
    assert {name for name, _, _ in registerrules.REGISTER_RULES} == {
        r.name for r in rules.values() if r.scope == "register"
    }


def test_the_pipeline_reads_a_source_that_could_not_be_read(tmp_path: Path) -> None:
    from disputes.records.frontmatter import FileProblem

    found = validate_sources(
        {ONE: FileProblem("the file cannot be read (gone)", 1)},
        load_schema(Path(__file__).parent.parent),
        [],
        today=TODAY,
    )
    assert [(i.file, i.message) for i in found.issues] == [(ONE, "the file cannot be read (gone)")]
    assert found.checked == 1

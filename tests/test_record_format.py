"""The Record format page: made from the schema, the rules and the example record, never stale."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import markdown
from conftest import REPO_ROOT, MakeRegister, run_cli

from disputes.records.rulebook import rule_catalogue
from disputes.records.rules import RULES, WARNING_RULES
from disputes.records.schemadoc import example_record, schema_fields
from disputes.site.pages.format_guide import field_name, record_format_page

SCHEMA = json.loads((REPO_ROOT / "schema" / "dispute.schema.json").read_text("utf-8"))


def _property_names(node: object) -> set[str]:
    """Every key under any `properties` in the schema, found without the page's own walker."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= _property_names(value)
    elif isinstance(node, list):
        for item in node:
            found |= _property_names(item)
    return found


def test_every_schema_field_is_on_the_page_with_its_meaning() -> None:
    page = record_format_page(SCHEMA)
    listed = {f.path.rsplit(".", 1)[-1].removeprefix("stages[]") for f in schema_fields(SCHEMA)}
    assert _property_names(SCHEMA) <= listed
    for field in schema_fields(SCHEMA):
        assert f"| {field_name(field.path)} |" in page
        assert field.example or field.kind.endswith("section"), f"{field.path}: no example"
    assert "| <code>stages[].<wbr>challenger_<wbr>manager.<wbr>email</code> |" in page
    assert "`ann.lee@police.example`" in page  # examples come from the example record


def test_a_field_added_to_the_schema_appears_on_the_page() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["review_date"] = {
        "title": "Review date",
        "description": "When the partnership reviews it.",
        "$ref": "#/$defs/date",
    }
    page = record_format_page(schema)
    assert (
        "| <code>review_<wbr>date</code> | **Review date**. When the partnership reviews it. | date |"
        in page
    )


def test_every_rule_is_named_once_and_explained() -> None:
    page = record_format_page(SCHEMA)
    for rule in (*RULES, *WARNING_RULES):
        assert page.count(f"**`{rule.__name__}`**") == 1
        assert rule.__doc__ and " ".join(rule.__doc__.split()).replace("<", "&lt;") in page
    names = [r.name for r in rule_catalogue()]
    assert len(names) == len(set(names))
    assert {"unique_ids", "file_place", "listed_agencies"} <= set(names)


def test_the_example_record_is_valid(make_register: MakeRegister) -> None:
    root = make_register({"records/2026/PD-2026-0007.md": example_record()})
    result = run_cli(["validate", "--root", str(root), "--as-of", "2026-11-22", "--strict"])
    assert result.exit_code == 0, result.output


def test_the_site_has_the_page(make_register: MakeRegister, tmp_path: Path) -> None:
    root = make_register({"records/2026/PD-2026-0007.md": example_record()})
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "site", root / "site")
    out = tmp_path / "out"
    result = run_cli(["build", "--root", str(root), "-d", str(out), "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    html = (out / "guides" / "record-format" / "index.html").read_text("utf-8")
    assert "<code>child.<wbr>reference</code>" in html and "unique_ids" in html
    assert 'href="guides/record-format/"' in (out / "index.html").read_text("utf-8")


def test_a_rules_words_reach_the_reader_as_written() -> None:
    """Bug: `records/<year opened>/<id>.md` in a rule's explanation was read as HTML tags
    and shown as "records//.md"."""
    rendered = markdown.markdown(record_format_page(SCHEMA))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())
    assert "(error, each record): The file is records/<year opened>/<id>.md." in text
    for rule in rule_catalogue():
        assert rule.explanation.replace("`", "") in text, rule.name

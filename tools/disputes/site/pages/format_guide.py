"""The "Record format" page: every field of the schema and every rule, made from the code itself."""

from __future__ import annotations

from typing import Any

from disputes.records.rulebook import rule_catalogue
from disputes.records.schemadoc import example_record, schema_fields
from disputes.records.text import TEXT_RULE

INTRO = """\
# Record format

Each dispute is one file, `records/<year opened>/<id>.md`. Its top part, between two lines
of three dashes, holds the facts as `field: value` lines; below it is the form's text under its headings.
This page is made from the register's own schema (`schema/dispute.schema.json`) and from the
checks that `disputes validate` runs, so it always says what the checks apply.

In a field's name, `stages[]` means "each entry under `stages:`", and a dot means "inside":
`challenger.agency` is the `agency:` line indented under `challenger:`.

{text_rule}
"""


def _words(text: str) -> str:
    """Text as written, on one line: no raw markup (`<id>` is words, not a tag)."""
    return " ".join(text.replace("<", "&lt;").split())


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no raw markup, no column breaks, one line."""
    return _words(text.replace("|", "\\|"))


def field_name(path: str) -> str:
    """A field's name as code that may wrap after a dot or an underscore (long names fit)."""
    return "<code>" + path.replace(".", ".<wbr>").replace("_", "_<wbr>") + "</code>"


def record_format_page(schema: dict[str, Any]) -> str:
    """The page's Markdown: the fields as a table, then the rules, each named once."""
    lines = [
        INTRO.format(text_rule=TEXT_RULE),
        "## Fields",
        "",
        "| Field | Meaning | Value | Example |",
        "|---|---|---|---|",
    ]
    for field in schema_fields(schema):
        needed = " **(required)**" if field.required else ""
        meaning = f"**{field.title}**{needed}. {field.description}".strip()
        example = f"`{field.example}`" if field.example else ""
        lines.append(
            f"| {field_name(field.path)} | {_cell(meaning)} | {_cell(field.kind)} | {_cell(example)} |"
        )
    lines += ["", "## The checks", ""]
    lines += [
        "Beyond the fields above, `disputes validate` applies these rules. An **error** fails",
        "the check; a **warning** fails it only with `--strict` (as CI runs it).",
        "",
    ]
    for rule in rule_catalogue():
        where = "each record" if rule.scope == "record" else "the whole register"
        lines.append(f"- **`{rule.name}`** ({rule.severity}, {where}): {_words(rule.explanation)}")
    lines += ["", "## A complete example", "", "A fictional record with every part filled in:", ""]
    lines += ["```yaml", example_record().rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"

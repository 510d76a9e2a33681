"""Every command explains itself with an example, and is documented for its users."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from disputes.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "site/guides").glob("*.md"))]
COMMANDS = sorted(main.commands)


def help_text(*args: str) -> str:
    """`disputes ... --help`, which must succeed."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="disputes")
    assert result.exit_code == 0, result.output
    return result.output


def example_section(text: str) -> str:
    """The help text from its "Example:" (or "Examples:") line on, up to the options."""
    match = re.search(r"^\s*Examples?:\s*$(.*?)(?=^Options:|\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def test_the_main_help_has_an_example() -> None:
    assert re.search(r"^\s+disputes \w+", example_section(help_text()), re.M)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_an_example(name: str) -> None:
    text = help_text(name)
    example = example_section(text)
    assert example, f"`disputes {name} --help` has no 'Example:' section:\n{text}"
    assert re.search(rf"^\s+disputes {name}\b", example, re.M), (
        f"the example in `disputes {name} --help` does not show `disputes {name} ...`:\n{text}"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented(name: str) -> None:
    pattern = re.compile(rf"\bdisputes {name}\b")
    places = [path.name for path in DOCUMENTS if pattern.search(path.read_text(encoding="utf-8"))]
    assert places, (
        f"`disputes {name}` is not mentioned in README.md or site/guides/*.md: "
        "say there what it is for, with an example"
    )

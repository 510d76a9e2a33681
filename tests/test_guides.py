"""The guides' terminal examples, run in a copy of a register: what they show is what happens.

A guide's ```console block holds `$ command` lines, each followed by its expected
output. In expected output a line `...` stands for any lines, `...` inside a line for
any text, and a commit hash for any hash of the same length. A ```markdown block after
`<!-- guide: fill FILE -->` is written into FILE: the text under each `## heading` in
the block goes under the same heading in the file. Each guide's examples run once, in
order, in a git repository holding tests/fixtures/guides/ (branch main), on a pinned day;
each example's test then judges what it printed. Every command must succeed.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from disputes.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDES = sorted((ROOT / "site/guides").glob("*.md"))
FIXTURE = ROOT / "tests/fixtures/guides"
TODAY = "2026-04-20"  # the day the guides' examples are run on
MOMENT = f"{TODAY}T10:00:00+00:00"
FENCE = re.compile(r"^```(\w*)\s*$")
FILL = re.compile(r"^<!-- guide: fill (\S+) -->$")
HASH = re.compile(r"\b[0-9a-f]{7,40}\b")


@dataclass(frozen=True)
class Step:
    """One thing a guide shows: a command and its output, or text written into a file."""

    guide: str
    line: int
    command: str  # `$ ...` line without the `$ `, or "fill FILE"
    expected: str  # the output shown, or the Markdown to write

    @property
    def name(self) -> str:
        """How the step appears in test ids and messages."""
        return f"{self.guide}:{self.line}: {self.command.split(' --')[0][:60]}"


def blocks(text: str) -> list[tuple[int, str, list[str], str | None]]:
    """Fenced blocks: (first line number, language, lines, fill target or None)."""
    lines = text.splitlines()
    found, index = [], 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        end = next(j for j in range(index + 1, len(lines)) if lines[j].startswith("```"))
        before = [line for line in lines[:index] if line.strip()][-1:]
        fill = FILL.match(before[0].strip()) if before else None
        found.append(
            (index + 2, match.group(1), lines[index + 1 : end], fill.group(1) if fill else None)
        )
        index = end + 1
    return found


def console_steps(guide: str, first: int, lines: list[str]) -> list[Step]:
    """`$ command` lines (continued by a trailing backslash) and the output after each."""
    found: list[tuple[int, list[str], list[str]]] = []
    for number, line in enumerate(lines, first):
        if line.startswith("$ "):
            found.append((number, [line[2:]], []))
        elif found and found[-1][1][-1].endswith("\\") and not found[-1][2]:
            found[-1][1].append(line)
        elif found:
            found[-1][2].append(line)
    return [
        Step(
            guide,
            number,
            " ".join(part.removesuffix("\\").strip() for part in command),
            "\n".join(output),
        )
        for number, command, output in found
    ]


def guide_steps(path: Path) -> list[Step]:
    """Every step of one guide, in order."""
    steps: list[Step] = []
    for first, language, lines, fill in blocks(path.read_text(encoding="utf-8")):
        if language == "console":
            steps += console_steps(path.name, first, lines)
        elif fill:
            steps.append(Step(path.name, first, f"fill {fill}", "\n".join(lines)))
    return steps


STEPS = {path.name: guide_steps(path) for path in GUIDES}


def missing_commands(steps: list[Step]) -> list[str]:
    """The `disputes` commands these steps use that the CLI does not have (yet)."""
    names = [shlex.split(s.command)[1] for s in steps if s.command.startswith("disputes ")]
    return sorted({name for name in names if name not in main.commands})


def make_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the guides' register as a git repository on branch main, as cwd."""
    folder = tmp_path / "register"
    shutil.copytree(FIXTURE, folder)
    shutil.copytree(ROOT / "schema", folder / "schema")
    for name, value in {
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": MOMENT,
        "GIT_COMMITTER_DATE": MOMENT,
        "HOME": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(folder)
    for command in (
        "git init -q -b main",
        "git config user.name 'Business Unit'",
        "git config user.email business.unit@partnership.example",
        "git add -A",
        "git commit -q -m 'The register'",
    ):
        subprocess.run(shlex.split(command), check=True)
    return folder


@dataclass(frozen=True)
class Outcome:
    """What one step did when its guide was walked: its output, or why it has none."""

    output: str = ""
    failure: str = ""  # the step failed, or did not run because an earlier one failed
    skipped: str = ""  # the step needs a command this CLI does not have


def walk(steps: list[Step], tmp_path: Path) -> list[Outcome]:
    """Carry out every step of a guide once, in order, in one register: each step's outcome."""
    outcomes: list[Outcome] = []
    broken = ""
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = make_register(tmp_path, monkeypatch)
        for index, step in enumerate(steps):
            missing = missing_commands(steps[: index + 1])
            if missing:
                outcomes.append(
                    Outcome(
                        skipped=(
                            f"needs `disputes {'`, `disputes '.join(missing)}`, which this CLI does "
                            "not have yet (another part of the project adds it)"
                        )
                    )
                )
            elif broken:
                outcomes.append(Outcome(failure=f"not run: an earlier step failed ({broken})"))
            else:
                try:
                    outcomes.append(Outcome(output=normalised(run(step, folder))))
                except Exception:  # noqa: BLE001 - reported by this step's test
                    broken = step.name
                    outcomes.append(Outcome(failure=traceback.format_exc()))
    return outcomes


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[Outcome]]:
    """Each guide walked once (on first use), so a guide of n steps costs n steps, not n²."""
    done: dict[str, list[Outcome]] = {}

    def outcomes(guide: str) -> list[Outcome]:
        if guide not in done:
            done[guide] = walk(STEPS[guide], tmp_path_factory.mktemp("guide"))
        return done[guide]

    return outcomes


def run(step: Step, folder: Path) -> str:
    """Carry out a step in the register; return what it printed."""
    if step.command.startswith("fill "):
        fill_sections(folder / step.command.removeprefix("fill "), step.expected)
        return step.expected
    args = shlex.split(step.command)
    if args[0] == "git":
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert done.returncode == 0, f"{step.name} failed:\n{done.stdout}"
        return done.stdout
    assert args[0] == "disputes", f"{step.name}: guides run only `disputes` and `git` commands"
    pinned = {f"DISPUTES_{name.upper()}_AS_OF": TODAY for name in main.commands}
    result = CliRunner().invoke(
        main, args[1:], env=pinned, auto_envvar_prefix="DISPUTES", prog_name="disputes"
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, f"{step.name}: exit status {result.exit_code}\n" + (result.output)
    return result.output


def fill_sections(path: Path, markdown: str) -> None:
    """Put the text under each `## heading` of `markdown` under that heading in the file."""
    text = path.read_text(encoding="utf-8")
    for heading, content in re.findall(r"^(#+ .+)\n((?:(?!#+ ).*\n?)*)", markdown, re.M):
        at = text.index(heading + "\n") + len(heading) + 1
        nxt = re.compile(r"^#+ ", re.M).search(text, at)
        end = nxt.start() if nxt else len(text)
        text = text[:at] + "\n" + content.strip() + "\n\n" + text[end:]
    path.write_text(text, encoding="utf-8")


def pattern(expected: str) -> re.Pattern[str]:
    """The expected output as a pattern: `...` and commit hashes match anything."""
    parts = []
    for line in expected.rstrip("\n").splitlines():
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        escaped = re.escape(line.rstrip()).replace(r"\.\.\.", "[^\n]*")
        escaped = HASH.sub(lambda m: f"[0-9a-f]{{{len(m.group())}}}", escaped)
        parts.append(escaped + r"[ \t]*\n")
    return re.compile("".join(parts))


def normalised(output: str) -> str:
    """Output without trailing blank lines, each line with a newline."""
    text = output.rstrip("\n")
    return text + "\n" if text else ""


CASES = [
    pytest.param(name, index, id=step.name)
    for name, steps in STEPS.items()
    for index, step in enumerate(steps)
]


def test_every_guide_has_examples() -> None:
    assert {path.name for path in GUIDES} >= {"manager.md", "administrator.md"}
    assert all(STEPS[name] for name in ("manager.md", "administrator.md"))


@pytest.mark.parametrize(("guide", "index"), CASES)
def test_guide_example(guide: str, index: int, walked: Callable[[str], list[Outcome]]) -> None:
    step, outcome = STEPS[guide][index], walked(guide)[index]
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    if outcome.failure:
        pytest.fail(f"{step.name} failed:\n{outcome.failure}", pytrace=False)
    if not step.command.startswith("fill ") and not pattern(step.expected).fullmatch(
        outcome.output
    ):
        pytest.fail(
            f"{step.name}: the guide shows\n{step.expected}\n\nbut the command "
            f"printed\n{outcome.output}",
            pytrace=False,
        )

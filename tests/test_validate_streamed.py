"""`disputes validate` streams: the same problems as the whole-register loader, one record held.

The acceptance cases (tests/fixtures/) run through the command, which now streams; here
the streamed result is pinned equal to `validate_register` on every case, whole and by
path, and its memory is measured with tracemalloc as the register grows.
"""

from __future__ import annotations

import shutil
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, MakeRegister, valid_record_text

from disputes.records import validate as validate_module
from disputes.records.streamed import validate_streamed
from disputes.records.validate import validate_register

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 22)
CASES = sorted(
    p for kind in ("valid", "invalid") for p in (FIXTURES / kind).iterdir() if p.is_dir()
)


def _register(case: Path, root: Path) -> Path:
    shutil.copytree(REPO_ROOT / "schema", root / "schema")
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_streamed_finds_what_the_register_loader_finds(case: Path, tmp_path: Path) -> None:
    root = _register(case, tmp_path / "register")
    whole = validate_register(root, today=TODAY)
    streamed = validate_streamed(root, today=TODAY)
    assert (streamed.issues, streamed.checked) == (whole.issues, whole.checked)
    strict = validate_streamed(root, today=TODAY, strict=True)
    assert strict.issues == validate_register(root, today=TODAY, strict=True).issues
    for path in sorted((root / "records").rglob("*.md"))[:3]:  # one file: ids still register-wide
        one = validate_streamed(root, [path], today=TODAY)
        assert one.issues == validate_register(root, [path], today=TODAY).issues


def test_duplicate_id_found_when_only_one_of_the_files_is_given(
    make_register: MakeRegister,
) -> None:
    root = make_register(
        {
            "records/2026/PD-2026-0007.md": valid_record_text(),
            "records/2025/PD-2026-0007.md": valid_record_text(),
        }
    )
    found = validate_streamed(root, [root / "records/2026/PD-2026-0007.md"], today=TODAY)
    assert found.checked == 1
    assert [i.file for i in found.issues if i.path == "id"] == ["records/2026/PD-2026-0007.md"]
    assert "also used by records/2025/PD-2026-0007.md" in found.issues[-1].message


@pytest.mark.parametrize(
    "line",
    [
        'id: "PD-2026-000\\x37"',  # the id's text is nowhere in the file
        "id: PD-2026-0007",  # plainly, in a file named for another id
        "'id': PD-2026-0007",
    ],
)
def test_another_file_taking_the_id_under_another_name_is_caught_where_it_is_wrong(
    make_register: MakeRegister, line: str
) -> None:
    """Attack: a file named PD-2026-0008.md takes the id PD-2026-0007. Checking that file
    names both its wrong name and the duplicate; so does checking the register. Checking
    the real PD-2026-0007 alone reads no other file (one file costs one file, issue 25):
    the real record is right, and the wrong file is caught wherever it is checked."""
    other = valid_record_text().replace("id: PD-2026-0007", line, 1)
    root = make_register(
        {
            "records/2026/PD-2026-0007.md": valid_record_text(),
            "records/2026/PD-2026-0008.md": other,
        }
    )
    wrong = [root / "records/2026/PD-2026-0008.md"]
    found = validate_streamed(root, wrong, today=TODAY)
    messages = [i.message for i in found.errors if i.path == "id"]
    assert any("does not match the file name PD-2026-0008.md" in m for m in messages), messages
    assert any("also used by records/2026/PD-2026-0007.md" in m for m in messages), messages
    assert found.issues == validate_register(root, wrong, today=TODAY).issues
    whole = validate_streamed(root, today=TODAY)
    duplicates = [i.file for i in whole.issues if "also used by" in i.message]
    assert duplicates == ["records/2026/PD-2026-0007.md", "records/2026/PD-2026-0008.md"]
    right = [root / "records/2026/PD-2026-0007.md"]
    assert validate_streamed(root, right, today=TODAY).issues == []


def test_one_file_in_a_register_of_others_reads_only_itself(
    make_register: MakeRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Honest path: the other records are not opened, let alone parsed; one file costs
    one file in a register of any size (issue 25)."""
    files = {
        f"records/2026/PD-2026-{n:04d}.md": valid_record_text(f"PD-2026-{n:04d}")
        for n in range(1, 30)
    }
    root = make_register(files)
    read: list[str] = []
    real = validate_module.read_text

    def counting(path: Path) -> str:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(validate_module, "read_text", counting)
    found = validate_streamed(root, [root / "records/2026/PD-2026-0007.md"], today=TODAY)
    assert (found.checked, found.errors, read) == (1, [], ["PD-2026-0007.md"])


def test_a_folder_of_many_records_still_finds_a_duplicate_outside_it(
    make_register: MakeRegister,
) -> None:
    """A folder's many ids at once: a file outside it named for one of them is found."""
    files = {
        f"records/2026/PD-2026-{n:04d}.md": valid_record_text(f"PD-2026-{n:04d}")
        for n in range(1, 26)
    }
    files["records/2025/PD-2026-0003.md"] = valid_record_text("PD-2026-0003")
    root = make_register(files)
    given = [root / "records/2026"]
    found = validate_streamed(root, given, today=TODAY)
    assert [i.file for i in found.issues if i.path == "id"] == ["records/2026/PD-2026-0003.md"]
    assert found.issues == validate_register(root, given, today=TODAY).issues


def test_a_symbolic_link_under_records_is_found(make_register: MakeRegister) -> None:
    root = make_register({"notes/copy.md": valid_record_text()})
    (root / "records" / "2026").mkdir()
    (root / "records" / "2026" / "PD-2026-0007.md").symlink_to("../../notes/copy.md")
    streamed = validate_streamed(root, today=TODAY)
    assert streamed.errors and streamed.issues == validate_register(root, today=TODAY).issues


def _peak(func: Callable[[], object]) -> int:
    """The most memory Python held at once while `func` ran, in bytes (least of two runs:
    tracemalloc also counts any other thread's allocations meanwhile)."""
    peaks = []
    for _ in range(2):
        tracemalloc.start()
        try:
            func()
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return min(peaks)


def _records(root: Path, n: int) -> Path:
    for number in range(1, n + 1):
        record_id = f"PD-2026-{number:04d}"
        path = root / "records" / "2026" / f"{record_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(valid_record_text(record_id), encoding="utf-8")
    return root


def test_memory_does_not_grow_with_the_register(make_register: MakeRegister) -> None:
    """Four times the records: the streamed peak stays put; the loader's grows with them."""
    small, large = (
        _records(make_register(name="small"), 40),
        _records(make_register(name="large"), 160),
    )
    streamed = [_peak(lambda r=r: validate_streamed(r, today=TODAY)) for r in (small, large)]
    loaded = [_peak(lambda r=r: validate_register(r, today=TODAY)) for r in (small, large)]
    per_record = [(b - a) / 120 for a, b in (streamed, loaded)]
    # Per record the streamed run keeps its id, its file name and the listed path (a Path
    # object is about half a kilobyte): well under 2 KiB. A whole record with its line map
    # costs about 15 KiB, which is what the loader keeps.
    assert per_record[0] < 2048, per_record
    assert per_record[1] > 5 * per_record[0], per_record  # what validate did before

"""One record costs one record: finding a record by its id does not list the register.

`find_record` (audit, show, every edit) looks at the record's own place first,
records/<year>/<id>.md, and takes it only if the register's listing would: a regular
file in real folders, never through a symlink. Anything else falls back to the listing.
"""

from __future__ import annotations

import pytest
from conftest import MakeRegister, valid_record_text

from disputes.records import find
from disputes.records.find import EditError, UnknownRecord, find_record

PLACE = "records/2026/PD-2026-0007.md"


def test_a_record_at_its_place_is_found_without_listing_the_register(
    make_register: MakeRegister, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register({PLACE: valid_record_text()})
    monkeypatch.setattr(find, "record_files", lambda _root: pytest.fail("listed"))
    assert find_record(root, "PD-2026-0007") == root / PLACE


def test_a_record_elsewhere_is_still_found(make_register: MakeRegister) -> None:
    root = make_register({"records/2025/PD-2026-0007.md": valid_record_text()})
    assert find_record(root, "PD-2026-0007") == root / "records/2025/PD-2026-0007.md"


def test_a_symlink_at_the_record_place_is_not_the_record(make_register: MakeRegister) -> None:
    """Attack: records/2026/PD-2026-0007.md is a link to a file outside the register; the
    listing never follows it, so neither does the shortcut."""
    root = make_register({"notes/copy.md": valid_record_text()})
    (root / "records" / "2026").mkdir()
    (root / PLACE).symlink_to("../../notes/copy.md")
    with pytest.raises(EditError, match="is a symbolic link, not a record file"):
        find_record(root, "PD-2026-0007")


def test_a_symlinked_year_folder_is_not_followed(make_register: MakeRegister) -> None:
    """Attack: records/2026 is a link to a folder elsewhere holding the record."""
    root = make_register({"elsewhere/PD-2026-0007.md": valid_record_text()})
    (root / "records" / "2026").symlink_to("../elsewhere")
    with pytest.raises(UnknownRecord):
        find_record(root, "PD-2026-0007")


@pytest.mark.parametrize("record_id", ["PD-2026-0007/../x", "../PD-2026-0007", "XX-2026-0007"])
def test_an_id_that_is_no_id_is_not_a_path(make_register: MakeRegister, record_id: str) -> None:
    root = make_register({PLACE: valid_record_text()})
    with pytest.raises(UnknownRecord):
        find_record(root, record_id)

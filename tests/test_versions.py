"""Cutting record versions into fields, and the plain words for what changed."""

from __future__ import annotations

from gitrepo import fixture_record

from disputes.history.audit import record_changes
from disputes.history.versions import list_items, split_sections


def test_split_sections_keeps_each_field_text_and_the_body() -> None:
    sections, body = split_sections("\ufeff" + fixture_record().replace("\n", "\r\n"))
    assert list(sections)[:3] == ["id", "title", "status"]
    assert sections["challenged"] == "challenged:\n  agency: 'Children''s Social Care'"
    assert body.startswith("## Summary of reason for dispute\n")


def test_list_items_cuts_block_lists_only() -> None:
    sections, _ = split_sections(fixture_record())
    items = list_items(sections["stages"])
    assert items is not None and [i.splitlines()[0] for i in items] == [
        "  - stage: 1",
        "  - stage: 2",
        "  - stage: 3",
    ]
    assert list_items(sections["categories"]) is None
    assert list_items("stages:  # note\n- stage: 1\n  panel:\n  - A\n- stage: 2") == [
        "- stage: 1\n  panel:\n  - A",
        "- stage: 2",
    ]


def test_record_changes_in_plain_words() -> None:
    old = {
        "status": "open",
        "stages": [{"stage": "3", "started": "2026-03-05"}],
        "title": "A title",
    }
    new = {
        "status": "withdrawn",
        "stages": [{"stage": "3", "started": "2026-03-05", "raised": "2026-03-06"}],
        "withdrawn": {"date": "2026-03-09", "reason": "Agreed"},
        "title": "A title",
    }
    assert record_changes(old, new) == [
        "status open → withdrawn",
        "stage 3 raised added: 2026-03-06",
        "withdrawn on 2026-03-09: Agreed",
    ]

"""schema/accounts.yml: each manager's hosting-site account beside their email."""

from __future__ import annotations

from pathlib import Path

import pytest

from disputes.records.accounts import ACCOUNTS_FILE, accounts_from_text, load_accounts
from disputes.records.config import ConfigError


def test_accounts_map_both_ways_without_regard_to_case() -> None:
    accounts = accounts_from_text("accounts:\n  Dana.Example@Police.example: dana-ex\n")
    assert accounts.account_for("dana.example@police.example") == "dana-ex"
    assert accounts.email_for("DANA-EX") == "dana.example@police.example"
    assert accounts.account_for("other@police.example") is None
    assert accounts.email_for("someone-else") is None


def test_a_register_without_the_file_lists_nobody(tmp_path: Path) -> None:
    assert load_accounts(tmp_path).by_email == {}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("accounts: [a, b]\n", "must map each manager's work email"),
        ("accounts:\n  a@x.example: 'bad name'\n", "is not an account name"),
        ("accounts:\n  a@x.example: -lead\n", "is not an account name"),
        ("accounts:\n  a@x.example: same\n  b@x.example: SAME\n", "one account is one person"),
        ("accounts:\n  d\u0430na@x.example: dana\n", "plain ASCII"),
        ("accounts:\n  a@x.example: !!int 'abc'\n", "cannot be read"),
        ("accounts: {\n", "cannot be read"),
    ],
)
def test_a_bad_list_is_refused_in_plain_words(tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / ACCOUNTS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as caught:
        load_accounts(tmp_path)
    assert str(caught.value).startswith(ACCOUNTS_FILE)

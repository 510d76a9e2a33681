"""The public leak check: every planted leak is found, theme and vendored files never are.

A real public build of the demo records is the clean baseline; each test plants one
leak of one kind in a file of one type, as `site/` could carry it into the output,
and runs the check on that real output.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import demo_register_copy, run_cli
from mkdocs.theme import Theme

from disputes.report.inputs import report_inputs
from disputes.site.leakcheck import find_leaks
from disputes.site.plugin import ASSETS

AS_OF = "2026-11-22"
TODAY = date.fromisoformat(AS_OF)
THEME = [Path(d) for d in Theme(name="material").dirs] + [ASSETS]
RECORD = "PD-2026-0007"  # opened 2026-05-05; Ivy Notreal; C-910007


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leak") / "register"
    demo_register_copy(root)
    return root


@pytest.fixture(scope="module")
def clean(demo_site: Callable[[str], Path]) -> Path:
    """The demo register's public site (built once per session): the tests copy it."""
    return demo_site("public")


def check(site: Path, register: Path, records: list | None = None) -> list:
    inputs = report_inputs(register, TODAY)
    return find_leaks(
        site, records or inputs.records, TODAY, agencies=_agencies(register), theme_dirs=THEME
    )


def _agencies(register: Path) -> list[str]:
    from disputes.records.config import load_agencies

    return load_agencies(register)


def planted(clean: Path, tmp_path: Path, name: str, content: str | bytes) -> Path:
    site = tmp_path / "site"
    shutil.copytree(clean, site)
    target = site / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return site


def test_the_clean_public_build_has_no_leaks(clean: Path, register: Path) -> None:
    assert check(clean, register) == []


PLANTS = [
    ("lowercase id", "config.yml", "see: pd-2026-0007\n", "record id"),
    (
        "zero-width split reference",
        "old/page.htm",
        "<p>C-91\u200b0007</p>",
        "child's case reference",
    ),
    ("soft hyphen in reference", "notes", "C-910\u00ad007", "child's case reference"),
    (
        "title in another case",
        "table.tsv",
        "x\tYOUTH JUSTICE AND PROBATION ROLES AT TRANSITION\n",
        "record title",
    ),
    ("name with a double space", "theme.css", "/* thanks to Ivy  Notreal */", "a person's name"),
    ("name split by a tag", "x.html", "<p>Ivy <b>Notreal</b></p>", "a person's name"),
    (
        "date written out",
        "site.webmanifest",
        '{"name": "5 May 2026 review"}',
        "the date of a single dispute",
    ),
    ("date US style", "a.txt", "opened May 5th, 2026", "the date of a single dispute"),
    ("date day first", "b.csv", "05/05/2026,1", "the date of a single dispute"),
    ("JSON-escaped id", "search/extra.json", '{"t": "\\u0050D-2026-0007"}', "record id"),
    ("HTML entities", "README", "P&#68;&#45;2026&#45;0007", "record id"),
    ("full-width characters", "c.xml", "<a>\uff30\uff24-2026-0007</a>", "record id"),
    ("en dashes", "d.md", "PD\u20132026\u20130007", "record id"),
    ("percent-encoded", "e.txt", "https://x.example/PD%2D2026%2D0007", "record id"),
    ("email", "f.js", "// ivy.notreal@probation.example", "an email address"),
    ("surname first", "g.html", "<p>Notreal, Ivy</p>", "a person's name"),
    ("title and surname", "h.txt", "Ms Notreal attended", "a person's name"),
    ("reference without its dash", "i.csv", "C910007,1", "child's case reference"),
    ("day and month, no year", "j.html", "<p>Tuesday 5th May</p>", "the day of a single dispute"),
    ("short date with dots", "k.txt", "met on 5.5.26", "the date of a single dispute"),
]


@pytest.mark.parametrize(("attack", "name", "content", "kind"), PLANTS, ids=[p[0] for p in PLANTS])
def test_a_planted_leak_is_found(
    clean: Path, register: Path, tmp_path: Path, attack: str, name: str, content: str, kind: str
) -> None:
    leaks = check(planted(clean, tmp_path, name, content), register)
    assert [(leak.file, leak.kind) for leak in leaks] == [(name, kind)], attack


def test_a_gzip_file_is_unpacked(clean: Path, register: Path, tmp_path: Path) -> None:
    leaks = check(
        planted(clean, tmp_path, "sitemap2.xml.gz", gzip.compress(b"PD-2026-0007")), register
    )
    assert [leak.kind for leak in leaks] == ["record id"]


def test_a_utf16_file_is_read(clean: Path, register: Path, tmp_path: Path) -> None:
    leaks = check(planted(clean, tmp_path, "w.txt", "Ivy Notreal".encode("utf-16")), register)
    assert [leak.kind for leak in leaks] == ["a person's name"]


def test_an_unlisted_agency_name_is_a_leak(clean: Path, register: Path, tmp_path: Path) -> None:
    inputs = report_inputs(register, TODAY)
    records = [
        replace(inputs.records[0], challenger_agency="Neighbourhood Watch Group"),
        *inputs.records[1:],
    ]
    site = planted(clean, tmp_path, "x.html", "<td>Neighbourhood  Watch group</td>")
    leaks = check(site, register, records)
    assert [leak.kind for leak in leaks] == ["an agency name not in schema/agencies.yml"]
    assert check(clean, register, records) == []  # the build itself says "another agency"


def test_vendored_and_theme_files_never_leak_but_a_changed_copy_does(
    clean: Path, register: Path, tmp_path: Path
) -> None:
    # A dispute whose title is a phrase that the theme's own script also holds must not fail
    # the build through the theme's file, but the same phrase in a changed copy is a leak.
    theme_js = next((THEME[0] / "assets/javascripts").glob("bundle.*.min.js"))
    bundle = theme_js.read_text(encoding="utf-8")
    phrase = re.search(r"[A-Za-z]{3,}(?: [A-Za-z]{3,}){2,}", bundle)
    assert phrase is not None
    inputs = report_inputs(register, TODAY)
    records = [replace(inputs.records[0], title=phrase[0]), *inputs.records[1:]]
    site = planted(clean, tmp_path, "vendor/bundle.js", bundle)
    assert check(site, register, records) == []
    for asset in ASSETS.iterdir():  # the package's own assets, copied as they are
        shutil.copyfile(asset, site / "vendor" / asset.name)
    assert check(site, register, records) == []
    (site / "vendor/bundle.js").write_text(bundle + "\n// changed", encoding="utf-8")
    leaks = check(site, register, records)
    assert [(leak.file, leak.kind) for leak in leaks] == [("vendor/bundle.js", "record title")]


def test_common_words_and_numbers_are_not_leaks(
    clean: Path, register: Path, tmp_path: Path
) -> None:
    inputs = report_inputs(register, TODAY)
    records = [
        replace(inputs.records[0], title="Communication", opened=date(2026, 1, 2)),
        *inputs.records[1:],
    ]
    text = "<td>communication</td><td>2026</td><td>1</td><td>2</td> v1.2.2026 id=20260102abc"
    site = planted(clean, tmp_path, "x.html", text)
    assert check(site, register, records) == []


def test_a_planted_leak_fails_the_real_public_build(register: Path, tmp_path: Path) -> None:
    leaky = tmp_path / "leaky"
    shutil.copytree(register, leaky)
    policy = leaky / "site/policy.md"
    policy.write_text(policy.read_text() + "\nAs in pd-2026-\u200b0007, raised on 5 May 2026.\n")
    result = run_cli(
        [
            "build",
            "--root",
            str(leaky),
            "--profile",
            "public",
            "-d",
            str(tmp_path / "out"),
            "--as-of",
            AS_OF,
        ]
    )
    assert result.exit_code == 1
    assert "record id 'PD-2026-0007'" in result.output
    assert "2026-05-05" in result.output and "5 may 2026" in result.output


def test_a_record_that_fails_its_checks_is_still_looked_for(
    clean: Path, register: Path, tmp_path: Path
) -> None:
    """A record left out of the figures (it fails validation) is not left out of the check."""
    from disputes.site.data import collect
    from disputes.site.public import left_out_texts

    root = tmp_path / "broken"
    shutil.copytree(register, root)
    text = (root / "records/2026/PD-2026-0007.md").read_text(encoding="utf-8")
    broken = text.replace("PD-2026-0007", "PD-2026-0095").replace("C-910007", "C-919095")
    broken = broken.replace("Ivy Notreal", "Olu Fakename").replace(
        "status:", "status: nonsense\nx:"
    )
    (root / "records/2026/PD-2026-0095.md").write_text(broken, encoding="utf-8")
    data = collect(root, TODAY, with_history=False)
    assert "records/2026/PD-2026-0095.md" in data.left_out  # it really fails validation
    site = planted(clean, tmp_path, "l.html", "<p>C-919095, Fakename, Olu</p>")
    leaks = find_leaks(
        site,
        data.records,
        TODAY,
        agencies=_agencies(root),
        theme_dirs=THEME,
        left_out=left_out_texts(data),
    )
    assert {leak.text for leak in leaks} >= {"C-919095", "fakename, olu"}
    assert find_leaks(site, data.records, TODAY, agencies=_agencies(root), theme_dirs=THEME) == []

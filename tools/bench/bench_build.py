"""Benchmark: `disputes build` at 1,000 and 5,000 records, against a plain MkDocs build.

Usage: python tools/bench/bench_build.py [N1 N2]   (default 1000 5000)
Prints seconds, the growth exponent between the two sizes (target at most 1.1: a
build that grows with the square of the records shows about 2) and the ratio
against `mkdocs build` of the same number of minimal pages (target at most 2).
"""

from __future__ import annotations

import logging
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from bench.generate import REPO, generate_register
from disputes.site.build import build_site
from disputes.site.navigation import GUIDES, navigation

# The same theme (features, palette), plugins (the theme's search on), Markdown extensions
# and navigation (the plugin's own, for the internal site) as the register's mkdocs.yml, so
# both pay for the same template, menu and search, with minimal pages in place of ours.
PLAIN = """site_name: plain
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.sections, navigation.top, search.highlight]
  palette: {primary: indigo}
plugins: [search]
markdown_extensions: [tables, attr_list, md_in_html, admonition, {toc: {permalink: true}}]
"""
NAV_PAGES = ["new.md", "policy.md", *(path for _, path in GUIDES)]  # hand-written ones


def _stubs(docs: Path, pages: list[str]) -> None:
    for page in pages:
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# {page}\n")


def _leaves(nav: list[Any]) -> list[str]:
    """Every page a nav names."""
    return [p for item in nav for value in item.values()
            for p in (_leaves(value) if isinstance(value, list) else [value])]


def register_build(root: Path) -> float:
    """Seconds for `disputes build` of the register at `root` (the demo site's pages)."""
    shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    start = time.perf_counter()
    build_site(root / "mkdocs.yml", root / "out")
    return time.perf_counter() - start


def plain_build(root: Path, n: int) -> float:
    """Seconds for a plain MkDocs build of `n` minimal pages besides the same nav (not in it)."""
    config = plain_site(root, n)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start


def plain_site(root: Path, n: int) -> MkDocsConfig:
    """The plain site's files and its config (building it is what is timed)."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    _stubs(docs, NAV_PAGES)  # first: the nav lists them if they exist
    nav = navigation(docs, public=False)
    _stubs(docs, _leaves(nav))
    for index in range(n):
        (docs / f"page-{index}.md").write_text(f"# Page {index}\n\nSome text.\n")
    (root / "mkdocs.yml").write_text(PLAIN + yaml.safe_dump({"nav": nav}))
    return load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "out"))


def measure(n: int) -> tuple[float, float]:
    """(disputes build, plain build) seconds for `n` records / pages."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = register_build(generate_register(Path(tmp) / "register", n))
        plain = plain_build(Path(tmp) / "plain", n)
    return ours, plain


def main(small: int, large: int) -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the audit trail is left out: no git
    results = {n: measure(n) for n in (small, large)}
    for n, (ours, plain) in results.items():
        print(f"{n:>6} records: disputes build {ours:6.1f} s, plain mkdocs build of {n} pages "
              f"{plain:6.1f} s, ratio {ours / plain:.2f} (target at most 2)")
    growth = math.log(results[large][0] / results[small][0]) / math.log(large / small)
    print(f"growth exponent {small} -> {large}: {growth:.2f} (target at most 1.1)")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]] or [1000, 5000]
    main(*sizes)

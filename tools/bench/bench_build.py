"""Benchmark: `disputes build` against a plain `mkdocs build` of the same pages.

For each size (default 1,000 and 5,000 valid records; generate.py, no git history) times,
as whole processes, interleaved, median (and best) of REPEAT each:
  1. the floor: a plain `mkdocs build` (same theme, features, search plugin, Markdown
     extensions and menu as the register's mkdocs.yml, no disputes plugin) of the very
     pages `disputes build` makes: every page's body (each record page, the register,
     the dashboard, every report) taken from a first build, written as a Markdown page
     of the same content and size;
  2. `disputes build`, which must succeed (exit status 0).
Prints CPU and wall time, the ratios, and the growth exponent of `disputes build`'s CPU
time between the two sizes.
Targets: the ratio at most 2; the growth exponent at most 1.1 (a build that grows with
the square of the records shows about 2).

Run: PYTHONPATH=tools python tools/bench/bench_build.py [N1 N2] [--repeat R] [--smoke]
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from bench.generate import generate_register
from bench.timing import (
    REPO,
    Figures,
    Run,
    bench_parser,
    describe,
    disputes,
    heading,
    interleaved,
    run,
)
from disputes.site.navigation import navigation

# The same theme (features, palette), plugins (the theme's search on), Markdown extensions
# and menu (the plugin's own, for the internal site) as the register's mkdocs.yml.
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
OPEN = '<article class="md-content__inner md-typeset">'


def page_body(html: str) -> str:
    """The body of one built page (what the theme wraps in its menu, header and footer)."""
    start = html.index(OPEN) + len(OPEN)
    return html[start : html.rindex("</article>")]


def plain_site(built: Path, root: Path) -> Path:
    """A plain MkDocs project at `root` holding every page of the site built in `built`,
    with the same menu; its mkdocs.yml."""
    docs = root / "docs"
    for page in built.rglob("index.html"):
        where = page.parent.relative_to(built).as_posix()
        source = docs / ("index.md" if where == "." else f"{where}.md")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(page_body(page.read_text("utf-8")) + "\n", "utf-8")
    nav = navigation(docs, public=False)
    (root / "mkdocs.yml").write_text(PLAIN + yaml.safe_dump({"nav": nav}), "utf-8")
    return root / "mkdocs.yml"


def register_site(root: Path) -> Path:
    """The demo site's pages and mkdocs.yml beside the register at `root`."""
    shutil.copytree(REPO / "site", root / "site", dirs_exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def plain_build(config: Path, out: Path) -> Run:
    """`mkdocs build` of the plain project, as its own process."""
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)])


def register_build(root: Path, out: Path) -> Run:
    """`disputes build` of the register, as its own process."""
    return run(disputes("build", "--root", str(root), "-d", str(out)))


def measure(n: int, repeat: int, smoke: bool = False) -> dict[str, list[Run]]:
    """The runs of `disputes build` and of the plain build of the same pages, n records."""
    with tempfile.TemporaryDirectory() as tmp:
        root = register_site(generate_register(Path(tmp) / "register", n))
        first = register_build(root, Path(tmp) / "first")  # its pages are the plain build's
        records = len(list((Path(tmp) / "first" / "records").glob("*/index.html")))
        assert records == n, f"{records} record pages for {n} records"
        config = plain_site(Path(tmp) / "first", Path(tmp) / "plain")
        if smoke:  # the first build stands for ours
            return {"plain": [plain_build(config, Path(tmp) / "out-plain")], "ours": [first]}
        return interleaved(
            repeat,
            plain=lambda: plain_build(config, Path(tmp) / "out-plain"),
            ours=lambda: register_build(root, Path(tmp) / "out-ours"),
        )


def main() -> None:
    """Time both sizes and print the figures."""
    parser = bench_parser(__doc__)
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args()
    sizes, repeat = ([10], 1) if args.smoke else (args.sizes, args.repeat)
    print(heading(repeat))
    cpu = {}
    for n in sizes:
        runs = measure(n, repeat, args.smoke)
        cpu[n] = Figures.of(runs["ours"]).cpu
        print(f"{n} records:")
        print(describe("  plain mkdocs build of the same pages", runs["plain"]))
        print(describe("  disputes build", runs["ours"], runs["plain"], "target at most 2"))
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        growth = math.log(cpu[large] / cpu[small]) / math.log(large / small)
        print(
            f"growth exponent of disputes build's CPU time {small} -> {large}: {growth:.2f} "
            "(target at most 1.1)"
        )


if __name__ == "__main__":
    main()

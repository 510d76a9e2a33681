"""The MkDocs plugin: the register's pages, generated in memory from records/ at build time."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from disputes.policy.zone import policy_today
from disputes.records.config import SCHEMA_FILE, ConfigError
from disputes.records.model import Record
from disputes.records.stagemodel import StageModel, load_stage_model
from disputes.report.printed import DEFAULT_MARKING, STYLE
from disputes.site import kept
from disputes.site.allowlist import PUBLIC_ASSETS, public_assets, public_files, theme_dirs
from disputes.site.data import SiteData, collect
from disputes.site.freshness import figures_note, release_note, with_note
from disputes.site.hostcheck import refuse_other_hosts
from disputes.site.markup import HtmlStash, stub
from disputes.site.navigation import RECORD_FORMAT, menu_entry, navigation, present
from disputes.site.pages.format_guide import record_format_page
from disputes.site.pages.home import dashboard_page
from disputes.site.pages.periods import report_pages
from disputes.site.pages.policy import fill_policy_page
from disputes.site.pages.record import record_page, record_title
from disputes.site.pages.register import register_page, register_stub
from disputes.site.pages.reports import learning_page
from disputes.site.pages.requests import RAISE_LINK, raise_link
from disputes.site.pages.trends import trends_page
from disputes.site.public import PublicLeak, check_public_site, undated_sitemap
from disputes.site.releases import public_site
from disputes.site.searchindex import add_entries, record_entry
from disputes.site.toggles import name_toggles

log = logging.getLogger("mkdocs.plugins.disputes")

ASSETS = Path(__file__).parent / "assets"
CSS = ["disputes/register.css"]
FORM_CSS = "disputes/printed-form.css"  # report.printed's layout: the form `export` writes
JS = [
    "disputes/pager.js",
    "disputes/register.js",
    "disputes/record.js",
    "disputes/a11y.js",
    "disputes/freshness.js",
]


class DisputesConfig(base.Config):
    """Options under `plugins: - disputes:` in mkdocs.yml."""

    profile = c.Choice(("internal", "public"), default="internal")
    as_of = c.Type((str, date), default="")  # YYYY-MM-DD (YAML may read it as a date); "": today
    show_emails = c.Type(bool, default=False)
    root = c.Type(str, default="")  # the register; empty means mkdocs.yml's folder
    protective_marking = c.Type(str, default=DEFAULT_MARKING)  # on every printed page


class DisputesPlugin(BasePlugin[DisputesConfig]):
    """Generates the dashboard, register, record and report pages."""

    data: SiteData | None = None
    rendered: dict[str, str]  # page source → its HTML body, for pages made as HTML
    record_pages: dict[str, Record]  # page source → its record, made in on_page_content
    stash: HtmlStash  # the report pages' tables, kept out of Markdown (see markup)
    stashed: set[str]  # the pages that hold their placeholders
    profile_in_config: str | None = None  # what mkdocs.yml itself said, if anything
    search_entries: list[dict[str, str]]  # one short entry per record page (searchindex)
    model: StageModel  # the stages as policy.yml names them, for the printed form
    public_quarter = ""  # the quarter of the release the public site shows
    lit: Page | None = None  # the menu entry lit for the page being drawn (on_page_context)
    repo_url: str = ""  # the repository on the hosting site, for the links to its forms

    def __init__(self) -> None:
        self.rendered = {}
        self.record_pages = {}
        self.stash = HtmlStash()
        self.stashed = set()
        self.search_entries = []

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """Note whether mkdocs.yml chose a profile: `disputes build` decides, and refuses
        a build whose mkdocs.yml chose another (see site/profile.py)."""
        given = options.get("profile")
        self.profile_in_config = str(given) if given is not None else None
        return super().load_config(options, config_file_path)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the register once and set the navigation for the profile."""
        root = Path(self.config.root or Path(config.config_file_path).parent)
        try:
            as_of = str(self.config.as_of or "")
            today = date.fromisoformat(as_of) if as_of else policy_today(root)
            self.data = collect(root, today, with_history=not self.public)
            self.model = load_stage_model(root)
        except (ValueError, ConfigError) as exc:
            raise PluginError(f"disputes: {exc}") from None
        for file, issues in sorted(self.data.left_out.items()):
            log.warning("%s is left out of the site: %s", file, issues[0].message)
        config.nav = navigation(Path(config.docs_dir), public=self.public)
        # The links to the hosting site's forms use the repository's address; the theme is
        # not given it, as its repository widget would call the hosting site's API from
        # every page (and a page must work offline).
        self.repo_url = "" if self.public else str(config.repo_url or "")
        config.repo_url = None
        if self.public:
            public_assets(config)
            return config
        config.extra_css.extend(p for p in [*CSS, FORM_CSS] if p not in config.extra_css)
        config.extra_javascript.extend(p for p in JS if p not in config.extra_javascript)
        return config

    @property
    def public(self) -> bool:
        """Whether this build is the public profile (aggregate figures only)."""
        return bool(self.config.profile == "public")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages (and drop hand-written ones the public may not see)."""
        assert self.data is not None
        if self.public:
            files = public_files(files, config)
        for asset in PUBLIC_ASSETS if self.public else [*CSS, *JS]:  # in the package
            src = ASSETS / asset.removeprefix("disputes/")
            files.append(File.generated(config, asset, abs_src_path=str(src)))
        if not self.public:
            files.append(File.generated(config, FORM_CSS, content=STYLE))
        files = kept.remade(files)  # serve's dirty rebuild: the docs folder's pages remade
        with_form = files.get_file_from_path("new.md") is not None
        records = {f"records/{r.id}.md": r for r in self.data.records} if not self.public else {}
        self.search_entries = []
        self.stash, self.stashed = HtmlStash(), set()  # this build's (serve builds again)
        generated = self._pages(self.data, with_form, config.site_name)
        site = (
            kept.site_key(self.data.root, config, self.config, self.data.today)
            if kept.dirty()
            else ""
        )
        if self.public:  # a release of totals only, or none yet: only the pages it has
            config.nav = present(config.nav or [], generated.keys(), Path(config.docs_dir))
        for path, content in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            record = records.get(path)
            file = (
                kept.record_file(config, path, content, self.data.root / record.file, site)
                if record is not None and isinstance(content, str)
                else File.generated(config, path, content=content)
            )
            files.append(file)
            if record is not None:
                self.search_entries.append(record_entry(record, record_title(record), file.url))
        return files

    def _pages(self, data: SiteData, with_form: bool, site_name: str) -> dict[str, str | bytes]:
        pages: dict[str, str | bytes] = {}
        if self.public:  # the stored releases as they are (see releases.py)
            published, warning = public_site(data.root, data.today)
            if warning:
                log.warning(warning)
            figures = json.loads(published.get("data/figures.json", b"{}"))
            self.public_quarter = figures.get("period", {}).get("quarter", "")
            return dict(published)
        pages["index.md"] = dashboard_page(data, with_form=with_form)
        pages["register.md"] = register_stub()
        self.rendered["register.md"] = register_page(data)
        pages["reports/learning.md"] = learning_page(data.report)
        every_period = report_pages(data, self.stash)  # all time, each year and each quarter
        pages.update({f"reports/{path}": text for path, text in every_period.items()})
        self.stashed = {f"reports/{path}" for path in every_period if path.endswith(".md")}
        tables = [path for path in every_period if path.startswith("csv/")]
        trends, files = trends_page(data, tables)
        pages["reports/trends.md"] = trends
        pages.update({f"reports/{path}": text for path, text in files.items()})
        for record in data.records:  # HTML made in on_page_content, after the reports'
            path = f"records/{record.id}.md"
            pages[path] = stub(record_title(record), searched=False)  # see searchindex
            self.record_pages[path] = record
        pages[SCHEMA_FILE] = (data.root / SCHEMA_FILE).read_text("utf-8")
        pages[RECORD_FORMAT] = record_format_page(json.loads(pages[SCHEMA_FILE]))
        return pages

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        """The policy page's stages and timescales, from schema/policy.yml (site/pages/policy);
        the New record page's link to the hosting site's form for raising a dispute."""
        if page.file.src_uri == "policy.md" and self.data is not None:
            return fill_policy_page(markdown, self.data.policy)
        if page.file.src_uri != "new.md" or RAISE_LINK not in markdown:
            return markdown
        return markdown.replace(RAISE_LINK, raise_link(self.repo_url))

    def on_page_content(self, html: str, page: Page, **kwargs: Any) -> str:
        """Pages made as HTML get their body here: Markdown only carried their title.

        A record page is made here, outside Markdown (its stub carried only the title), and
        only now: the audit trails are read when the first one needs them (site/trails)."""
        record = self.record_pages.pop(page.file.src_uri, None)
        if record is not None and self.data is not None:
            html += record_page(
                record,
                self.data,
                show_emails=self.config.show_emails,
                model=self.model,
                marking=self.config.protective_marking,
                repo_url=self.repo_url,
            )
        else:
            if page.file.src_uri in self.stashed:
                html = self.stash.restore(html)
            html += self.rendered.pop(page.file.src_uri, "")
        if self.data is None:
            return html
        if not self.public:
            return with_note(html, figures_note(self.data.today, str(self.data.policy.timezone)))
        parts = page.file.src_uri.split("/")
        quarter = parts[1] if parts[0] == "releases" and len(parts) > 2 else self.public_quarter
        return with_note(html, release_note(quarter)) if quarter else html

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A page outside the menu lights the entry that stands for it while it is drawn."""
        entry = menu_entry(page.file.src_uri)
        self.lit = next((p for p in nav.pages if p.file.src_uri == entry), None)
        if self.lit is not None:
            self.lit.active = True  # and the section it is in, as the theme shows it
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Every page: the theme's hidden toggles get an accessible name."""
        if self.lit is not None:
            self.lit.active = False
            self.lit = None
        return name_toggles(output)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`serve` rebuilds dirty (see site/kept): only what a save touched is remade."""
        kept.serving_dirty(command == "serve" and dirty)

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, **kwargs: Any
    ) -> LiveReloadServer:
        """`serve` answers only to its own host names (see hostcheck)."""
        app = server.get_app()
        if app is not None:
            server.set_app(refuse_other_hosts(app, config.dev_addr.host))
        return server

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Internal profile: each record's short search entry. Public profile: fail the
        build if anything case-level was published.

        `disputes build` checks the finished public site again once every plugin is done.
        """
        if not self.public:
            add_entries(Path(config.site_dir), self.search_entries)
            kept.built()
            return
        if self.data is None:
            return
        undated_sitemap(Path(config.site_dir))
        try:
            check_public_site(Path(config.site_dir), self.data, [*theme_dirs(config), ASSETS])
        except PublicLeak as exc:
            raise PluginError(str(exc)) from None
        log.info("disputes: public site checked: no record ids, references, names or text")

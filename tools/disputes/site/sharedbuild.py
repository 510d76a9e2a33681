"""A share of the record pages made by a second process while this one makes the rest.

MkDocs makes pages one after another, on one core; most of a register's build is its
record pages, each through Markdown, the theme and the disk. Record pages depend on no
other page and no other page on them (they are outside the navigation and the search
index, see searchindex, and their HTML is made outside Markdown, so MkDocs has no links
of theirs to check), so a forked copy of the build can make a share of them, in
the same way as `mkdocs build` would, into the same folder, while this process makes the
others. The site is the same, file for file, as one process makes it
(tests/test_site_shared.py).

The copy is forked once the navigation is known and the audit trails have arrived, and
only on Linux, when this process runs no other thread (`disputes build`, not `serve`,
whose live-reload server runs threads) and may use a second core. Whatever the copy logs is
logged again here, so `--strict` counts its warnings. If it fails or dies, this process
makes its pages itself, and any error is raised here as it would have been anyway.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import jinja2
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from disputes.site.lifeline import end_with_parent

MIN_SHARE = 100  # fewer pages than this are made sooner than a second process starts
# What the rest of the site costs this process, in record pages: the other pages (each
# about two record pages' worth: tables and charts), and copying the theme. Measured at
# 1,000 records (tools/bench/bench_site.py): the two then end within about 0.3 s.
OTHER_PAGE_COST = 2
FIXED_COST = 50

LogLine = tuple[str, int, str]


@dataclass
class Helper:
    """The second process and the record pages it makes."""

    process: BaseProcess
    answer: Connection
    share: list[File]
    inclusion: list[InclusionLevel]  # each one's own, given back once it is made


def cores() -> int:
    """The cores this process may run on; 1 where forking is not safe to count on (not
    Linux: macOS's system libraries may not survive a fork)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return 1


def can_fork() -> bool:
    """Whether a forked copy of this process is safe and can run beside it."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    return forks and threading.active_count() == 1 and cores() > 1


def pick_share(records: list[File], others: int) -> list[File]:
    """The record pages to hand over: half of the work left, counted in record pages."""
    work = len(records) + OTHER_PAGE_COST * others + FIXED_COST
    count = min(len(records), work // 2)
    return records[len(records) - count :] if count >= MIN_SHARE else []


def start(files: Files, nav: Navigation, config: MkDocsConfig, share: list[File]) -> Helper | None:
    """Fork a copy that makes `share`; this process leaves them out from now on."""
    if not share or not can_fork():
        return None
    context = multiprocessing.get_context("fork")
    answer, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_make_share, args=(share, files, nav, config, send, os.getpid()), daemon=True
    )
    gc.freeze()  # the copy then shares this process's memory instead of copying it
    try:
        process.start()
    except OSError:
        gc.unfreeze()
        return None
    send.close()
    helper = Helper(process, answer, share, [file.inclusion for file in share])
    for file in share:
        file.inclusion = InclusionLevel.EXCLUDED  # MkDocs' own loops pass them by
    return helper


def finish(
    helper: Helper, env: jinja2.Environment, files: Files, nav: Navigation, config: MkDocsConfig
) -> None:
    """Wait for the copy; log what it logged, or make its pages here if it failed."""
    try:
        made, lines = helper.answer.recv()
    except (EOFError, OSError):  # it died before answering
        made, lines = False, []
    helper.answer.close()
    helper.process.join()
    gc.unfreeze()
    for file, inclusion in zip(helper.share, helper.inclusion, strict=True):
        file.inclusion = inclusion
        if file.page is None:
            Page(None, file, config)
    if made:
        for name, level, message in lines:
            logging.getLogger(name).log(level, "%s", message)
    else:  # what it logged is logged again as the pages are made here
        _make_pages(helper.share, env, files, nav, config)
    for template in config.theme.static_templates:  # the sitemap lists every page
        if template.startswith("sitemap"):
            _build_theme_template(template, env, files, config, nav)


def stop(helper: Helper | None) -> None:
    """End the copy (the build failed here)."""
    if helper is None:
        return
    if helper.process.is_alive():
        helper.process.kill()
    helper.process.join()
    helper.answer.close()
    gc.unfreeze()


def _make_share(
    share: list[File], files: Files, nav: Navigation, config: MkDocsConfig, send: Connection,
    parent: int,
) -> None:
    """In the copy: make the pages; answer whether they were made and what was logged."""
    end_with_parent(parent)  # a killed build takes its copy with it
    gc.disable()  # a short life: collecting would copy every page of shared memory
    lines = _capture_logs()
    try:
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        for file in share:
            Page(None, file, config)
        _make_pages(share, env, files, nav, config)
        send.send((True, lines))
    except BaseException:  # noqa: BLE001 - this process makes them again and reports it
        send.send((False, []))
    finally:
        send.close()


def _make_pages(
    share: list[File], env: jinja2.Environment, files: Files, nav: Navigation, config: MkDocsConfig
) -> None:
    """The pages through MkDocs' own steps, as its build loop takes every page."""
    pages = [file.page for file in share if file.page is not None]
    for page in pages:
        _populate_page(page, config, files)
    doc_files = files.documentation_pages()
    for page in pages:
        _build_page(page, config, doc_files, nav, env)
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


class _Capture(logging.Handler):
    """Keeps each log line instead of showing it."""

    def __init__(self, lines: list[LogLine]) -> None:
        super().__init__()
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.name, record.levelno, record.getMessage()))


def _capture_logs() -> list[LogLine]:
    """In the copy, each log line kept once (at the root) for this process to log."""
    lines: list[LogLine] = []
    loggers = [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    for logger in loggers:
        logger.handlers = []
        logger.propagate = True
    logging.getLogger().handlers = [_Capture(lines)]
    return lines

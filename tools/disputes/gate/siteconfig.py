"""mkdocs.yml read as data, and what in it can run code or script, compared with the base.

MkDocs reads mkdocs.yml with a loader that runs Python tags, then imports its `hooks`,
plugins and Markdown extensions and renders its theme's Jinja templates (a `custom_dir` from
the branch among them). `check` does none of that: the file is composed by the safe parser,
every tag but a Python one is inert data, and what the change adds that could run code or
put script in a page is named for an administrator's review (a Python tag is refused).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import yaml

from disputes.gate.pagescan import active_fragments, fragment_words
from disputes.records.model import Issue
from disputes.records.yamlsafe import YamlProblem, check_depth, might_nest_deeply

MKDOCS = "mkdocs.yml"
PYTHON_TAG = "tag:yaml.org,2002:python/"
# Installed with the tool and run as shipped; `disputes` is judged by its options below.
PLUGINS = frozenset({"search", "material/search"})
# The shipped mkdocs.yml's extensions and Python-Markdown's built-ins that only format text
# (not `legacy_attrs`, `codehilite` or `wikilinks`: attributes, a highlighter, built URLs).
EXTENSIONS = frozenset(
    {
        "tables",
        "attr_list",
        "md_in_html",
        "admonition",
        "toc",
        "abbr",
        "def_list",
        "footnotes",
        "fenced_code",
        "sane_lists",
        "smarty",
        "nl2br",
        "meta",
        "legacy_em",
    }
)
# Keys whose values are plain words or links (any HTML or script in them is still found).
INERT = frozenset(
    {
        "site_name",
        "site_description",
        "site_author",
        "site_url",
        "copyright",
        "nav",
        "repo_url",
        "repo_name",
        "edit_uri",
        "use_directory_urls",
        "strict",
        "validation",
        "dev_addr",
        "remote_branch",
        "remote_name",
        "not_in_nav",
        "exclude_docs",
        "draft_docs",
    }
)
THEME_INERT = frozenset(
    {"features", "palette", "font", "logo", "favicon", "icon", "language", "direction", "locale"}
)
_AFTER_MERGE = "after merging, the site workflow runs it with permission to publish"
REASONS = {
    "hooks": f"`hooks:` makes MkDocs import and run these Python files on every build "
    f"({_AFTER_MERGE})",
    "extra_javascript": "scripts added to every page of both sites",
    "extra_css": "style sheets added to every page: they can hide or fake what a page says, "
    "and fetch from other sites",
    "extra_templates": "Jinja templates MkDocs renders, which can run code",
    "docs_dir": "a different folder of pages: every file in it is published, none of it "
    "checked as a page",
    "site_dir": "where the built site is written, which can be over the register's own files",
    "INHERIT": "another file's settings merged into these ones, which the gate does not read",
    "extra": "values the theme's templates put into every page (analytics scripts among them)",
    "watch": "folders `disputes serve` watches and rebuilds from",
    "custom_dir": "templates from this folder (Jinja, HTML and script) replace the theme's own "
    f"and render every page ({_AFTER_MERGE})",
    "name": "a different theme: its templates render every page",
}


@dataclass
class SiteConfig:
    """mkdocs.yml as plain data (every scalar a string), with lines, or why it cannot be."""

    data: Any = None
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)
    problems: list[Issue] = field(default_factory=list)

    def line(self, *path: Any) -> int:
        """The line of a key path (its first key's line when not known)."""
        return self.lines.get(path) or self.lines.get(path[:1]) or 1

    def docs_dir(self) -> str:
        """The folder of pages, as MkDocs reads it (`docs` unless set)."""
        value = self.data.get("docs_dir") if isinstance(self.data, dict) else None
        return posixpath.normpath(value) if isinstance(value, str) and value else "docs"


def read_site_config(text: str) -> SiteConfig:
    """mkdocs.yml composed by the safe parser (nothing constructed, no tag run)."""
    found = SiteConfig()
    try:
        if might_nest_deeply(text):
            check_depth(text)
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        found.data = {} if node is None else _plain(node, (), found, set())
    except _Alias as alias:
        found.problems.append(
            Issue(
                MKDOCS,
                alias.line,
                "",
                (
                    "YAML anchors and aliases (& and *) are not read by the check; write each value "
                    "out in full"
                ),
            )
        )
    except YamlProblem as problem:
        found.problems.append(
            Issue(MKDOCS, problem.line, "", f"{problem.message}; MkDocs needs only a few levels")
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        found.problems.append(
            Issue(
                MKDOCS,
                mark.line + 1 if mark else 1,
                "",
                (
                    f"mkdocs.yml is not valid YAML ({getattr(error, 'problem', None) or error}); "
                    "the site cannot be built from it"
                ),
            )
        )
    return found


class _Alias(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _plain(node: yaml.Node, path: tuple[Any, ...], found: SiteConfig, seen: set[int]) -> Any:
    """A composed node as plain data; each Python tag is a problem, other tags are inert."""
    line = node.start_mark.line + 1
    if id(node) in seen:  # an alias: its copies could grow without bound
        raise _Alias(line)
    seen.add(id(node))
    found.lines.setdefault(path, line)
    if node.tag.startswith(PYTHON_TAG):
        found.problems.append(
            Issue(
                MKDOCS,
                line,
                _dotted(path),
                (
                    f"the tag !!{node.tag.removeprefix('tag:yaml.org,2002:')} makes MkDocs run Python "
                    "when it reads this file (the check reads it as text, and it ran nothing); a site's "
                    "settings never need one. Remove the tag"
                ),
            )
        )
    if isinstance(node, yaml.MappingNode):
        pairs = [(_plain(k, path, found, seen), v) for k, v in node.value]
        return {str(k): _plain(v, (*path, str(k)), found, seen) for k, v in pairs}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), found, seen) for i, item in enumerate(node.value)]
    return str(node.value)


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


def site_config_issues(base: SiteConfig | None, head: SiteConfig | None) -> list[Issue]:
    """What the change to mkdocs.yml adds that can run code or script (reviews), and what
    makes it unreadable (errors)."""
    if head is None:
        return (
            []
            if base is None
            else [
                Issue(
                    MKDOCS,
                    1,
                    "",
                    ("mkdocs.yml is deleted, so the site cannot be built; restore it"),
                )
            ]
        )
    if head.problems:
        return head.problems
    if not isinstance(head.data, dict):
        return [Issue(MKDOCS, 1, "", "mkdocs.yml should be a mapping of settings (key: value)")]
    old = base.data if base is not None and isinstance(base.data, dict) else {}
    issues = _strings(old, head)
    for key in sorted({*old, *head.data}):
        before, after = old.get(key), head.data.get(key)
        if before == after or key in INERT:
            continue
        if key in ("plugins", "markdown_extensions"):
            issues += _named(key, before, after, head)
        elif key == "theme":
            issues += _theme(before, after, head)
        else:
            why = REASONS.get(
                key,
                "a setting MkDocs or its theme reads; the check cannot tell that it is harmless",
            )
            issues.append(_review(head.line(key), key, why))
    return issues


def _review(line: int, key: str, why: str) -> Issue:
    return Issue(
        MKDOCS,
        line,
        key,
        f"{why}. Ask an administrator to review this change to "
        "the site's settings before it is merged",
        "review",
    )


def _entries(value: Any) -> dict[str, Any]:
    """Plugins or extensions (a list of names or one-key mappings, or a mapping) by name."""
    items = (
        value.items()
        if isinstance(value, dict)
        else [
            next(iter(v.items())) if isinstance(v, dict) and len(v) == 1 else (v, None)
            for v in (value if isinstance(value, list) else [value])
        ]
    )
    return {str(name).removeprefix("markdown.extensions."): options for name, options in items}


def _named(key: str, before: Any, after: Any, head: SiteConfig) -> list[Issue]:
    old, new = _entries(before), _entries(after)
    issues = []
    for position, (name, options) in enumerate(new.items()):
        if name in old and old[name] == options:
            continue
        line = head.line(key, name) if isinstance(after, dict) else head.line(key, position)
        if key == "plugins" and name == "disputes":
            why = (
                "the register plugin's options decide what the site publishes (which "
                "register, the profile, managers' emails)"
            )
        elif name in (PLUGINS if key == "plugins" else EXTENSIONS):
            continue
        elif key == "plugins":
            why = (
                f"plugin `{name}` is not one the register ships ({', '.join(sorted(PLUGINS))}, "
                f"disputes): a plugin is Python code run on every build ({_AFTER_MERGE})"
            )
        else:
            why = (
                f"Markdown extension `{name}` is not on the register's list: an extension is "
                "Python code run on every page, and some read files from the machine or let "
                f"pages hold script (the list: {', '.join(sorted(EXTENSIONS))})"
            )
        issues.append(_review(line, key, why))
    return issues


def _theme(before: Any, after: Any, head: SiteConfig) -> list[Issue]:
    old, new = (
        {"name": v} if isinstance(v, str) else v if isinstance(v, dict) else {}
        for v in (before, after)
    )
    return [
        _review(
            head.line("theme", key),
            f"theme.{key}",
            REASONS.get(
                key, "a theme setting its templates read; the check cannot tell that it is harmless"
            ),
        )
        for key in sorted({*old, *new})
        if old.get(key) != new.get(key) and key not in THEME_INERT
    ]


def _strings(old: Any, head: SiteConfig) -> list[Issue]:
    """HTML or a script address in any text the change adds (the copyright, a nav link)."""
    known = {text for _, text in _texts(old, ())}
    issues = []
    for path, text in _texts(head.data, ()):
        if text in known:
            continue
        if found := active_fragments(text):
            issues.append(
                _review(
                    head.line(*path),
                    _dotted(path),
                    (
                        f"{fragment_words(found)}: MkDocs and its theme put text like this into "
                        "pages as HTML, where it can run script in every reader's browser"
                    ),
                )
            )
    return issues


def _texts(value: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(v, (*path, k))]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in _texts(v, (*path, i))]
    return [(path, value)] if isinstance(value, str) else []

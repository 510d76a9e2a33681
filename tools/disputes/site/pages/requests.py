"""A record page's links to the hosting site's form for each step it can take next, with
the record's id filled in (`?template=<step>.yml&id=<id>`). Plain links: no page calls the
hosting site, and there are none unless mkdocs.yml names the repository (`repo_url`)."""

from __future__ import annotations

from urllib.parse import urlencode

from disputes.history.attest import short
from disputes.records.model import Record
from disputes.route.steps import STEPS
from disputes.site.markup import esc, heading

OPEN_STEPS = ("raised", "escalate", "refer", "note", "resolve", "withdraw", "amend")
CLOSED_STEPS = ("sign", "reopen", "amend")


def form_link(repo_url: str, step: str, record_id: str = "", version: str | None = None) -> str:
    """The address of a step's form on the hosting site, the record's id filled in (and for
    the sign-off, the version of the record the page shows, which the manager confirms)."""
    query = {"template": f"{step}.yml", **({"id": record_id} if record_id else {})}
    if step == "sign" and version:
        query["version"] = short(version)
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(query)}"


def next_steps(record: Record) -> list[str]:
    """The steps a record can take next, by its status and stage."""
    if record.status != "open":  # a sign-off only for a dispute resolved from stage 3
        signs = record.resolution is not None and record.resolution.stage >= 3
        return [s for s in CLOSED_STEPS if s in STEPS and (signs or s != "sign")]
    stage = record.current_stage
    skip = {"raised"} if stage != 3 else set()
    skip |= {"refer"} if stage != 4 else set()
    skip |= {"escalate"} if stage >= 5 else set()
    return [s for s in OPEN_STEPS if s in STEPS and s not in skip]


def requests_section(record: Record, repo_url: str, version: str | None = None) -> str:
    """The links, under 'Take the next step' (none without repo_url; never printed);
    `version`: the record's current version, for the sign-off form."""
    if not repo_url:
        return ""
    items = "".join(
        f'<li><a href="{esc(form_link(repo_url, name, record.id, version))}">{esc(STEPS[name].title)}</a></li>'
        for name in next_steps(record)
    )
    return (
        '<div class="no-print record-requests">'
        + heading(2, "Take the next step")
        + "<p>Each link opens the step's form on the hosting site with this record's id filled "
        "in. The register's workflow makes the change and opens a pull request for the "
        "business unit, or answers on your request with what to correct.</p>"
        + f"<ul>{items}</ul></div>"
    )


RAISE_LINK = "<!-- the link to the raise form -->"  # in site/new.md; the plugin fills it in


def raise_link(repo_url: str) -> str:
    """The New record page's paragraph for people with an account on the hosting site."""
    if not repo_url:
        return (
            "*The register's administrator has not named the register's repository "
            "(`repo_url` in mkdocs.yml), so there is no link to the hosting site's form here: "
            "use the form below.*"
        )
    return (
        f'<p><a class="md-button md-button--primary" href="{esc(form_link(repo_url, "new"))}">'
        "Raise a dispute on the hosting site</a></p>"
    )

"""The profile a build is asked for is the profile it builds: mkdocs.yml cannot change it.

`disputes build --profile public` publishes to the world, so a setting in mkdocs.yml that
would turn it into something else (the internal profile, or no disputes plugin at all, which
would publish site/ as it stands, unchecked) stops the build with a message instead.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from disputes.errors import COULD_NOT_RUN, DisputesError
from disputes.site.plugin import DisputesPlugin

FIX = (
    "The command decides the profile: remove `profile:` from the disputes plugin's settings "
    "in mkdocs.yml, or write `profile: !ENV [DISPUTES_PROFILE, internal]` there."
)


class ProfileConflict(DisputesError):
    """mkdocs.yml contradicts the profile the command was asked for; the message says how."""

    exit_code = COULD_NOT_RUN


def chosen_plugin(config: MkDocsConfig, profile: str, root: Path) -> DisputesPlugin | None:
    """The one disputes plugin of `config`, set to `profile` and reading the register at
    `root`; refuse a conflicting mkdocs.yml."""
    found = [p for p in config.plugins.values() if isinstance(p, DisputesPlugin)]
    if len(found) > 1:
        raise ProfileConflict(
            f"mkdocs.yml lists the disputes plugin {len(found)} times under `plugins:`: keep one."
        )
    if not found:
        if profile == "public":
            raise ProfileConflict(
                "mkdocs.yml does not use the disputes plugin, so a public build would publish "
                "site/ as it stands, unchecked: add `- disputes` under `plugins:` in mkdocs.yml."
            )
        return None
    plugin = found[0]
    said = plugin.profile_in_config
    if said is not None and said != profile:
        raise ProfileConflict(
            f"mkdocs.yml sets `profile: {said}` for the disputes plugin, but this is a "
            f"{profile} build. {FIX}"
        )
    _same_register(plugin, root)
    plugin.config.profile = profile
    return plugin


def _same_register(plugin: DisputesPlugin, root: Path) -> None:
    """The leak check compares the site with the records it was built from: if mkdocs.yml
    pointed the plugin at another register, this register's pages would be checked against
    the wrong records."""
    if plugin.config.root and Path(plugin.config.root).resolve() != root.resolve():
        raise ProfileConflict(
            f"mkdocs.yml points the disputes plugin at another register "
            f"({plugin.config.root}) than the one being built ({root}): remove `root:` from "
            "the plugin's settings in mkdocs.yml."
        )

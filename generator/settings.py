"""Where the generator finds content: from the plugin's options in mkdocs.yml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.pipeline import Settings
from generator.related import DEFAULT_WEIGHTS
from generator.summary import SummaryRules
from generator.vocabulary import DEFAULT_VOCABULARIES

PLUGIN_NAME = "oqrls"
DEFAULT_OPTIONS: dict[str, Any] = {
    "stories_dir": "stories",
    "bulletins_dir": "bulletins",
    "vocabularies_dir": None,
    "summary_words": SummaryRules.max_words,
    "related_weights": {},
}
"""The plugin's options and their defaults; folders are relative to mkdocs.yml."""


def settings_from_options(
    root: Path,
    options: Mapping[str, Any],
    *,
    include_drafts: bool = False,
    site_url: str | None = None,
) -> Settings:
    """Settings for a project whose mkdocs.yml is in `root`, with the plugin's `options`."""
    merged = {**DEFAULT_OPTIONS, **{k: v for k, v in options.items() if v is not None}}
    vocabularies = merged["vocabularies_dir"]
    return Settings(
        root=root,
        stories_dir=root / str(merged["stories_dir"]),
        bulletins_dir=root / str(merged["bulletins_dir"]),
        vocabularies_dir=root / str(vocabularies) if vocabularies else DEFAULT_VOCABULARIES,
        include_drafts=include_drafts,
        site_url=site_url,
        summary_rules=SummaryRules(max_words=int(merged["summary_words"])),
        related_weights={**DEFAULT_WEIGHTS, **dict(merged["related_weights"])},
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as `!!python/name:` or `!ENV` become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def settings_from_mkdocs_yml(config_file: Path, *, include_drafts: bool = False) -> Settings:
    """Settings as the plugin would see them, for commands that run without MkDocs."""
    root = config_file.parent
    options: Mapping[str, Any] = {}
    config: dict[str, Any] = {}
    if config_file.is_file():
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
        for plugin in config.get("plugins") or []:
            if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
                options = plugin[PLUGIN_NAME] or {}
    site_url = config.get("site_url")
    return settings_from_options(
        root,
        options,
        include_drafts=include_drafts,
        site_url=site_url if isinstance(site_url, str) else None,
    )

"""What a build is asked to do: the plugin's options and their defaults, and the settings
the pipeline runs with, read from mkdocs.yml by the plugin or, without MkDocs, by `oqrls`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.facets import DEFAULT_WEIGHTS
from generator.summary import SummaryRules
from generator.vocabulary import DEFAULT_VOCABULARIES

PLUGIN_NAME = "oqrls"


@dataclass(frozen=True)
class Options:
    """The plugin's options in mkdocs.yml and their defaults: the one place they are
    declared (the MkDocs config class in `generator.plugin` takes its defaults from here)."""

    stories_dir: str = "stories"
    """Folder of the stories, relative to mkdocs.yml."""

    bulletins_dir: str = "bulletins"
    """Folder of the bulletins, relative to mkdocs.yml."""

    vocabularies_dir: str | None = None
    """Folder of the vocabulary files; the generator's own vocabularies when absent."""

    summary_words: int = SummaryRules.max_words
    """Longest derived « coup d'œil », in words."""

    related_weights: Mapping[str, float] = field(default_factory=dict)
    """Weight of a shared term per facet key when ranking related stories (0: ignore);
    facets not named keep their default weight (see `generator.facets`)."""

    search: bool = True
    """Build the Pagefind search index after the site (the results page needs it)."""

    admin: bool = True
    """Publish the brokers' editor (Decap CMS) at `admin/`."""

    admin_repo: str | None = None
    """GitHub repository the editor saves to, `owner/name`; taken from `repo_url` when absent."""

    admin_branch: str = "main"
    """Branch the editor reads and commits to."""

    admin_auth_url: str | None = None
    """Address of the GitHub sign-in proxy (OAuth), e.g. a Cloudflare Worker."""

    admin_local_url: str = "http://127.0.0.1:8081/api/v1"
    """decap-server's address for local editing (`npx decap-server`), used from a local preview."""

    node_modules: str = "node_modules"
    """Folder where `npm ci` installed the editor (decap-cms), relative to mkdocs.yml."""


DEFAULTS = Options()

MARKDOWN_BUILTINS: tuple[str, ...] = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always adds to those of mkdocs.yml."""


@dataclass(frozen=True)
class Settings:
    """Where the content is and what to publish: one build's input, besides the files."""

    root: Path
    """Project folder; paths in messages are shown relative to it."""

    stories_dir: Path
    """Folder of the stories, searched recursively for `*.md`."""

    bulletins_dir: Path
    """Folder of the bulletins."""

    vocabularies_dir: Path = DEFAULT_VOCABULARIES
    """Folder of the vocabulary files, one `<name>.yml` per facet."""

    include_drafts: bool = False
    """Publish stories marked `draft: true` (the preview server does, the build does not)."""

    site_url: str | None = None
    """Address of the published site (`site_url` of mkdocs.yml), for absolute links."""

    summary_rules: SummaryRules = field(default_factory=SummaryRules)
    """Limits of the « coups d'œil »."""

    related_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Weight of a shared term, per facet, when ranking related stories."""

    markdown_extensions: tuple[str, ...] = MARKDOWN_BUILTINS
    """The site's Markdown extensions: summaries are rendered as the pages are."""

    markdown_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Their options, by extension name."""

    absolute_root: Path = field(init=False, repr=False, compare=False)
    """`root` resolved once: messages show thousands of paths relative to it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "absolute_root", self.root.resolve())

    def shown(self, path: Path) -> Path:
        """`path` as brokers should read it in a message: relative to the project."""
        # absolute(), not resolve(): no system call per file (thousands of them).
        try:
            return path.absolute().relative_to(self.absolute_root)
        except ValueError:
            return path


def settings_from_options(
    root: Path,
    options: Mapping[str, Any],
    *,
    include_drafts: bool = False,
    site_url: str | None = None,
    markdown_extensions: tuple[str, ...] = MARKDOWN_BUILTINS,
    markdown_configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Settings for a project whose mkdocs.yml is in `root`, with the plugin's `options`."""
    given = {key: value for key, value in options.items() if value is not None}
    merged = Options(**{key: given[key] for key in Options.__dataclass_fields__ if key in given})
    vocabularies = merged.vocabularies_dir
    return Settings(
        root=root,
        stories_dir=root / str(merged.stories_dir),
        bulletins_dir=root / str(merged.bulletins_dir),
        vocabularies_dir=root / str(vocabularies) if vocabularies else DEFAULT_VOCABULARIES,
        include_drafts=include_drafts,
        site_url=site_url,
        summary_rules=SummaryRules(max_words=int(merged.summary_words)),
        related_weights={**DEFAULT_WEIGHTS, **dict(merged.related_weights)},
        markdown_extensions=markdown_extensions,
        markdown_configs=dict(markdown_configs or {}),
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as `!!python/name:` or `!ENV` become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def markdown_from_config(
    entries: object,
) -> tuple[tuple[str, ...], dict[str, Mapping[str, Any]]]:
    """The extensions of a `markdown_extensions` list as MkDocs reads it (a name, or a name
    with its options), after MkDocs' built-in ones."""
    names = list(MARKDOWN_BUILTINS)
    configs: dict[str, Mapping[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            name, options = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
        else:
            continue
        if name not in names:
            names.append(str(name))
        if isinstance(options, dict):
            configs[str(name)] = options
    return tuple(names), configs


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
    extensions, configs = markdown_from_config(config.get("markdown_extensions"))
    return settings_from_options(
        root,
        options,
        include_drafts=include_drafts,
        site_url=site_url if isinstance(site_url, str) else None,
        markdown_extensions=extensions,
        markdown_configs=configs,
    )

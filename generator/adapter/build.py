"""One build's state: what a `mkdocs build`, or one rebuild of the preview, computes.

Lifetime: made by the plugin's `on_files` from the pipeline's collection, completed by
`on_env` (the theme's environment), read until `on_post_build`; the next build makes a new
one. Nothing here outlives its build: what does is the plugin's cache and preview.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from generator.adapter.files import rendered_page
from generator.cache import BuildCache, CompiledTemplates
from generator.collection import Collection
from generator.mkdocs_yml import plugin_line
from generator.model import urls
from generator.model.problems import Problem, count_summary
from generator.outputs import site
from generator.outputs.blocks import BulletinBodies, MissingBodyError
from generator.outputs.newsletter import NO_SUBSCRIPTION, sender_warnings
from generator.outputs.preview_pages import (
    PreviewProblems,
    banner_html,
    preview_pages,
    preview_problems,
)
from generator.outputs.site import GeneratedPage
from generator.settings import Settings, settings_from_options

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class Layout:
    """What laying out pages needs, from on_env on."""

    env: Environment
    """MkDocs' environment of the theme, with the generator's globals and filters."""

    bodies: BulletinBodies
    """The bulletins' bodies with their blocks filled, for the email editions."""


@dataclass
class Build:
    """The state of one build, from on_files to on_post_build."""

    settings: Settings
    collection: Collection
    pages: dict[str, GeneratedPage]
    """Every page the generator makes, by virtual source."""

    destinations: dict[str, str] = field(default_factory=dict)
    """Where each generated page's HTML goes, by source."""

    rendered: list[str] = field(default_factory=list)
    """Generated pages MkDocs rendered in this build (the preview leaves the others)."""

    outputs: set[str] = field(default_factory=set)
    """Files of the site folder this build makes, known at on_env."""

    problems: PreviewProblems | None = None
    """In the preview, the content's problems by file, shown in the browser (pages of the
    refused files, the « Problèmes » page, the banner); None in a build."""

    layout_: Layout | None = None

    @classmethod
    def of(
        cls, settings: Settings, collection: Collection, cache: BuildCache, *, preview: bool
    ) -> Build:
        """The build of `collection`: its pages; in the preview, those of its problems too."""
        problems = preview_problems(collection, settings, cache) if preview else None
        extra = preview_pages(problems) if problems is not None else []
        pages = {page.src_uri: page for page in [*site.pages(collection, cache), *extra]}
        return cls(settings, collection, pages, problems=problems)

    @property
    def layout(self) -> Layout:
        """The theme's environment and the bulletins' bodies, set by on_env."""
        if self.layout_ is None:
            raise PluginError("construction interrompue avant la mise en page (on_env)")
        return self.layout_

    def register(self, env: Environment, config: MkDocsConfig, cache: BuildCache) -> BulletinBodies:
        """Give a theme environment the collection, the French filters and the cards."""
        env.bytecode_cache = CompiledTemplates(cache)
        # MkDocs makes a new environment for each build, and templates do not change during
        # one: no need to look at each template file's time again at every include (tens of
        # thousands in a build).
        env.auto_reload = False
        env.globals["oqrls_apercu"] = self.problems  # the preview's banner (None: a build)
        return site.register(env, self.collection, base_url(config), cache, self.settings.sender)

    def banner(self, config: MkDocsConfig) -> dict[str, bytes]:
        """In the preview, the banner file every page shows (see `banner_html`)."""
        if self.problems is None:
            return {}
        html = banner_html(self.layout.env, self.problems, base_url(config))
        return {urls.problems_banner(): html.encode()}

    def fill_bulletins(self, files: Files, keep: Callable[[str, str], None]) -> None:
        """Each bulletin's blocks in its HTML: cards exist from on_env on, after MkDocs has
        rendered every page's Markdown (in the preview, only the pages it renders again);
        `keep` is given each filled body (the preview keeps it for its email edition)."""
        for bulletin in self.collection.bulletins:
            page = rendered_page(files, bulletin.permalink.src_uri)
            if page is None or page.content is None:  # (the second, for mypy)
                continue
            try:
                page.content = self.layout.bodies.fill(bulletin, page.content)
            except MissingBodyError as error:
                raise PluginError(str(error)) from None
            keep(bulletin.permalink.src_uri, page.content)

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Count the time spent in the block as the generator's rendering (the benchmark
        reads it from `Collection.timings`)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            timings = self.collection.timings
            timings["render"] = timings.get("render", 0.0) + time.perf_counter() - start


def base_url(config: MkDocsConfig) -> str:
    """The path of `site_url`, where links that start from the site root start."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def refuse(problems: list[Problem], what: str) -> None:
    """Stop the build on `problems` (of the configuration or of docs_dir), each logged."""
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{what} ({count_summary(problems)})")


def report_problems(collection: Collection, settings: Settings, *, stop: bool) -> None:
    """Log the content's problems, and the sender's details Le Relais lacks; with `stop`
    (a build, not the preview), refuse content with errors."""
    problems = collection.problems
    for problem in problems:
        (log.error if problem.is_error else log.warning)(str(problem))
    if collection.errors and stop:
        raise PluginError(
            f"contenu invalide ({count_summary(problems)}) : "
            "corrigez les problèmes ci-dessus, ou lancez « oqrls check » pour les revoir"
        )
    if collection.bulletins and settings.config_file is not None:
        config_file = settings.config_file
        shown = settings.shown(config_file)
        for warning in sender_warnings(settings.sender, shown, plugin_line(config_file)):
            log.warning(str(warning))
        if settings.sender.subscribe_url is None:
            log.info(NO_SUBSCRIPTION)


def benchmark_timings(build: Build) -> None:
    """The benchmark (bench/run.py) reads the generator's own time per stage from the file
    that OQRLS_TIMINGS names."""
    target = os.environ.get("OQRLS_TIMINGS")
    if target:
        Path(target).write_text(json.dumps(build.collection.timings))


def settings_of(config: MkDocsConfig, written: dict[str, object], *, drafts: bool) -> Settings:
    """A build's settings: the plugin's options as mkdocs.yml `written` them, and what the
    generator reads of MkDocs' configuration."""
    return settings_from_options(
        Path(config.config_file_path).parent,
        written,
        include_drafts=drafts,
        site_url=config.site_url,
        markdown_extensions=tuple(config.markdown_extensions),
        markdown_configs=config.mdx_configs,
        site_name=config.site_name,
        extra=dict(config.extra),
        config_file=Path(config.config_file_path),
    )

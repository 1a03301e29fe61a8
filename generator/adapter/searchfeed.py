"""Pagefind, fed during the build (see `generator.outputs.search`): each story's article as soon as
MkDocs has rendered its Markdown, each bulletin's once its blocks are in; Pagefind indexes
them on the other core, and writes its bundle while MkDocs lays out the pages.

Lifetime: one `SearchFeed` per build that has a search index (not the preview), from
on_nav to on_post_build, or to on_build_error, which stops Pagefind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.adapter.files import rendered_page
from generator.model import urls
from generator.outputs import site
from generator.outputs.search import SearchIndex, SearchIndexError

log = get_plugin_logger(__name__)


class SearchFeed:
    """The articles of one build, rendered once, handed to Pagefind and kept for their page."""

    def __init__(
        self, config: MkDocsConfig, nav: Navigation, files: Files,
        prepare: Callable[[Environment], object],
    ) -> None:  # fmt: skip
        """Start Pagefind, and the environment articles are rendered with before MkDocs
        hands over its own (on_env): the same theme, made ready by `prepare`."""
        # The environment first: if a template fails there, no Pagefind is left running.
        self.env = config.theme.get_env()
        prepare(self.env)
        try:
            self.index = SearchIndex(
                config.theme["language"], Path(config.site_dir) / urls.SEARCH_BUNDLE
            )
        except SearchIndexError as error:
            raise PluginError(f"l'index de recherche (Pagefind) a échoué : {error}") from None
        self.nav = nav
        """This build's navigation, part of the context an article is rendered with."""
        self.listed = files.documentation_pages()
        """This build's pages, part of that context too (listed once: given `files`,
        `get_context` would list them again for every article)."""
        self.articles: dict[str, Markup] = {}
        """The articles handed to Pagefind, by page source, until their page takes them."""

    def add(self, generated: site.GeneratedPage, page: Page, config: MkDocsConfig) -> None:
        """Render the article of `page` with MkDocs' own context for it, plus its data; keep
        it for its page, and hand it to Pagefind."""
        if not generated.article:
            return
        context = get_context(self.nav, self.listed, config, page)
        context.update(generated.context)  # type: ignore[typeddict-item]
        article = site.render_article(self.env, generated.article, context)
        self.articles[generated.src_uri] = article
        self.index.add(page.url, article)

    def finish(
        self, pages: dict[str, site.GeneratedPage], files: Files, config: MkDocsConfig
    ) -> None:
        """Hand Pagefind the articles not given yet (the bulletins', once their blocks are
        in), then have it write its bundle on the other core while MkDocs lays out the
        pages (their templates take the article as it is)."""
        for generated in pages.values():
            page = rendered_page(files, generated.src_uri) if generated.article else None
            # A `--dirty` build leaves unchanged pages as they are, and out of the index.
            if page is not None and generated.src_uri not in self.articles:
                self.add(generated, page, config)
        self.index.start_writing()

    def take(self, src_uri: str) -> Markup | None:
        """The article of a page, for its template; each page takes its own once."""
        return self.articles.pop(src_uri, None)

    def write(self) -> None:
        """Wait for Pagefind's bundle."""
        try:
            self.index.write()
        except SearchIndexError as error:
            raise PluginError(f"l'index de recherche (Pagefind) a échoué : {error}") from None

    def close(self) -> None:
        """Stop Pagefind (the build failed)."""
        self.index.close()

"""The MkDocs plugin `oqrls`: a table of MkDocs events, each handed to the generator.

The pipeline (`generator.pipeline`) makes the collection; the objects of
`generator.adapter` hold what MkDocs' events share: one build's state (`Build`), Pagefind's
feed (`SearchFeed`) and what the preview keeps across rebuilds (`Preview`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.adapter.build import (
    Build,
    Layout,
    benchmark_timings,
    refuse,
    report_problems,
    settings_of,
)
from generator.adapter.files import (
    LOCAL_URL,
    add_admin,
    page_file,
    publish_checked,
    write_outputs,
)
from generator.adapter.options import OqrlsConfig
from generator.adapter.preview import Preview
from generator.adapter.publish import docs_dir_problems
from generator.adapter.searchfeed import SearchFeed
from generator.cache import BuildCache
from generator.model import urls
from generator.outputs import pagehtml
from generator.outputs.blocks import MissingBodyError
from generator.outputs.feeds import feed_files
from generator.outputs.sanitize import body_slugify, sanitize_html
from generator.outputs.typography import french_spacing, typeset_titles
from generator.pipeline import build_collection
from generator.settings import OPTION_NAMES, Settings

log = get_plugin_logger(__name__)


class OqrlsPlugin(BasePlugin[OqrlsConfig]):  # type: ignore[no-untyped-call]
    """Publishes the OQRLS stories with MkDocs. Events, in the order MkDocs calls them:

    - `on_startup`: remembers whether this is the preview server (drafts shown, errors kept
      going); the instance, its cache and its preview then live across the rebuilds.
    - `load_config`: keeps the options as written, for the generator to check.
    - `on_config`: refuses a wrong option, and links or special files MkDocs would choke
      on; gives MkDocs the navigation of `urls.navigation()` and the bodies' heading ids.
    - `on_files`: runs the pipeline and reports its problems; publishes only the files it
      checked, the open data, the editor (`admin/`) and one virtual page per page it makes.
    - `on_nav`: French typography of the menu; in a build with a search index, starts
      Pagefind's feed.
    - `on_page_markdown`: gives generated pages their template and title.
    - `on_page_content`: sanitises story and bulletin bodies; then, after every other
      plugin's change, hands a story's article to Pagefind.
    - `on_env`: gives the theme the collection and the French filters; fills the bulletins'
      blocks; hands Pagefind the rest and has it write while MkDocs lays out the pages.
    - `on_page_context`: gives a page its data (its story, its bulletin, its article) and
      French typography to its table of contents.
    - `on_post_page`, `on_post_template`: compacts and seals each page (its scripts in the
      security policy), absolute addresses for print.
    - `on_post_build`: writes the feeds and the bulletins' email editions; waits for the
      search bundle; has the preview drop what is stale and watch new folders.
    - `on_build_error`: stops Pagefind.
    - `on_serve`: the preview watches each content folder and rebuilds only what changed.
    """

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        """`mkdocs serve`: drafts are shown and content errors do not stop the server."""
        self.written: dict[str, Any] = {}
        """The plugin's options as mkdocs.yml writes them (checked by the generator)."""
        self.cache = BuildCache()
        """Parsed files, rendered cards, compiled templates: kept across rebuilds."""
        self.preview = Preview(self.cache)
        """What the preview keeps across rebuilds (page digests, watched folders)."""
        self.build: Build | None = None
        """This build's state, from on_files on; replaced by the next build's."""
        self.search: SearchFeed | None = None
        """This build's feed of Pagefind, from on_nav on (no search index: None)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        # Options as written, so that the generator, not MkDocs, reports a wrong one (in
        # French, at its line); MkDocs only sees the ones it knows.
        self.written = dict(options)
        known = {key: value for key, value in options.items() if key in OPTION_NAMES}
        return super().load_config(known, config_file_path)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before MkDocs walks docs_dir on its own: a loop of links would hang it, a broken
        # link or a pipe would stop it with a traceback.
        settings = self._settings(config)
        refuse(
            [*settings.problems, *docs_dir_problems(settings, Path(config.docs_dir))],
            "configuration ou fichiers refusés",
        )
        if config.nav is None:  # mkdocs.yml may write its own; else the generator's entries
            config.nav = [{title: page.src_uri} for title, page in urls.navigation()]
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = body_slugify(toc.get("slugify"))
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self._settings(config)
        self.cache.start_build()
        collection = build_collection(settings, cache=self.cache)
        report_problems(collection, settings, stop=not self.serving)
        self.build = build = Build.of(settings, collection, self.cache, preview=self.serving)
        publish_checked(files, config, settings, collection, self.cache)
        if settings.options.admin:
            add_admin(files, config, settings, collection, self.cache, serving=self.serving)
        if self.serving:
            self.preview.start(config, build, files, dict(self.config))
        for page in build.pages.values():
            file = page_file(files, config, page)
            build.destinations[page.src_uri] = file.abs_dest_path
            self.preview.mark(file, page)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        typeset_titles(nav.items)
        build = self._build()
        self.search = None
        # The preview skips the search index: brokers previewing a story do not search.
        if build.settings.options.search and not self.serving:
            with build.timed():
                self.search = SearchFeed(
                    config, nav, files, lambda env: build.register(env, config, self.cache)
                )
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self._build().pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["template"] = generated.template
            # Material prints titles and descriptions without escaping them: hand it
            # HTML-safe text.
            page.meta["title"] = str(escape(french_spacing(generated.title)))
            if generated.description:
                page.meta["description"] = str(escape(french_spacing(generated.description)))
            if generated.hide:
                page.meta["hide"] = list(generated.hide)
        return markdown

    def _sanitize_body(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self._build().pages.get(page.file.src_uri)
        if generated is not None and generated.markdown:
            return sanitize_html(html)  # a story's or a bulletin's body: the broker's HTML
        return html

    @event_priority(-100)  # after every plugin's change to the page's HTML
    def _index_article(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A story's article goes to Pagefind as soon as its HTML exists, while MkDocs
        renders the next pages' Markdown; a bulletin's waits for its blocks (on_env)."""
        build = self._build()
        generated = build.pages.get(page.file.src_uri)
        if (
            self.search is not None
            and generated is not None
            and "bulletin" not in generated.context
        ):
            with build.timed():
                page.content = html  # what MkDocs sets it to when this hook returns
                self.search.add(generated, page, config)
        return html

    on_page_content = CombinedEvent(_sanitize_body, _index_article)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        build = self._build()
        with build.timed():
            build.layout_ = Layout(env, build.register(env, config, self.cache))
            build.fill_bulletins(files, self.preview.keep_body)
            if self.search is not None:
                self.search.finish(build.pages, files, config)
            build.outputs = {file.abs_dest_path for file in files} | {
                str(Path(config.site_dir) / name) for name in config.theme.static_templates
            }
        return env

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        typeset_titles(page.toc)
        generated = self._build().pages.get(page.file.src_uri)
        if generated is None:
            return context
        context.update(generated.context)  # type: ignore[typeddict-item]
        article = self.search.take(page.file.src_uri) if self.search is not None else None
        if article is not None:
            context["article_html"] = article  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        build = self._build()
        generated = build.pages.get(page.file.src_uri)
        if generated is not None:
            build.rendered.append(page.file.src_uri)
        output = pagehtml.seal_scripts(pagehtml.compact_html(output), preview=self.serving)
        if generated is not None and generated.for_print:
            address = urljoin(config.site_url or LOCAL_URL, page.url)
            output = pagehtml.print_addresses(output, address)
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return pagehtml.seal_scripts(output_content, preview=self.serving)  # 404.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self._build()
        with build.timed():
            site_url = config.site_url or LOCAL_URL
            if not config.site_url:
                log.warning(
                    "site_url absent de mkdocs.yml : les flux et courriels auront des liens locaux"
                )
            try:
                emails = self.preview.emails(
                    build, site_url, build.layout.bodies, build.settings.sender
                )
            except MissingBodyError as error:
                raise PluginError(f"édition courriel impossible : {error}") from None
            for problem in emails.warnings:
                log.warning(str(problem))
            outputs = {
                **feed_files(build.collection, site_url),
                **emails.files,
                **build.banner(config),
            }
            written = write_outputs(Path(config.site_dir), outputs)
            self.preview.done(config, build, written)
            if self.search is not None:
                search, self.search = self.search, None
                search.write()
        self.cache.end_build()
        self.preview.watch(config, build.settings)
        benchmark_timings(build)

    def on_build_error(self, *, error: Exception) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        self.preview.serve(server, config, self._settings(config), builder, dirty=self.serving)
        return server

    # -- Helpers of the events above -------------------------------------------------------

    def _settings(self, config: MkDocsConfig) -> Settings:
        return settings_of(config, self.written, drafts=self.serving)

    def _build(self) -> Build:
        """This build's state: every event after on_files has one (MkDocs stops a build
        whose on_files failed)."""
        if self.build is None:
            raise PluginError("événement de MkDocs reçu avant on_files")
        return self.build

"""The MkDocs adapter: wires MkDocs events to the generator's pipeline and templates."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.commands.build import build, get_context
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date
from mkdocs.utils.templates import TemplateContext

from generator import cms, site, urls
from generator.blocks import BulletinBodies, MissingBodyError
from generator.bulletin import Bulletin
from generator.cache import BuildCache, CompiledTemplates
from generator.collection import Collection
from generator.content import folders_to_watch
from generator.feeds import feed_files
from generator.incremental import PageInputs, Renders, fingerprint, folders_digest, remove_stale
from generator.material import BUNDLE, language_alternates_only
from generator.newsletter import (
    NO_SUBSCRIPTION,
    EmailEditions,
    email_editions,
    sender_warnings,
)
from generator.newsletter import TEMPLATES as EMAIL_TEMPLATES
from generator.opendata import open_data_files
from generator.pipeline import build_collection
from generator.problems import count_summary
from generator.publish import docs_dir_problems, unchecked_files
from generator.sanitize import body_slugify, sanitize_html
from generator.search import SearchIndex, SearchIndexError
from generator.settings import (
    DEFAULTS,
    OPTION_NAMES,
    Sender,
    Settings,
    plugin_line,
    settings_from_options,
)
from generator.typography import french_spacing, typeset_titles

log = get_plugin_logger(__name__)
LOCAL_URL = "http://127.0.0.1:8000/"
"""Stands for `site_url` when mkdocs.yml has none (absolute links then point to the preview)."""


class OqrlsConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the `oqrls` plugin in mkdocs.yml. Their meaning, defaults and checks are
    declared once, in `generator.settings.Options`: MkDocs takes them as written, and the
    generator reports a wrong one in French, located (see `OqrlsPlugin.load_config`)."""

    stories_dir = config_options.Type(object, default=DEFAULTS.stories_dir)
    bulletins_dir = config_options.Type(object, default=DEFAULTS.bulletins_dir)
    vocabularies_dir = config_options.Optional(config_options.Type(object))
    summary_words = config_options.Type(object, default=DEFAULTS.summary_words)
    related_weights = config_options.Type(object, default=dict(DEFAULTS.related_weights))
    search = config_options.Type(object, default=DEFAULTS.search)
    sender_name = config_options.Type(object, default=DEFAULTS.sender_name)
    postal_address = config_options.Optional(config_options.Type(object))
    unsubscribe_link = config_options.Optional(config_options.Type(object))
    subscribe_url = config_options.Optional(config_options.Type(object))
    admin = config_options.Type(object, default=DEFAULTS.admin)
    admin_repo = config_options.Optional(config_options.Type(object))
    admin_branch = config_options.Type(object, default=DEFAULTS.admin_branch)
    admin_auth_url = config_options.Optional(config_options.Type(object))
    admin_local_url = config_options.Type(object, default=DEFAULTS.admin_local_url)
    node_modules = config_options.Type(object, default=DEFAULTS.node_modules)


class OqrlsPlugin(BasePlugin[OqrlsConfig]):  # type: ignore[no-untyped-call]
    """Publishes the OQRLS stories with MkDocs.

    Hooks:
    - `on_startup`: remembers whether this is the preview server (drafts shown, errors kept
      going); the instance, and its cache, then live across the server's rebuilds.
    - `on_files`: runs the pipeline once, reports problems, adds one virtual page per page
      the generator makes, drops the raw content files and the email templates of the
      theme (`theme/courriel/`) from MkDocs' own list, and corrects Material's script
      (`generator.material`: no request for a missing sitemap); adds the editor (`admin/`:
      its page, its configuration and, when installed, its bundle).
    - `on_config`: refuses a wrong option, and links or special files MkDocs would choke on.
    - `on_page_markdown`: gives generated pages their template and title.
    - `on_nav`: keeps the site's navigation, part of every template's context; in a build
      with a search index, starts Pagefind.
    - `on_page_content`: sanitises the HTML of story and bulletin bodies; then, after every
      other plugin's change, renders a story's article (the part readers search) and hands
      it to Pagefind, which indexes it while MkDocs renders the next pages' Markdown.
    - `on_env`: exposes the collection and the French filters to the templates; has
      `generator.blocks` put the blocks a bulletin's editor placed (cards, lists) in its HTML;
      hands Pagefind the bulletins' articles, and has it write its bundle while MkDocs lays
      out the pages.
    - `on_page_context`: gives a page the data it shows (its story, its bulletin, its
      article already rendered).
    - `on_post_page`: removes the indentation of every page (a tenth of the site's size) and
      gives each link of a page meant for print (a bulletin) the absolute address the print
      stylesheet shows.
    - `on_post_build`: writes the feeds, the bulletins' email editions and the search
      index; drops the cache entries this build did not use.
    - `on_build_error`: stops Pagefind.
    - `on_serve`: watches the stories, bulletins and vocabularies, folder by folder, and has
      the preview rebuild only the pages an edit changes (see `generator.incremental`).
    """

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        """`mkdocs serve`: drafts are shown and content errors do not stop the server."""
        self.cache = BuildCache()
        """Parsed files and rendered cards, kept from one build to the next (serve)."""
        # One build's state, replaced by the next build:
        self.settings: Settings | None = None
        self.collection: Collection | None = None
        self.pages: dict[str, site.GeneratedPage] = {}
        self.env: Environment | None = None
        self.bodies: BulletinBodies | None = None
        self.server: LiveReloadServer | None = None
        """The preview server, once it runs: new folders are watched after each build."""
        self.watched: set[Path] = set()
        """Folders the preview server watches."""
        self.written: dict[str, Any] = {}
        """The plugin's options as mkdocs.yml writes them (checked by the generator)."""
        self.renders: Renders | None = None
        self.search: SearchIndex | None = None
        """Pagefind, fed every article before the pages are laid out (not in the preview)."""
        self.nav: Navigation | None = None
        """This build's navigation, part of the context an article is rendered with."""
        self.listed: Sequence[File] = ()
        """This build's documentation pages, part of that context too."""
        self.article_env: Environment | None = None
        """The theme's environment the articles are rendered with: they are, from on_nav
        on, before MkDocs hands over its own (on_env)."""
        self.articles: dict[str, Markup] = {}
        """The articles handed to Pagefind, by page source, until their page takes them."""
        self.rendered: list[str] = []
        """Generated pages rendered by the last build (the others were left as they were)."""
        self.destinations: dict[str, str] = {}
        """Where each generated page's HTML goes, by source."""
        self.outputs: set[str] = set()
        """Files the last build wrote in the site folder."""
        self.outputs_now: set[str] = set()
        self.unchanged: set[str] = set()
        """Theme templates of the site (404.html, sitemap.xml) this build need not render."""
        self.config_digest = ""
        """Digest of the mkdocs.yml the last build read."""

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

    def _settings(self, config: MkDocsConfig) -> Settings:
        config_file = Path(config.config_file_path)
        return settings_from_options(
            config_file.parent,
            self.written,
            include_drafts=self.serving,
            site_url=config.site_url,
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=config.mdx_configs,
            site_name=config.site_name,
            extra=dict(config.extra),
            config_file=Path(config.config_file_path),
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before MkDocs walks docs_dir on its own: a loop of links would hang it, a broken
        # link or a pipe would stop it with a traceback.
        settings = self._settings(config)
        problems = [*settings.problems, *docs_dir_problems(settings, Path(config.docs_dir))]
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = body_slugify(toc.get("slugify"))
        if problems:
            for problem in problems:
                log.error(str(problem))
            raise PluginError(f"configuration ou fichiers refusés ({count_summary(problems)})")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self._settings(config)
        self.cache.start_build()
        collection = build_collection(settings, cache=self.cache)
        for problem in collection.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        if collection.errors and not self.serving:
            raise PluginError(
                f"contenu invalide ({count_summary(collection.problems)}) : "
                "corrigez les problèmes ci-dessus, ou lancez « oqrls check » pour les revoir"
            )
        if collection.bulletins:
            config_file = Path(config.config_file_path)
            for problem in sender_warnings(
                settings.sender, settings.shown(config_file), plugin_line(config_file)
            ):
                log.warning(str(problem))
            if settings.sender.subscribe_url is None:
                log.info(NO_SUBSCRIPTION)
        self.settings = settings
        self.collection = collection
        # Only what the generator checked is published: MkDocs' own copies of the content
        # folders go (the generator adds back the attachments it accepted), and so does any
        # other Markdown page of docs_dir, which nothing would check.
        for unchecked, refusal in unchecked_files(files, settings):
            files.remove(unchecked)
            if refusal is not None:
                log.error(str(refusal))
        for src_uri, attached in collection.attachments.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(attached)))
        # The email templates are the generator's, not files of the site.
        theme_dirs = [Path(folder).resolve() for folder in config.theme.dirs]
        for file in list(files):
            if (
                file.abs_src_path
                and file.src_uri.startswith(f"{EMAIL_TEMPLATES}/")
                and _is_inside(Path(file.abs_src_path), theme_dirs)
            ):
                files.remove(file)
        _correct_material(files, config)
        site_url = config.site_url or LOCAL_URL
        for path, content in open_data_files(collection, site_url, self.cache).items():
            files.append(File.generated(config, path, content=content))
        if settings.options.admin:
            self._add_admin(files, config, settings, collection)
        self.pages = {page.src_uri: page for page in site.pages(collection, self.cache)}
        self.config_digest = _file_digest(Path(config.config_file_path or ""))
        self.rendered = []
        self.destinations = {}
        self.renders = None
        self.unchanged = set()
        # Only the preview builds again in the same process: a build has no use for digests.
        renders = self._renders(config, settings, collection, files) if self.serving else None
        listed = {file.src_uri: file for file in files}
        for page in self.pages.values():
            existing = listed.get(page.src_uri)
            if existing is not None:
                files.remove(existing)
            # NOT_IN_NAV: mkdocs.yml may still list a page in `nav`, but MkDocs does not
            # report the many pages it leaves out (stories, terms) as forgotten.
            file = _PageFile.generated(
                config,
                page.src_uri,
                content=page.markdown,
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            assert isinstance(file, _PageFile)
            self.destinations[page.src_uri] = file.abs_dest_path
            if renders is not None:
                bulletin = page.context.get("bulletin")
                renders.digest(
                    PageInputs(
                        page.src_uri, page.title, page.template, page.markdown, page.context,
                        filled=bulletin.blocks if bulletin is not None else None,
                    )
                )  # fmt: skip
                file.unchanged = renders.is_fresh(page.src_uri, file.abs_dest_path)
            files.append(file)
        return files

    def _add_admin(
        self, files: Files, config: MkDocsConfig, settings: Settings, collection: Collection
    ) -> None:
        """`admin/`: the editor's page and configuration, and its bundle when installed."""
        root = settings.root.resolve()
        options = settings.options
        backend = cms.Backend(
            repo=options.admin_repo or cms.repo_from_url(config.repo_url),
            branch=options.admin_branch,
            auth_url=options.admin_auth_url,
            local_url=options.admin_local_url,
        )
        folders = [
            _relative_to(path, root) for path in (settings.stories_dir, settings.bulletins_dir)
        ]
        bundle = cms.bundle_files(root / options.node_modules)
        if bundle is None:
            log.info(cms.BUNDLE_HELP)
        else:
            for path, source in bundle.files.items():
                files.append(File.generated(config, path, abs_src_path=str(source)))
        env = config.theme.get_env()
        template = env.get_template("admin.html")
        vocabularies = collection.vocabularies

        def outputs() -> tuple[str, str]:
            contracts = self.cache.get(("cms-contracts",), cms.Contracts)
            admin_config = cms.cms_config(
                stories_folder=folders[0],
                bulletins_folder=folders[1],
                vocabularies=vocabularies,
                backend=backend,
                site_url=config.site_url,
                contracts=contracts,
            )
            rules = cms.validation_rules(vocabularies, config.site_url, contracts)
            html = template.render(cms.admin_page(bundle, rules, config.site_name))
            return cms.config_yaml(admin_config), html

        # The preview rebuilds after every edit: redo this only when what it shows changed.
        template_source = Path(template.filename).read_text("utf-8") if template.filename else ""
        key = (
            "cms",
            cms.vocabulary_key(vocabularies),
            backend,
            tuple(folders),
            config.site_url,
            config.site_name,
            bundle.version if bundle else None,
            template_source,
        )
        config_text, html = self.cache.get(key, outputs)
        files.append(File.generated(config, urls.admin_file("index.html"), content=html))
        files.append(File.generated(config, urls.admin_file("config.yml"), content=config_text))

    def _renders(
        self, config: MkDocsConfig, settings: Settings, collection: Collection, files: Files
    ) -> Renders:
        """This build's page digests, over what every page shows: the settings, mkdocs.yml,
        the theme's files and the vocabularies."""
        theme = folders_digest(Path(folder) for folder in config.theme.dirs)
        everywhere = fingerprint(
            settings, dict(self.config), self.config_digest, config.site_url,
            config.use_directory_urls, theme, collection.vocabularies, self.serving,
        )  # fmt: skip
        sources = [file.src_uri for file in files if file.is_documentation_page()]
        self.renders = Renders(
            config.theme.get_env(),
            self.cache,
            everywhere,
            site.content_globals(collection),
            [*sources, *self.pages],
        )
        # The 404 page and the sitemap show the nav and the list of pages, as of today.
        self.unchanged = set()
        for name in sorted(config.theme.static_templates):
            self.renders.digest_other(name, get_build_date())
            if self.renders.is_fresh(name, os.path.join(config.site_dir, name)):
                self.unchanged.add(name)
        config.theme.static_templates.difference_update(self.unchanged)
        return self.renders

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.pages.get(page.file.src_uri)
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
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.markdown:
            return sanitize_html(html)  # a story's or a bulletin's body: the broker's HTML
        return html

    @event_priority(-100)  # after every plugin's change to the page's HTML
    def _index_article(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A story's article, rendered as soon as its HTML is, and handed to Pagefind, which
        indexes it while MkDocs renders the next pages' Markdown. A bulletin's waits for
        its blocks (on_env)."""
        generated = self.pages.get(page.file.src_uri)
        if self.search is None or generated is None or not generated.article:
            return html
        if "bulletin" not in generated.context:
            start = time.perf_counter()
            page.content = html  # what MkDocs sets it to when this hook returns
            self._add_article(generated, page, config)
            self._render_time(start)
        return html

    on_page_content = CombinedEvent(_sanitize_body, _index_article)

    def _prepare(self, env: Environment, config: MkDocsConfig) -> BulletinBodies:
        """Give `env` the collection, the French filters and the cards."""
        assert self.collection is not None
        base_url = urlsplit(config.site_url or "/").path or "/"
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        env.bytecode_cache = CompiledTemplates(self.cache)
        # MkDocs makes a new environment for each build, and templates do not change during
        # one: no need to look at each template file's time again at every include (tens of
        # thousands in a build).
        env.auto_reload = False
        sender = self.settings.sender if self.settings else None
        return site.register(env, self.collection, base_url, self.cache, sender)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.collection is not None
        start = time.perf_counter()
        self.bodies = self._prepare(env, config)
        self.env = env
        self._fill_bulletins(files)
        if self.search is not None:
            self._finish_index(files, config)
        site_dir = Path(config.site_dir)
        self.outputs_now = {file.abs_dest_path for file in files} | {
            str(site_dir / name) for name in {*config.theme.static_templates, *self.unchanged}
        }
        self._render_time(start)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        typeset_titles(nav.items)
        self.nav = nav
        self.articles = {}
        self.search = None
        # The preview skips the search index: brokers previewing a story do not search.
        if self.settings is not None and self.settings.options.search and not self.serving:
            self._start_index(config, files)
        return nav

    def _start_index(self, config: MkDocsConfig, files: Files) -> None:
        """Start Pagefind, and the environment articles are rendered with before MkDocs
        hands over its own (on_env): the same theme and filters."""
        start = time.perf_counter()
        try:
            bundle = Path(config.site_dir) / urls.SEARCH_BUNDLE
            self.search = SearchIndex(config.theme["language"], bundle)
        except SearchIndexError as error:
            raise PluginError(f"l'index de recherche (Pagefind) a échoué : {error}") from None
        self.article_env = env = config.theme.get_env()
        self._prepare(env, config)
        # Listed once: given `files`, get_context would list them again for every page.
        self.listed = files.documentation_pages()
        self._render_time(start)

    def _add_article(self, generated: site.GeneratedPage, page: Page, config: MkDocsConfig) -> None:
        """Render the article of `page` with MkDocs' own context for it, plus its data; keep
        it for its page, and hand it to Pagefind."""
        assert self.search is not None and self.nav is not None and self.article_env is not None
        assert generated.article
        context = get_context(self.nav, self.listed, config, page)
        context.update(generated.context)  # type: ignore[typeddict-item]
        article = site.render_article(self.article_env, generated.article, context)
        self.articles[generated.src_uri] = article
        self.search.add(page.url, article)

    def _fill_bulletins(self, files: Files) -> None:
        """Each bulletin's blocks in its HTML: cards exist from on_env on, after MkDocs has
        rendered every page's Markdown (in the preview, only the pages it renders again)."""
        assert self.collection is not None and self.bodies is not None
        for bulletin in self.collection.bulletins:
            src_uri = bulletin.permalink.src_uri
            page = _rendered_page(files, src_uri)
            if page is None or page.content is None:  # (the second, for mypy)
                continue
            try:
                page.content = self.bodies.fill(bulletin, page.content)
            except MissingBodyError as error:
                raise PluginError(str(error)) from None
            if self.renders is not None:
                self.renders.keep(src_uri, "body", page.content)

    def _finish_index(self, files: Files, config: MkDocsConfig) -> None:
        """Hand Pagefind the articles not given yet (the bulletins', once their blocks are
        in), then have it write its bundle on the other core while MkDocs lays out the
        pages (their templates take the article as it is)."""
        assert self.search is not None
        for generated in self.pages.values():
            page = _rendered_page(files, generated.src_uri) if generated.article else None
            # A `--dirty` build leaves unchanged pages as they are, and out of the index.
            if page is not None and generated.src_uri not in self.articles:
                self._add_article(generated, page, config)
        self.search.start_writing()

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.pages:
            self.rendered.append(page.file.src_uri)
        output = site.seal_scripts(site.compact_html(output), preview=self.serving)
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.for_print:
            output = site.print_addresses(output, urljoin(config.site_url or LOCAL_URL, page.url))
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return site.seal_scripts(output_content, preview=self.serving)  # 404.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if (
            self.collection is None
            or self.env is None
            or self.bodies is None
            or self.settings is None
        ):
            return
        start = time.perf_counter()
        site_url = config.site_url or LOCAL_URL
        if not config.site_url:
            log.warning(
                "site_url absent de mkdocs.yml : les flux et courriels auront des liens locaux"
            )
        try:
            emails = self._emails(site_url, self.settings.sender)
        except MissingBodyError as error:
            raise PluginError(f"édition courriel impossible : {error}") from None
        for problem in emails.warnings:
            log.warning(str(problem))
        outputs = {**feed_files(self.collection, site_url), **emails.files}
        for relative, content in outputs.items():
            target = Path(config.site_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        self._preview_done(config, [str(Path(config.site_dir) / path) for path in outputs])
        if self.search is not None:
            search, self.search = self.search, None
            try:
                unlightened = search.write()
            except SearchIndexError as error:
                raise PluginError(f"l'index de recherche (Pagefind) a échoué : {error}") from None
            if unlightened is not None:
                log.warning(f"recherche : index laissé tel que Pagefind l'a écrit — {unlightened}")
        self._render_time(start)
        self.cache.end_build()
        self._watch(config)
        if os.environ.get("OQRLS_TIMINGS"):
            # The benchmark reads the generator's own time per stage from here.
            Path(os.environ["OQRLS_TIMINGS"]).write_text(json.dumps(self.collection.timings))

    def _emails(self, site_url: str, sender: Sender) -> EmailEditions:
        """The bulletins' email editions; in the preview, a bulletin's is the last build's
        while its page did not change (an email is made from its page)."""
        assert self.env is not None and self.collection is not None and self.bodies is not None
        env, collection, bodies = self.env, self.collection, self.bodies
        renders = self.renders
        if renders is None:
            return email_editions(env, collection, site_url, bodies, sender)
        sources = [bulletin.permalink.src_uri for bulletin in collection.bulletins]
        for bulletin, src_uri in zip(collection.bulletins, sources, strict=True):
            body = renders.kept(src_uri, "body")
            if src_uri not in self.rendered and isinstance(body, str):
                bodies.keep(bulletin, body)

        def kept(bulletin: Bulletin, make: Callable[[], EmailEditions]) -> EmailEditions:
            # An email is made from its bulletin's page: the same page, the same email.
            page = renders.digests[bulletin.permalink.src_uri]
            return self.cache.get(("email", site_url, renders.site, page, sender), make)

        return email_editions(env, collection, site_url, bodies, sender, kept)

    def _preview_done(self, config: MkDocsConfig, written: list[str]) -> None:
        """Remember the pages written for their digests, and delete what a previous build
        wrote and this one did not (the page of a deleted story)."""
        if self.renders is not None:
            for src_uri in self.rendered:
                self.renders.written(src_uri, self.destinations[src_uri])
            for name in config.theme.static_templates:
                self.renders.written(name, os.path.join(config.site_dir, name))
            if self.serving:
                unchanged = len(self.pages) - len(self.rendered)
                log.info(f"aperçu : {len(self.rendered)} pages refaites, {unchanged} inchangées")
        now = {*self.outputs_now, *written}
        remove_stale(Path(config.site_dir), self.outputs, now)
        self.outputs = now

    def _render_time(self, start: float) -> None:
        assert self.collection is not None
        timings = self.collection.timings
        timings["render"] = timings.get("render", 0.0) + time.perf_counter() - start

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        typeset_titles(page.toc)
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return context
        context.update(generated.context)  # type: ignore[typeddict-item]
        article = self.articles.pop(page.file.src_uri, None)
        if article is not None:
            context["article_html"] = article  # type: ignore[typeddict-unknown-key]
        return context

    def on_build_error(self, *, error: Exception) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # MkDocs watches docs_dir recursively, with a poller that follows links: one loop
        # (`boucle -> .`) and it never sees a change again. Each folder is watched on its own.
        server.unwatch(config.docs_dir)
        self.server = server
        self._watch(config)
        if self.serving and config.config_file_path:
            server.builder = self._incremental_builder(config, builder)
        return server

    def _watch(self, config: MkDocsConfig) -> None:
        """Watch every folder of the content, docs_dir and vocabularies, new ones included."""
        if self.server is None:
            return
        settings = self._settings(config)
        roots = (Path(config.docs_dir), settings.stories_dir, settings.bulletins_dir,
                 settings.vocabularies_dir)  # fmt: skip
        for folder in folders_to_watch(roots, settings.root):
            if folder not in self.watched:
                self.watched.add(folder)
                self.server.watch(str(folder), recursive=False)

    def _incremental_builder(
        self, config: MkDocsConfig, builder: Callable[[], None]
    ) -> Callable[[], None]:
        """The preview's rebuild. MkDocs' own cleans the site folder and renders every page
        again; this one leaves the folder in place (a « dirty » build, in MkDocs' words), where
        MkDocs renders only the files that report a change: the pages whose inputs changed.
        An edited mkdocs.yml may change anything: MkDocs then rebuilds in its own way."""
        config_file = config.config_file_path
        overrides = _command_line_options(config)

        def rebuild() -> None:
            if _file_digest(Path(config_file)) != self.config_digest:
                builder()
                return
            fresh = load_config(config_file, site_dir=config.site_dir, **overrides)
            fresh.site_url = config.site_url
            notice = logging.getLogger("mkdocs.commands.build")
            notice.addFilter(_not_dirty_notice)
            try:
                build(fresh, serve_url=config.site_url, dirty=True)
            finally:
                notice.removeFilter(_not_dirty_notice)

        return rebuild


class _PageFile(File):
    """A generated page: in a dirty rebuild, MkDocs leaves it as it is when unchanged."""

    unchanged = False
    """Its HTML in the site folder is the one of its current inputs."""

    def is_modified(self) -> bool:
        return not self.unchanged and bool(super().is_modified())


def _rendered_page(files: Files, src_uri: str) -> Page | None:
    """The page of `src_uri` if MkDocs rendered its Markdown in this build (a dirty build
    leaves unchanged pages unread)."""
    file = files.get_file_from_path(src_uri)
    page = file.page if file is not None else None
    return page if page is not None and page.content is not None else None


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave pages stale: not this one's (and a
    warning would stop `mkdocs serve --strict`)."""
    return "'dirty' build" not in record.getMessage()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _command_line_options(config: MkDocsConfig) -> dict[str, Any]:
    """The options `mkdocs serve` took from its command line (`--strict`, `-t`...): those
    where its configuration differs from mkdocs.yml alone."""
    plain = load_config(config.config_file_path, site_dir=config.site_dir)
    options: dict[str, Any] = {
        key: config[key] for key in ("strict", "use_directory_urls") if config[key] != plain[key]
    }
    if config.theme.name != plain.theme.name:
        options["theme"] = config.theme.name
    return options


def _correct_material(files: Files, config: MkDocsConfig) -> None:
    for file in list(files):
        if BUNDLE.match(file.src_uri):
            corrected = language_alternates_only(file.content_string)
            if corrected is None:
                log.info("script de Material non corrigé (version inattendue) : %s", file.src_uri)
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=corrected))


def _relative_to(path: Path, root: Path) -> str:
    """A content folder as the editor names it: relative to the repository (mkdocs.yml's)."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def _is_inside(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)

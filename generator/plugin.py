"""The MkDocs adapter: wires MkDocs events to the generator's pipeline and templates."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator import cms, site, urls
from generator.blocks import BulletinBodies, MissingBodyError
from generator.cache import BuildCache
from generator.collection import Collection
from generator.feeds import feed_files
from generator.newsletter import email_editions
from generator.opendata import open_data_files
from generator.pipeline import build_collection
from generator.problems import count_summary
from generator.search import SearchIndexError, index_site
from generator.settings import DEFAULTS, Settings, settings_from_options
from generator.typography import french_spacing

log = get_plugin_logger(__name__)
LOCAL_URL = "http://127.0.0.1:8000/"
"""Stands for `site_url` when mkdocs.yml has none (absolute links then point to the preview)."""


class OqrlsConfig(Config):  # type: ignore[no-untyped-call]
    """Options of the `oqrls` plugin in mkdocs.yml, as MkDocs checks them; their meaning
    and defaults are declared once, in `generator.settings.Options`."""

    stories_dir = config_options.Type(str, default=DEFAULTS.stories_dir)
    bulletins_dir = config_options.Type(str, default=DEFAULTS.bulletins_dir)
    vocabularies_dir = config_options.Optional(config_options.Type(str))
    summary_words = config_options.Type(int, default=DEFAULTS.summary_words)
    related_weights = config_options.DictOfItems(
        config_options.Type((int, float)), default=dict(DEFAULTS.related_weights)
    )
    search = config_options.Type(bool, default=DEFAULTS.search)
    admin = config_options.Type(bool, default=DEFAULTS.admin)
    admin_repo = config_options.Optional(config_options.Type(str))
    admin_branch = config_options.Type(str, default=DEFAULTS.admin_branch)
    admin_auth_url = config_options.Optional(config_options.Type(str))
    admin_local_url = config_options.Type(str, default=DEFAULTS.admin_local_url)
    node_modules = config_options.Type(str, default=DEFAULTS.node_modules)


class OqrlsPlugin(BasePlugin[OqrlsConfig]):  # type: ignore[no-untyped-call]
    """Publishes the OQRLS stories with MkDocs.

    Hooks:
    - `on_startup`: remembers whether this is the preview server (drafts shown, errors kept
      going); the instance, and its cache, then live across the server's rebuilds.
    - `on_files`: runs the pipeline once, reports problems, adds one virtual page per page
      the generator makes, and drops the raw content files from MkDocs' own list; adds
      the editor (`admin/`: its page, its configuration and, when installed, its bundle).
    - `on_page_markdown`: gives generated pages their template and title.
    - `on_env`: exposes the collection and the French filters to the templates.
    - `on_page_context`: gives a page the data it shows (its story, its bulletin) and has
      `generator.blocks` put the blocks a bulletin's editor placed (cards, lists) in its HTML.
    - `on_post_page`: removes the indentation of every page (a tenth of the site's size).
    - `on_post_build`: writes the feeds, the bulletins' email editions and, with Pagefind,
      the search index; drops the cache entries this build did not use.
    - `on_serve`: watches the stories, bulletins and vocabularies.
    """

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        """`mkdocs serve`: drafts are shown and content errors do not stop the server."""
        self.cache = BuildCache()
        """Parsed files and rendered cards, kept from one build to the next (serve)."""
        # One build's state, replaced by the next build:
        self.collection: Collection | None = None
        self.pages: dict[str, site.GeneratedPage] = {}
        self.env: Environment | None = None
        self.bodies: BulletinBodies | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def _settings(self, config: MkDocsConfig) -> Settings:
        root = Path(config.config_file_path).parent
        return settings_from_options(
            root,
            dict(self.config),
            include_drafts=self.serving,
            site_url=config.site_url,
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=config.mdx_configs,
        )

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
        self.collection = collection
        content_dirs = [settings.stories_dir.resolve(), settings.bulletins_dir.resolve()]
        # The generator reads the Markdown itself; attached files (images, PDF) stay as they are.
        for file in list(files):
            if (
                file.is_documentation_page()
                and file.abs_src_path
                and _is_inside(Path(file.abs_src_path), content_dirs)
            ):
                files.remove(file)
        site_url = config.site_url or LOCAL_URL
        for path, content in open_data_files(collection, site_url).items():
            files.append(File.generated(config, path, content=content))
        if self.config.admin:
            self._add_admin(files, config, settings, collection)
        self.pages = {page.src_uri: page for page in site.pages(collection)}
        for page in self.pages.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            # NOT_IN_NAV: mkdocs.yml may still list a page in `nav`, but MkDocs does not
            # report the many pages it leaves out (stories, terms) as forgotten.
            files.append(
                File.generated(
                    config,
                    page.src_uri,
                    content=page.markdown,
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        return files

    def _add_admin(
        self, files: Files, config: MkDocsConfig, settings: Settings, collection: Collection
    ) -> None:
        """`admin/`: the editor's page and configuration, and its bundle when installed."""
        root = settings.root.resolve()
        backend = cms.Backend(
            repo=self.config.admin_repo or cms.repo_from_url(config.repo_url),
            branch=self.config.admin_branch,
            auth_url=self.config.admin_auth_url,
            local_url=self.config.admin_local_url,
        )
        folders = [
            _relative_to(path, root) for path in (settings.stories_dir, settings.bulletins_dir)
        ]
        bundle = cms.bundle_files(root / self.config.node_modules)
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

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["template"] = generated.template
            # Material prints titles without escaping them: hand it HTML-safe text.
            page.meta["title"] = str(escape(french_spacing(generated.title)))
        return markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.collection is not None
        start = time.perf_counter()
        base_url = urlsplit(config.site_url or "/").path or "/"
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.bodies = site.register(env, self.collection, base_url, self.cache)
        self.env = env
        self._render_time(start)
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return site.compact_html(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.collection is None or self.env is None or self.bodies is None:
            return
        start = time.perf_counter()
        site_url = config.site_url or LOCAL_URL
        if not config.site_url:
            log.warning(
                "site_url absent de mkdocs.yml : les flux et courriels auront des liens locaux"
            )
        try:
            emails = email_editions(self.env, self.collection, site_url, self.bodies)
        except MissingBodyError as error:
            raise PluginError(f"édition courriel impossible : {error}") from None
        outputs = {**feed_files(self.collection, site_url), **emails}
        for relative, content in outputs.items():
            target = Path(config.site_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        # The preview skips the search index: Pagefind would re-read the whole site after
        # every edit, and brokers previewing a story do not search.
        if self.config.search and not self.serving:
            try:
                index_site(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(f"l'index de recherche (Pagefind) a échoué : {error}") from None
        self._render_time(start)
        self.cache.end_build()
        if os.environ.get("OQRLS_TIMINGS"):
            # The benchmark reads the generator's own time per stage from here.
            Path(os.environ["OQRLS_TIMINGS"]).write_text(json.dumps(self.collection.timings))

    def _render_time(self, start: float) -> None:
        assert self.collection is not None
        timings = self.collection.timings
        timings["render"] = timings.get("render", 0.0) + time.perf_counter() - start

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return context
        context.update(generated.context)  # type: ignore[typeddict-item]
        bulletin = generated.context.get("bulletin")
        if bulletin is not None and page.content is not None and self.bodies is not None:
            # Cards exist from on_env on, after MkDocs has rendered every page's Markdown.
            try:
                page.content = self.bodies.fill(bulletin, page.content)
            except MissingBodyError as error:
                raise PluginError(str(error)) from None
        return context

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        settings = self._settings(config)
        for folder in (settings.stories_dir, settings.bulletins_dir, settings.vocabularies_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _relative_to(path: Path, root: Path) -> str:
    """A content folder as the editor names it: relative to the repository (mkdocs.yml's)."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def _is_inside(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)

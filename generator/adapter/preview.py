"""The preview (`mkdocs serve`): what it keeps from one rebuild to the next, and how it
rebuilds only the pages an edit changes (see `generator.adapter.incremental`).

Lifetime: one `Preview` per plugin instance, which MkDocs keeps across the server's
rebuilds (the plugin has `on_startup`). A plain `mkdocs build` has none.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.utils import get_build_date

from generator.adapter.build import Build
from generator.adapter.files import PageFile
from generator.adapter.incremental import PageInputs, Renders, folders_digest, remove_stale
from generator.cache import BuildCache
from generator.digest import fingerprint
from generator.model.bulletin import Bulletin
from generator.model.content import folders_to_watch
from generator.outputs import site
from generator.outputs.blocks import BulletinBodies
from generator.outputs.newsletter import EmailEditions, email_editions
from generator.settings import Sender, Settings

log = get_plugin_logger(__name__)


class Preview:
    """The preview server's state across rebuilds."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        """The plugin's cache, where page digests and written stamps are kept."""
        self.server: LiveReloadServer | None = None
        """The server, once it runs: new folders are watched after each build."""
        self.watched: set[Path] = set()
        """Folders the server watches."""
        self.outputs: set[str] = set()
        """Files the last build wrote in the site folder."""
        self.config_digest = ""
        """Digest of the mkdocs.yml the last build read."""
        self.renders: Renders | None = None
        """This build's page digests (from on_files on)."""
        self.unchanged: set[str] = set()
        """Theme templates of the site (404.html, sitemap.xml) this build need not render."""

    def start(
        self, config: MkDocsConfig, build: Build, files: Files, options: dict[str, Any]
    ) -> None:
        """This build's page digests, over what every page shows: the settings, mkdocs.yml,
        the theme's files and the vocabularies; the theme's own pages left as they are when
        unchanged. Called before the generated pages join `files`."""
        self.config_digest = file_digest(Path(config.config_file_path or ""))
        theme = folders_digest(Path(folder) for folder in config.theme.dirs)
        everywhere = fingerprint(
            build.settings, options, self.config_digest, config.site_url,
            config.use_directory_urls, theme, build.collection.vocabularies, True,
        )  # fmt: skip
        sources = [file.src_uri for file in files if file.is_documentation_page()]
        self.renders = renders = Renders(
            config.theme.get_env(), self.cache, everywhere,
            site.content_globals(build.collection), [*sources, *build.pages],
        )  # fmt: skip
        # The 404 page and the sitemap show the nav and the list of pages, as of today.
        self.unchanged = set()
        for name in sorted(config.theme.static_templates):
            renders.digest_other(name, get_build_date())
            if renders.is_fresh(name, os.path.join(config.site_dir, name)):
                self.unchanged.add(name)
        config.theme.static_templates.difference_update(self.unchanged)

    def mark(self, file: PageFile, page: site.GeneratedPage) -> None:
        """Digest `page`, and have MkDocs leave its file as it is when its HTML is current."""
        if self.renders is None:
            return
        bulletin = page.context.get("bulletin")
        self.renders.digest(
            PageInputs(
                page.src_uri, page.title, page.template, page.markdown, page.context,
                filled=bulletin.blocks if bulletin is not None else None,
            )
        )  # fmt: skip
        file.unchanged = self.renders.is_fresh(page.src_uri, file.abs_dest_path)

    def keep_body(self, src_uri: str, body: str) -> None:
        """A bulletin's filled body, for the rebuilds that will not render its page again
        (its email edition is made from it)."""
        if self.renders is not None:
            self.renders.keep(src_uri, "body", body)

    def emails(
        self, build: Build, site_url: str, bodies: BulletinBodies, sender: Sender
    ) -> EmailEditions:
        """The bulletins' email editions; a bulletin's is the last build's while its page
        did not change (an email is made from its page)."""
        renders = self.renders
        env, collection = build.layout.env, build.collection
        if renders is None:
            return email_editions(env, collection, site_url, bodies, sender)
        for bulletin in collection.bulletins:
            src_uri = bulletin.permalink.src_uri
            body = renders.kept(src_uri, "body")
            if src_uri not in build.rendered and isinstance(body, str):
                bodies.keep(bulletin, body)

        def kept(bulletin: Bulletin, make: Callable[[], EmailEditions]) -> EmailEditions:
            page = renders.digests[bulletin.permalink.src_uri]
            return self.cache.get(("email", site_url, renders.site, page, sender), make)

        return email_editions(env, collection, site_url, bodies, sender, kept)

    def done(self, config: MkDocsConfig, build: Build, written: list[str]) -> None:
        """Remember the pages written for their digests, and delete what a previous build
        wrote and this one did not (the page of a deleted story)."""
        if self.renders is not None:
            for src_uri in build.rendered:
                self.renders.written(src_uri, build.destinations[src_uri])
            for name in config.theme.static_templates:
                self.renders.written(name, os.path.join(config.site_dir, name))
            unchanged = len(build.pages) - len(build.rendered)
            log.info(f"aperçu : {len(build.rendered)} pages refaites, {unchanged} inchangées")
        now = {*build.outputs, *(str(Path(config.site_dir) / name) for name in self.unchanged),
               *written}  # fmt: skip
        remove_stale(Path(config.site_dir), self.outputs, now)
        self.outputs = now

    def serve(
        self, server: LiveReloadServer, config: MkDocsConfig, settings: Settings,
        builder: Callable[[], None], *, dirty: bool,
    ) -> None:  # fmt: skip
        """Watch the content folder by folder; with `dirty` (not `mkdocs serve --clean`),
        rebuild only what an edit changes."""
        # MkDocs watches docs_dir recursively, with a poller that follows links: one loop
        # (`boucle -> .`) and it never sees a change again. Each folder is watched on its own.
        server.unwatch(config.docs_dir)
        self.server = server
        self.watch(config, settings)
        if dirty and config.config_file_path:
            server.builder = self._rebuild(config, builder)

    def watch(self, config: MkDocsConfig, settings: Settings) -> None:
        """Watch every folder of the content, docs_dir and vocabularies, new ones included."""
        if self.server is None:
            return
        roots = (Path(config.docs_dir), settings.stories_dir, settings.bulletins_dir,
                 settings.vocabularies_dir)  # fmt: skip
        for folder in folders_to_watch(roots, settings.root):
            if folder not in self.watched:
                self.watched.add(folder)
                self.server.watch(str(folder), recursive=False)

    def _rebuild(self, config: MkDocsConfig, builder: Callable[[], None]) -> Callable[[], None]:
        """The preview's rebuild. MkDocs' own cleans the site folder and renders every page
        again; this one leaves the folder in place (a « dirty » build, in MkDocs' words), where
        MkDocs renders only the files that report a change: the pages whose inputs changed.
        An edited mkdocs.yml may change anything: MkDocs then rebuilds in its own way."""
        config_file = config.config_file_path
        overrides = _command_line_options(config)

        def rebuild() -> None:
            if file_digest(Path(config_file)) != self.config_digest:
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


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave pages stale: not this one's (and a
    warning would stop `mkdocs serve --strict`)."""
    return "'dirty' build" not in record.getMessage()


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

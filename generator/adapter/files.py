"""What MkDocs publishes: the files the generator checked, and the pages it makes.

Only what the generator checked is published: MkDocs' own copies of the content folders go
(the generator adds back the attachments it accepted), and so does any other Markdown page
of docs_dir, which nothing would check. The theme's email templates are the generator's,
not files of the site; Material's script is corrected (`generator.adapter.material`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapter.material import BUNDLE, language_alternates_only
from generator.adapter.publish import unchecked_files
from generator.cache import BuildCache
from generator.collection import Collection
from generator.outputs.newsletter import TEMPLATES as EMAIL_TEMPLATES
from generator.outputs.opendata import open_data_files
from generator.outputs.site import GeneratedPage
from generator.settings import Settings
from generator.tools import admin, cms

log = get_plugin_logger(__name__)

LOCAL_URL = "http://127.0.0.1:8000/"
"""Stands for `site_url` when mkdocs.yml has none (absolute links then point to the preview)."""


def publish_checked(
    files: Files, config: MkDocsConfig, settings: Settings, collection: Collection,
    cache: BuildCache,
) -> None:  # fmt: skip
    """The content files the generator checked in `files`, and no other; the open data."""
    for unchecked, refusal in unchecked_files(files, settings):
        files.remove(unchecked)
        if refusal is not None:
            log.error(str(refusal))
    for src_uri, attached in collection.attachments.items():
        files.append(File.generated(config, src_uri, abs_src_path=str(attached)))
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
    for path, content in open_data_files(collection, site_url, cache).items():
        files.append(File.generated(config, path, content=content))


def add_admin(
    files: Files, config: MkDocsConfig, settings: Settings, collection: Collection,
    cache: BuildCache, *, serving: bool,
) -> None:  # fmt: skip
    """`admin/`: the editor (made by `generator.tools.cms`), and its bundle when installed."""
    root = settings.root.resolve()
    options = settings.options
    backend = cms.Backend(
        repo=options.admin_repo or cms.repo_from_url(config.repo_url),
        branch=options.admin_branch,
        auth_url=options.admin_auth_url,
        local_url=options.admin_local_url,
    )
    folders = [_relative_to(path, root) for path in (settings.stories_dir, settings.bulletins_dir)]
    bundle = admin.bundle_files(root / options.node_modules)
    if bundle is None:
        log.info(admin.BUNDLE_HELP)
    else:
        for path, source in bundle.files.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
    published = config.site_url
    if serving:  # `mkdocs serve` put the preview's address in its place
        published = admin.configured_site_url(Path(config.config_file_path))
    site = admin.AdminSite(
        folders[0], folders[1], collection.vocabularies, backend, published, config.site_name,
        tuple(admin.preview_styles((file.src_uri for file in files), config.extra_css)),
    )  # fmt: skip
    for warning in admin.admin_warnings(site):
        log.warning(warning)
    template = config.theme.get_env().get_template("admin.html")

    def outputs() -> dict[str, str]:
        contracts = cache.get(("cms-contracts",), cms.Contracts)
        return admin.admin_files(site, bundle, template.render, contracts)

    # The preview rebuilds after every edit: redo this only when what it shows changed.
    template_source = Path(template.filename).read_text("utf-8") if template.filename else ""
    key = ("cms", site.key(), bundle.version if bundle else None, template_source)
    for path, content in cache.get(key, outputs).items():
        files.append(File.generated(config, path, content=content))


def _relative_to(path: Path, root: Path) -> str:
    """A content folder as the editor names it: relative to the repository (mkdocs.yml's)."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


class PageFile(File):
    """A generated page: in the preview's rebuild, MkDocs leaves it as it is when unchanged."""

    unchanged = False
    """Its HTML in the site folder is the one of its current inputs."""

    def is_modified(self) -> bool:
        return not self.unchanged and bool(super().is_modified())


def page_file(files: Files, config: MkDocsConfig, page: GeneratedPage) -> PageFile:
    """The file of a generated page, in place of any file of the same source in `files`.
    NOT_IN_NAV: mkdocs.yml may still list a page in `nav`, but MkDocs does not report the
    many pages it leaves out (stories, terms) as forgotten."""
    existing = files.get_file_from_path(page.src_uri)
    if existing is not None:
        files.remove(existing)
    file = PageFile.generated(
        config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
    )
    assert isinstance(file, PageFile)  # File.generated makes the class it is called on
    files.append(file)
    return file


def rendered_page(files: Files, src_uri: str) -> Page | None:
    """The page of `src_uri` if MkDocs rendered its Markdown in this build (the preview's
    rebuild leaves unchanged pages unread)."""
    file = files.get_file_from_path(src_uri)
    page = file.page if file is not None else None
    return page if page is not None and page.content is not None else None


def _correct_material(files: Files, config: MkDocsConfig) -> None:
    for file in list(files):
        if BUNDLE.match(file.src_uri):
            corrected = language_alternates_only(file.content_string)
            if corrected is None:
                log.info("script de Material non corrigé (version inattendue) : %s", file.src_uri)
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=corrected))


def _is_inside(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)


def write_outputs(site_dir: Path, outputs: dict[str, bytes]) -> list[str]:
    """Write the files the theme does not make (feeds, email editions); their paths."""
    written = []
    for relative, content in outputs.items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(str(target))
    return written

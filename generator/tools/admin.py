"""The editor's site at `admin/`: Decap CMS's bundle, its page and its configuration, made
from the forms (`generator.tools.cms`) and the rules (`generator.tools.editor_rules`)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.model import urls
from generator.model.vocabulary import Vocabularies
from generator.model.yamlsource import YamlProblem, parse_located
from generator.tools.cms import Backend, Contracts, cms_config, config_yaml, vocabulary_key
from generator.tools.editor_rules import validation_rules

BUNDLE_PACKAGE = "decap-cms"
"""npm package whose `dist/` is the editor."""

YAML_PACKAGE = "yaml"
"""npm package that edits the front matter in place, comments and order kept."""

BUNDLE_SCRIPT = "decap-cms.js"

BUNDLE_HOW = (
    "lancez « npm ci » à la racine du projet (Node.js et npm requis), puis reconstruisez le site"
)
"""What to do when the bundle is missing (the admin page says it)."""

BUNDLE_HELP = (
    f"l'éditeur Web des récits (Decap CMS) n'est pas installé : {BUNDLE_HOW} "
    f"pour le publier à /{urls.admin()}"
)
"""The same in the build log."""


@dataclass(frozen=True)
class Bundle:
    """The editor's files found in `node_modules`, by their place in the site."""

    files: Mapping[str, Path]
    """Site path (`admin/decap/decap-cms.js`, `admin/yaml/index.js`…) → installed file."""

    version: str
    """Installed version of decap-cms, shown in the admin page's source."""


def bundle_files(node_modules: Path) -> Bundle | None:
    """Decap CMS and the YAML editor as `npm ci` installed them; None when absent."""
    dist = node_modules / BUNDLE_PACKAGE / "dist"
    yaml_dist = node_modules / YAML_PACKAGE / "browser" / "dist"
    if not (dist / BUNDLE_SCRIPT).is_file() or not (yaml_dist / "index.js").is_file():
        return None
    files: dict[str, Path] = {}
    # decap-cms.js loads its chunks (`123.decap-cms.js`, `.wasm`) from its own folder; the
    # source maps and the smaller `cms.js` build are not needed.
    for path in sorted(dist.iterdir()):
        if path.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")):
            files[urls.admin_file(f"decap/{path.name}")] = path
    for path in sorted(yaml_dist.rglob("*.js")):
        files[urls.admin_file(f"yaml/{path.relative_to(yaml_dist).as_posix()}")] = path
    version = _package_version(node_modules / BUNDLE_PACKAGE / "package.json")
    return Bundle(files, version)


def _package_version(package_json: Path) -> str:
    try:
        return str(json.loads(package_json.read_text("utf-8")).get("version", "?"))
    except (OSError, ValueError):
        return "?"


EDITOR_PAGE = "editeur.htm"
"""The editor's own page, in `admin/`. Not `.html`: `mkdocs serve` injects its live-reload
script into every `.html` file it serves, which reloaded the whole editor (and lost the form)
after each save. `admin/index.html` only sends the browser on to it, fragment kept."""


REPO_HELP = (
    "l'éditeur Web (admin/) n'a pas de dépôt où enregistrer : ajoutez à mkdocs.yml la ligne "
    "« repo_url: https://github.com/ORGANISATION/DEPOT » (ou, sous « - oqrls: », "
    "« admin_repo: ORGANISATION/DEPOT ») ; seule l'édition locale (decap-server) fonctionne"
)
"""Said at build time when the editor would have nowhere to save on the published site."""

_MATERIAL_CSS = re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css")


def preview_styles(site_files: Iterable[str], extra_css: Iterable[str]) -> list[str]:
    """The style sheets of the site's pages (Material's, then `extra_css`): the editor's
    preview pane shows a story with them."""
    material = sorted(path for path in site_files if _MATERIAL_CSS.fullmatch(path))
    return [*material, *(path for path in extra_css if not urlsplit(path).scheme)]


def configured_site_url(config_file: Path) -> str | None:
    """`site_url` as mkdocs.yml writes it: `mkdocs serve` replaces it with the preview's
    address, which a new story's `$schema` line must not point at."""
    try:
        data = parse_located(config_file.read_text("utf-8"), tolerant_tags=True).data
    except (OSError, UnicodeDecodeError, YamlProblem):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class AdminSite:
    """What the editor of one site is made of, as the plugin knows it."""

    stories_folder: str
    """Folder of the stories, relative to the repository."""

    bulletins_folder: str

    vocabularies: Vocabularies

    backend: Backend

    site_url: str | None
    """The published site's address (mkdocs.yml), never the preview's."""

    site_name: str

    stylesheets: tuple[str, ...]
    """Site paths of the pages' style sheets (`preview_styles`)."""

    def key(self) -> Hashable:
        """Everything the admin files depend on, as a cache key."""
        return (
            self.stories_folder, self.bulletins_folder, vocabulary_key(self.vocabularies),
            self.backend, self.site_url, self.site_name, self.stylesheets,
        )  # fmt: skip


def admin_warnings(admin: AdminSite) -> list[str]:
    """What the build log says of the editor (a warning: `--strict` stops on it)."""
    return [] if admin.backend.repo else [REPO_HELP]


def admin_page(
    bundle: Bundle | None, rules: Mapping[str, Any], site_name: str, stylesheets: Iterable[str]
) -> dict[str, Any]:
    """What `theme/admin.html` shows: the editor when its bundle is there, else how to add it.

    Addresses are relative to the page (`admin/editeur.htm`), so the site may live in a
    sub-folder (GitHub Pages).
    """

    def relative(path: str) -> str:
        return posixpath.relpath(path, urls.ADMIN)

    return {
        "site_name": site_name,
        "go": None,
        "bundle": bundle is not None,
        "version": bundle.version if bundle else None,
        "bundle_script": relative(urls.admin_file(f"decap/{BUNDLE_SCRIPT}")),
        "config": {
            **rules,
            "yaml_module": relative(urls.admin_file("yaml/index.js")),
            "preview_styles": [relative(path) for path in stylesheets],
        },
        "help": BUNDLE_HOW,
    }


def admin_files(
    admin: AdminSite,
    bundle: Bundle | None,
    render: Callable[[dict[str, Any]], str],
    contracts: Contracts | None = None,
) -> dict[str, str]:
    """`admin/`'s generated files by site path: its configuration, the editor's page (rendered
    by `render`, theme/admin.html) and the page that leads to it."""
    config = cms_config(
        stories_folder=admin.stories_folder,
        bulletins_folder=admin.bulletins_folder,
        vocabularies=admin.vocabularies,
        backend=admin.backend,
        site_url=admin.site_url,
        contracts=contracts,
    )
    rules = validation_rules(admin.vocabularies, admin.site_url, contracts)
    page = render(admin_page(bundle, rules, admin.site_name, admin.stylesheets))
    return {
        urls.admin_file("config.yml"): config_yaml(config),
        urls.admin_file(EDITOR_PAGE): page,
        urls.admin_file("index.html"): render({"site_name": admin.site_name, "go": EDITOR_PAGE}),
    }

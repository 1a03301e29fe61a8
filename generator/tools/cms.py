"""The brokers' editor at `admin/` (Decap CMS): its configuration and its rules before saving.

Both come from the same source of truth as `oqrls check`: the story contract
(`generator.model.schema`), the bulletin contract (`generator.model.bulletin`), the facet
registry and the loaded vocabularies. The configuration (`admin/config.yml`) describes the
forms; the rules (a JSON document in the admin page, read by `theme/assets/javascripts/admin.js`)
refuse a save that `oqrls check` would refuse for that one file, and say why in French.

Decap CMS itself (its bundle, from the npm package `decap-cms` that `npm ci` installs) is
served by the site: `bundle_files` lists what to copy. No MkDocs here.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel

from generator.model import urls
from generator.model.bulletin import BulletinFrontMatter
from generator.model.facets import FACETS, FACETS_BY_KEY
from generator.model.messages import message_template
from generator.model.query import StoryQuery
from generator.model.schema import (
    BLANK_PATTERN,
    DATE_FORMAT_MESSAGE,
    DUPLICATE_KEY_MESSAGE,
    UNKNOWN_TERM_MESSAGE,
    StoryFrontMatter,
)
from generator.model.text import match_key
from generator.model.vocabulary import Vocabularies, Vocabulary
from generator.model.yamlsource import CORE_SCALARS, YamlProblem, parse_located

NEW_STORY_TEMPLATE = "templates/nouveau-recit.md"
"""The template of `oqrls new`, relative to the package."""

STORIES = "recits"
"""Name of the stories' collection in the editor (its address: `admin/#/collections/recits`)."""

BULLETINS = "bulletins"
"""Name of the bulletins' collection."""

BODY = "body"
"""Field holding the Markdown text after the front matter (not a front-matter key)."""

SLUG_FIELD = "oqrls_slug"
"""Field the editor fills before saving a new file with the name `oqrls new` would give it;
never written to the file."""

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
class Backend:
    """Where the editor reads and saves the files."""

    repo: str | None
    """GitHub repository, `owner/name`; None when unknown (local editing still works)."""

    branch: str
    """Branch the editor commits to."""

    auth_url: str | None
    """Base address of the GitHub sign-in proxy (OAuth app + small proxy)."""

    local_url: str
    """decap-server's API for local editing against the working tree."""


def vocabulary_key(vocabularies: Vocabularies) -> Hashable:
    """Everything of the vocabularies the editor shows, as a cache key."""
    return tuple(
        (key, vocabulary.label, vocabulary.terms)
        for key, vocabulary in sorted(vocabularies.items())
    )


def repo_from_url(repo_url: str | None) -> str | None:
    """`owner/name` from a GitHub `repo_url` such as https://github.com/owner/name."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git")
    if parts.netloc.lower() not in ("github.com", "www.github.com") or path.count("/") != 1:
        return None
    return path


@dataclass(frozen=True)
class Contract:
    """One contract as pydantic describes it in JSON Schema: what the editor is made of."""

    props: Mapping[str, Any]
    """Each key's JSON Schema: type, title (French label), description (hint), minItems…"""

    required: frozenset[str]
    """Keys that must be filled."""


def _contract(model: type[BaseModel]) -> Contract:
    schema = model.model_json_schema(mode="validation")
    return Contract(schema["properties"], frozenset(schema.get("required", ())))


@dataclass(frozen=True)
class Contracts:
    """The story, bulletin and selection contracts, described once (a few tens of
    milliseconds each: the preview keeps them in its cache from one build to the next)."""

    story: Contract = dataclasses.field(default_factory=lambda: _contract(StoryFrontMatter))
    bulletin: Contract = dataclasses.field(default_factory=lambda: _contract(BulletinFrontMatter))
    query: Contract = dataclasses.field(default_factory=lambda: _contract(StoryQuery))


def _facet_label(key: str, vocabularies: Vocabularies) -> str:
    vocabulary = vocabularies.get(key)
    return vocabulary.label if vocabulary is not None else FACETS_BY_KEY[key].plural.capitalize()


def _terms_field(key: str, vocabularies: Vocabularies, required: bool) -> dict[str, Any]:
    vocabulary = vocabularies.get(key)
    options = [{"label": t.label, "value": t.id} for t in vocabulary or ()]
    return {
        "label": _facet_label(key, vocabularies),
        "name": key,
        "widget": "select",
        "multiple": True,
        "options": options,
        "required": required,
        "hint": FACETS_BY_KEY[key].description,
    }


def _option(prop: Mapping[str, Any], name: str) -> Any:
    """`name` in a property or in one of its `anyOf` forms (an optional value's)."""
    for form in (prop, *prop.get("anyOf", ())):
        if name in form:
            return form[name]
    return None


def _minimum(prop: Mapping[str, Any]) -> int | None:
    minimum = _option(prop, "minimum")
    exclusive = _option(prop, "exclusiveMinimum")
    if minimum is None and exclusive is not None:
        minimum = int(exclusive) + 1
    return None if minimum is None else int(minimum)


def _kind(prop: Mapping[str, Any]) -> str:
    """`text`, `list`, `date`, `bool`, `int` or `object`: what a property holds."""
    types = [prop.get("type")] + [option.get("type") for option in prop.get("anyOf", ())]
    if _option(prop, "format") == "date":
        return "date"
    for json_type, kind in (
        ("array", "list"),
        ("boolean", "bool"),
        ("integer", "int"),
        ("string", "text"),
    ):
        if json_type in types:
            return kind
    return "object"


def _field(
    key: str,
    prop: Mapping[str, Any],
    required: bool,
    vocabularies: Vocabularies,
    relations: Mapping[str, str],
) -> dict[str, Any]:
    """The Decap field of one front-matter key."""
    if key in FACETS_BY_KEY:
        field = _terms_field(key, vocabularies, required)
        if _option(prop, "minItems") is not None:
            field["min"] = _option(prop, "minItems")
        return field
    field = {
        "label": prop.get("title", key),
        "name": key,
        "required": required,
        "hint": prop.get("description", ""),
    }
    kind = _kind(prop)
    if key in relations:
        # Chosen by title in the editor; the file stores their file names.
        what = str(field["hint"]).split(":")[0].strip()
        field["hint"] = f"{what} : tapez une partie du titre d'un récit pour le choisir"
        field.update(
            widget="relation",
            collection=relations[key],
            value_field="{{slug}}",
            search_fields=["title"],
            display_fields=["title"],
            multiple=True,
        )
    elif kind == "list":
        # One line per item (admin.js): Decap's list widget nests each text under a label
        # (« 1 rls ») or, without `field:`, splits a line on commas, which partner names hold.
        field["widget"] = LINES_WIDGET
        field["hint"] = f"{field['hint']} : une ligne par élément"
        if _option(prop, "minItems") is not None:
            field["min"] = _option(prop, "minItems")  # the check before saving says it too
    elif kind == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                     time_format=False, picker_utc=True)  # fmt: skip
    elif kind == "bool":
        field.update(widget="boolean", default=bool(prop.get("default", False)))
    elif kind == "int":
        field.update(widget="number", value_type="int", min=_minimum(prop) or 0)
    elif key == "summary" or key == "description":
        field.update(widget="text")
    else:
        field["widget"] = "string"
    return field


def template_order() -> list[str]:
    """The keys in the order of the story template of `oqrls new` (commented ones too): the
    form shows them in the order brokers know from that template and the README."""
    text = files("generator.tools").joinpath(NEW_STORY_TEMPLATE).read_text("utf-8")
    keys = re.findall(r"^(?:# )?([a-z_]+):", text, re.MULTILINE)
    return [key for key in dict.fromkeys(keys) if key in StoryFrontMatter.model_fields]


def story_fields(
    vocabularies: Vocabularies, contracts: Contracts | None = None
) -> list[dict[str, Any]]:
    """Every key of the story contract as a Decap field, in the template's order (keys it
    lacks come after, in the contract's order), then the text."""
    contract = (contracts or Contracts()).story
    props, required = contract.props, contract.required
    order = template_order()
    keys = sorted(props, key=lambda key: order.index(key) if key in order else len(order))
    fields = [
        _field(key, props[key], key in required, vocabularies, {"related": STORIES}) for key in keys
    ]
    for field in fields:
        if field["name"] == "draft":
            field["default"] = True  # as `oqrls new`: a new story is first seen in the preview
    return [*fields, _body("Texte du récit")]


def bulletin_fields(
    vocabularies: Vocabularies, contracts: Contracts | None = None
) -> list[dict[str, Any]]:
    """Every key of the bulletin contract as a Decap field, `select` as a group of facets."""
    contracts = contracts or Contracts()
    props, required = contracts.bulletin.props, contracts.bulletin.required
    fields: list[dict[str, Any]] = []
    for key, prop in props.items():
        if key == "select":
            fields.append(
                {
                    "label": prop.get("title", key),
                    "name": key,
                    "widget": "object",
                    "collapsed": True,
                    "required": False,
                    "hint": prop.get("description", ""),
                    "fields": query_fields(vocabularies, contracts),
                }
            )
        else:
            fields.append(_field(key, prop, key in required, vocabularies, {"stories": STORIES}))
    return [*fields, _body("Texte du numéro")]


def query_fields(
    vocabularies: Vocabularies, contracts: Contracts | None = None
) -> list[dict[str, Any]]:
    """The fields of a bulletin's `select`: one per facet, `since` and `limit`."""
    props = (contracts or Contracts()).query.props
    return [_field(key, prop, False, vocabularies, {}) for key, prop in props.items()]


def _body(label: str) -> dict[str, Any]:
    # Raw Markdown only: Decap's rich-text mode rewrites the Markdown it did not write
    # (notes, footnotes, the bulletins' « ::: recit » lines).
    return {
        "label": label,
        "name": BODY,
        "widget": "markdown",
        "modes": ["raw"],
        "required": False,
        "hint": "En Markdown : « ## » pour un intertitre, une ligne vide entre les paragraphes.",
    }


def cms_config(
    *,
    stories_folder: str,
    bulletins_folder: str,
    vocabularies: Vocabularies,
    backend: Backend,
    site_url: str | None,
    contracts: Contracts | None = None,
) -> dict[str, Any]:
    """The whole `admin/config.yml`, as data; folders are relative to the repository."""
    contracts = contracts or Contracts()
    github: dict[str, Any] = {
        "name": "github",
        "repo": backend.repo or "",
        "branch": backend.branch,
    }
    if backend.auth_url:
        github["base_url"] = backend.auth_url.rstrip("/")
        github["auth_endpoint"] = "auth"
    config: dict[str, Any] = {
        "backend": github,
        # Only used when the editor is opened from this machine (localhost, 127.0.0.1).
        "local_backend": {"url": backend.local_url},
        "locale": "fr",
        "publish_mode": "simple",
        "load_config_file": True,
        # Decap wants a media folder; images are added with the files (see README).
        "media_folder": f"{stories_folder}/images",
        # Same file names as `oqrls new`: the editor also fills `oqrls_slug` before saving.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": STORIES,
                "label": "Récits",
                "label_singular": "récit",
                "description": "Les récits des initiatives des RLS : chaque champ est vérifié "
                "comme par « oqrls check » avant l'enregistrement.",
                "folder": stories_folder,
                "extension": "md",
                "format": f"oqrls-{STORIES}",
                "create": True,
                "delete": False,
                "identifier_field": "title",
                "slug": "{{fields." + SLUG_FIELD + "}}",
                "summary": "{{title}} ({{date}})",
                "sortable_fields": ["date", "title"],
                "fields": story_fields(vocabularies, contracts),
            },
            {
                "name": BULLETINS,
                "label": "Le Relais",
                "label_singular": "numéro du Relais",
                "folder": bulletins_folder,
                "extension": "md",
                "format": f"oqrls-{BULLETINS}",
                "create": True,
                "delete": False,
                "identifier_field": "title",
                "slug": "{{fields." + SLUG_FIELD + "}}",
                "summary": "n° {{number}} : {{title}} ({{date}})",
                "sortable_fields": ["date", "title"],
                "fields": bulletin_fields(vocabularies, contracts),
            },
        ],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's writer when available: ten times faster (the preview rewrites it each time)."""


def config_yaml(config: Mapping[str, Any]) -> str:
    """`admin/config.yml` as text."""
    header = (
        "# Fait par le générateur (oqrls) à partir du modèle des récits, des facettes et des\n"
        "# vocabulaires : ne pas modifier, il est refait à chaque construction du site.\n"
    )
    return header + yaml.dump(
        dict(config),
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=False,
    )


def _terms(vocabulary: Vocabulary | None) -> dict[str, str]:
    """Every way of writing a term, folded as `match_key` folds it (admin.js folds the same)."""
    return {
        match_key(name): term.id
        for term in vocabulary or ()
        for name in (term.id, term.label, *term.aliases)
    }


def _forms(prop: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [prop, *prop.get("anyOf", ())]


def _rule(
    key: str,
    prop: Mapping[str, Any],
    required: bool,
    vocabularies: Vocabularies,
    terms: Mapping[str, dict[str, str]],
) -> dict[str, Any]:
    """What admin.js (front-matter.js) checks of one key: read from its JSON Schema, as the
    validator's pydantic model describes it."""
    types = {form.get("type") for form in _forms(prop)}
    rule: dict[str, Any] = {
        "label": prop.get("title", key),
        "required": required,
        # A single value for a list (`OneOrMany`), `null` for an optional text.
        "one_or_many": "array" in types and bool(types - {"array", None}),
        "nullable": "null" in types,
    }
    if key in FACETS_BY_KEY:
        vocabulary = vocabularies.get(key)
        rule["label"] = _facet_label(key, vocabularies)
        rule["kind"] = "terms"
        rule["vocabulary"] = vocabulary.label if vocabulary else rule["label"]
        rule["terms"] = terms[key]
        rule["labels"] = {term.id: term.label for term in vocabulary or ()}
    else:
        rule["kind"] = _kind(prop)
    min_items = _option(prop, "minItems")
    if min_items is not None:
        rule["min_items"] = min_items
    if _minimum(prop) is not None:
        rule["minimum"] = _minimum(prop)
    if "default" in prop:
        rule["default"] = prop["default"]
    return rule


def _messages() -> dict[str, str]:
    """The validator's own French messages (generator.model.messages, generator.model.schema)."""
    kinds = ("missing", "too_short", "string_type", "string_too_short", "list_type",
             "greater_than_equal", "int_type", "bool_type", "date_parsing",
             "dict_type")  # fmt: skip
    return {
        **{kind: message_template(kind) for kind in kinds},
        "date_format": DATE_FORMAT_MESSAGE,
        "unknown_term": UNKNOWN_TERM_MESSAGE,
        "blank_pattern": BLANK_PATTERN,
        "unknown_key": "clé inconnue {key}",
        "duplicate_key": DUPLICATE_KEY_MESSAGE,
        "no_story": "aucun récit choisi : ajoutez des récits choisis ou une sélection",
        "refused": "Enregistrement refusé, à corriger d'abord :",
        "empty": "l'en-tête YAML est vide",
        "no_front_matter": "en-tête YAML absent : le fichier doit commencer par une ligne "
        "« --- », suivie des champs, puis d'une autre ligne « --- »",
        "broken_yaml": "l'en-tête YAML de ce fichier est illisible : corrigez-le dans un "
        "éditeur de texte (« oqrls check » indique la ligne)",
        "unwritable": "l'éditeur ne sait pas enregistrer ce changement sans réécrire l'en-tête "
        "(ancres « & » et renvois « * » mêlés) : faites-le dans un éditeur de texte",
    }


PREVIEW_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "title": "Fiche de l'initiative",
        "published": "Publié le",
        "rls": "Réseau local de services",
        "population": "Population rejointe",
        "partners": "Partenaires",
        "objectives": "Objectifs",
        "tags": "Mots-clés",
        "draft": "Brouillon — non publié",
        "draft_how": "Décochez « Brouillon » (la ligne « draft: true ») pour le publier.",
    }
)
"""The words of a story's page the editor's preview pane shows around the values."""


def validation_rules(
    vocabularies: Vocabularies, site_url: str | None, contracts: Contracts | None = None
) -> dict[str, Any]:
    """What admin.js checks before a save, per collection, and the messages it shows."""
    contracts = contracts or Contracts()
    terms = {key: _terms(vocabularies.get(key)) for key in FACETS_BY_KEY}
    collections: dict[str, Any] = {}
    for name, contract in ((STORIES, contracts.story), (BULLETINS, contracts.bulletin)):
        collections[name] = {
            key: _rule(key, prop, key in contract.required, vocabularies, terms)
            for key, prop in contract.props.items()
        }
    collections[BULLETINS]["select"]["kind"] = "query"
    collections[BULLETINS]["select"]["fields"] = {
        key: _rule(key, prop, False, vocabularies, terms)
        for key, prop in contracts.query.props.items()
    }
    return {
        "collections": collections,
        # YAML read as the validator reads it: the same patterns for its plain scalars.
        "scalars": [[tag, pattern] for tag, pattern, _ in CORE_SCALARS],
        # At least one of these keys must be filled (a bulletin shows chosen or selected stories).
        "one_of": {BULLETINS: ["stories", "select"]},
        # The contract's order (the JSON in the page has its keys sorted): new files follow it.
        "order": {
            STORIES: [field["name"] for field in story_fields(vocabularies, contracts)[:-1]],
            BULLETINS: list(collections[BULLETINS]),
        },
        "flow_lists": [facet.key for facet in FACETS],
        "lines_widget": LINES_WIDGET,
        # The preview pane's fiche, in the order and words of theme/partials/fiche-recit.html.
        "facets": [
            {
                "key": facet.key,
                "singular": facet.singular.capitalize(),
                "plural": facet.plural.capitalize(),
                "label": _facet_label(facet.key, vocabularies),
            }
            for facet in FACETS
        ],
        "fiche": dict(PREVIEW_WORDS),
        "body": BODY,
        "stories": STORIES,
        "slug_field": SLUG_FIELD,
        "schema_url": urljoin(site_url, urls.SCHEMA) if site_url else None,
        "messages": _messages(),
    }


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

LINES_WIDGET = "oqrls-lignes"
"""admin.js's widget for a list of short texts: one line per item."""

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

"""The brokers' editor at `admin/` (Decap CMS): its forms, in its configuration.

Both come from the same source of truth as `oqrls check`: the story contract
(`generator.model.schema`), the bulletin contract (`generator.model.bulletin`), the facet
registry and the loaded vocabularies. The configuration (`admin/config.yml`) describes the
forms; the rules (a JSON document in the admin page, read by `theme/assets/javascripts/admin.js`)
refuse a save that `oqrls check` would refuse for that one file, and say why in French.

The rules live in `generator.tools.editor_rules`, the admin site that serves both (and Decap
CMS's bundle) in `generator.tools.admin`. No MkDocs here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel

from generator.model.bulletin import BulletinFrontMatter
from generator.model.facets import FACETS_BY_KEY
from generator.model.query import StoryQuery
from generator.model.schema import (
    StoryFrontMatter,
)
from generator.model.vocabulary import Vocabularies

NEW_STORY_TEMPLATE = "templates/nouveau-recit.md"
"""The template of `oqrls new`, relative to the package."""

STORIES = "recits"
"""Name of the stories' collection in the editor (its address: `admin/#/collections/recits`)."""

BULLETINS = "bulletins"
"""Name of the bulletins' collection."""

BODY = "body"
"""Field holding the Markdown text after the front matter (not a front-matter key)."""

LINES_WIDGET = "oqrls-lignes"
"""admin.js's widget for a list of short texts: one line per item."""

SLUG_FIELD = "oqrls_slug"
"""Field the editor fills before saving a new file with the name `oqrls new` would give it;
never written to the file."""


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


def facet_label(key: str, vocabularies: Vocabularies) -> str:
    vocabulary = vocabularies.get(key)
    return vocabulary.label if vocabulary is not None else FACETS_BY_KEY[key].plural.capitalize()


def _terms_field(key: str, vocabularies: Vocabularies, required: bool) -> dict[str, Any]:
    vocabulary = vocabularies.get(key)
    options = [{"label": t.label, "value": t.id} for t in vocabulary or ()]
    return {
        "label": facet_label(key, vocabularies),
        "name": key,
        "widget": "select",
        "multiple": True,
        "options": options,
        "required": required,
        "hint": FACETS_BY_KEY[key].description,
    }


def prop_option(prop: Mapping[str, Any], name: str) -> Any:
    """`name` in a property or in one of its `anyOf` forms (an optional value's)."""
    for form in (prop, *prop.get("anyOf", ())):
        if name in form:
            return form[name]
    return None


def prop_minimum(prop: Mapping[str, Any]) -> int | None:
    minimum = prop_option(prop, "minimum")
    exclusive = prop_option(prop, "exclusiveMinimum")
    if minimum is None and exclusive is not None:
        minimum = int(exclusive) + 1
    return None if minimum is None else int(minimum)


def prop_kind(prop: Mapping[str, Any]) -> str:
    """`text`, `list`, `date`, `bool`, `int` or `object`: what a property holds."""
    types = [prop.get("type")] + [option.get("type") for option in prop.get("anyOf", ())]
    if prop_option(prop, "format") == "date":
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
        if prop_option(prop, "minItems") is not None:
            field["min"] = prop_option(prop, "minItems")
        return field
    field = {
        "label": prop.get("title", key),
        "name": key,
        "required": required,
        "hint": prop.get("description", ""),
    }
    kind = prop_kind(prop)
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
        if prop_option(prop, "minItems") is not None:
            field["min"] = prop_option(prop, "minItems")  # the check before saving says it too
    elif kind == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                     time_format=False, picker_utc=True)  # fmt: skip
    elif kind == "bool":
        field.update(widget="boolean", default=bool(prop.get("default", False)))
    elif kind == "int":
        field.update(widget="number", value_type="int", min=prop_minimum(prop) or 0)
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

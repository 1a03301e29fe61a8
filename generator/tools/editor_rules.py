"""The editor's rules before saving: what `oqrls check` would refuse of one file, as data.

Made from the same source as `oqrls check` (the story and bulletin contracts, the facet
registry, the loaded vocabularies and the YAML loader's own patterns), read by
`theme/assets/javascripts/front-matter.js`, which says why in French, on the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin

from generator.model import urls
from generator.model.facets import FACETS, FACETS_BY_KEY, PLACE
from generator.model.messages import message_template
from generator.model.schema import (
    BLANK_PATTERN,
    DATE_FORMAT_MESSAGE,
    DUPLICATE_KEY_MESSAGE,
    UNKNOWN_TERM_MESSAGE,
)
from generator.model.text import match_key
from generator.model.vocabulary import Vocabularies, Vocabulary
from generator.model.yamlsource import CORE_SCALARS
from generator.tools.cms import (
    BODY,
    BULLETINS,
    LINES_WIDGET,
    SLUG_FIELD,
    STORIES,
    Contracts,
    facet_label,
    prop_kind,
    prop_minimum,
    prop_option,
    story_fields,
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
        rule["label"] = facet_label(key, vocabularies)
        rule["kind"] = "terms"
        rule["vocabulary"] = vocabulary.label if vocabulary else rule["label"]
        rule["terms"] = terms[key]
        rule["labels"] = {term.id: term.label for term in vocabulary or ()}
    else:
        rule["kind"] = prop_kind(prop)
    min_items = prop_option(prop, "minItems")
    if min_items is not None:
        rule["min_items"] = min_items
    if prop_minimum(prop) is not None:
        rule["minimum"] = prop_minimum(prop)
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
        "place": PLACE,
        "facets": [
            {
                "key": facet.key,
                "singular": facet.singular.capitalize(),
                "plural": facet.plural.capitalize(),
                "label": facet_label(facet.key, vocabularies),
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

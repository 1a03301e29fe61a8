"""The facet registry: every front-matter key backed by a controlled vocabulary.

This is the one place a facet is declared. The story contract (`generator.model.schema`), the
catalogue query (`generator.model.query`), the indexes and their pages, the related stories, the
open data and the JSON Schema all read it: adding a facet is one entry here and one
vocabulary file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Facet:
    """A front-matter key whose values are terms of one vocabulary."""

    key: str
    """Front-matter key, e.g. `success_factors`; also the catalogue's query parameter."""

    vocabulary: str
    """Stem of the vocabulary file, e.g. `success_factors` for `success_factors.yml`."""

    path: str
    """URL folder of the facet's pages: a permalink promised to readers, keep it stable."""

    singular: str
    """What one term is, in French: « facteur de succès »."""

    plural: str
    """What several terms are: « facteurs de succès »."""

    description: str
    """What brokers write in the key (JSON Schema, editors' hints), in French."""

    same_one: str
    """Why two stories are related when one shared term of this facet explains it, before
    the term: « Même retombée »."""

    same_many: str
    """The same for several shared terms: « Mêmes retombées »."""

    required: bool = False
    """Whether every story must carry at least one term."""

    related_weight: float = 1.0
    """Default weight of a shared term when ranking related stories (0: ignored);
    mkdocs.yml may change it with the `related_weights` option."""

    on_card: bool = False
    """Whether a story's card lists its terms of this facet as chips."""

    filter_open: bool = False
    """Whether the catalogue shows this facet's filter unfolded: the questions most readers
    come with (where, what worked, what it brought); the others stay one tap away."""

    in_nav: bool = False
    """Whether the site's navigation has a tab for this facet's overview page."""

    dashboard: str = ""
    """The sentence under this facet's chart of stories per term on the dashboard
    (« Nombre de récits qui citent chaque facteur de succès. »); empty: no chart."""

    def shared(self, labels: list[str]) -> str:
        """« Même région : Estrie », « Mêmes retombées : Prévention, Continuité des services »."""
        return f"{self.same_one if len(labels) == 1 else self.same_many} : {', '.join(labels)}"


FACETS: tuple[Facet, ...] = (
    Facet(
        "region", "regions", "regions", "région", "régions",
        "Région(s) administrative(s) : identifiant, nom ou code à deux chiffres",
        "Même région", "Mêmes régions", required=True, related_weight=1.0, filter_open=True,
        in_nav=True,
    ),
    Facet(
        "sectors", "sectors", "secteurs", "secteur", "secteurs",
        "Secteurs des partenaires",
        "Même secteur", "Mêmes secteurs", related_weight=0.5,
    ),
    Facet(
        "programs", "programs", "programmes", "programme-services", "programmes-services",
        "Programmes-services du MSSS",
        "Même programme-services", "Mêmes programmes-services", related_weight=1.0,
    ),
    Facet(
        "success_factors", "success_factors", "facteurs-de-succes",
        "facteur de succès", "facteurs de succès", "Facteurs de succès (au moins un)",
        "Même facteur de succès", "Mêmes facteurs de succès",
        required=True, related_weight=1.5, on_card=True, filter_open=True, in_nav=True,
        dashboard="Nombre de récits qui citent chaque facteur de succès.",
    ),
    Facet(
        "outcomes", "outcomes", "retombees", "retombée", "retombées",
        "Retombées (au moins une)",
        "Même retombée", "Mêmes retombées",
        required=True, related_weight=1.5, on_card=True, filter_open=True, in_nav=True,
        dashboard="Nombre de récits qui font état de chaque retombée.",
    ),
    Facet(
        "determinants", "determinants", "determinants", "déterminant", "déterminants",
        "Déterminants de la santé touchés",
        "Même déterminant", "Mêmes déterminants", related_weight=0.8,
    ),
    Facet(
        "challenges", "challenges", "defis", "défi", "défis",
        "Défis rencontrés",
        "Même défi", "Mêmes défis", related_weight=0.8,
    ),
)  # fmt: skip
"""Every facet, in the order a story's card and the catalogue show them."""

FACETS_BY_KEY: Mapping[str, Facet] = MappingProxyType({facet.key: facet for facet in FACETS})

YEAR = "year"
"""Key of the year-of-publication index: built from the stories' dates, not a vocabulary."""

PLACE = "region"
"""Key of the facet that says where a story took place: the dashboard's map of tiles, the
place named beside a story's date (cards, lists, search results) and JSON-LD's
`spatialCoverage`. Its vocabulary is the one the map's tiles are drawn for."""

CROSSTABS: tuple[tuple[str, str], ...] = (
    ("success_factors", "outcomes"),
    (PLACE, "success_factors"),
)
"""The cross-tabulations, as (facet of the rows, facet of the columns), in the order the
site lists them; their address and title come from the two facets. The dashboard shows the
first one whose two facets have a chart there."""

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {facet.key: facet.related_weight for facet in FACETS}
)
"""How much sharing one term of each facet counts (the `related_weights` default)."""

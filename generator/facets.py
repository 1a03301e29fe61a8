"""The facets of a story: front-matter keys backed by a controlled vocabulary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A front-matter key whose values are terms of one vocabulary."""

    key: str
    """Front-matter key, e.g. `success_factors`."""

    vocabulary: str
    """Stem of the vocabulary file, e.g. `success_factors` for `success_factors.yml`."""

    path: str
    """URL folder of the facet's pages: a permalink promised to readers, keep it stable."""


FACETS: tuple[Facet, ...] = (
    Facet("region", "regions", "regions"),
    Facet("sectors", "sectors", "secteurs"),
    Facet("programs", "programs", "programmes"),
    Facet("success_factors", "success_factors", "facteurs-de-succes"),
    Facet("outcomes", "outcomes", "retombees"),
    Facet("determinants", "determinants", "determinants"),
    Facet("challenges", "challenges", "defis"),
)
"""Every facet, in the order a story's card shows them."""

FACETS_BY_KEY = {facet.key: facet for facet in FACETS}

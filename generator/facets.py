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

    required: bool
    """Whether every story must carry at least one term of this facet."""


FACETS: tuple[Facet, ...] = (
    Facet("region", "regions", "regions", required=True),
    Facet("sectors", "sectors", "secteurs", required=False),
    Facet("programs", "programs", "programmes", required=False),
    Facet("success_factors", "success_factors", "facteurs-de-succes", required=True),
    Facet("outcomes", "outcomes", "retombees", required=True),
    Facet("determinants", "determinants", "determinants", required=False),
    Facet("challenges", "challenges", "defis", required=False),
)
"""Every facet, in the order a story's card shows them."""

FACETS_BY_KEY = {facet.key: facet for facet in FACETS}

"""The catalogue's filters: the terms a reader can tick, and each story's terms as their
positions in those lists, the compact form theme/assets/javascripts/catalogue.js filters on.

The catalogue lists every story on one page: what its script needs must stay small at
thousands of stories, a few numbers a story rather than term ids in attributes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.model.facets import FACETS_BY_KEY
from generator.model.story import Story
from generator.outputs.index import Indexes, TermStories


@dataclass(frozen=True)
class FilterGroup:
    """The terms of one facet a reader can tick: those carried by at least one story."""

    key: str
    """Facet key (or `year`): the name of its checkboxes and of its URL query parameter."""

    label: str
    """The facet's name, heading the group: « Régions »."""

    terms: list[TermStories]
    """Its terms with stories, in vocabulary order (years: newest first)."""

    open: bool
    """Shown unfolded before the reader asks (the registry's `filter_open`)."""


@dataclass(frozen=True)
class CatalogueFilters:
    """What the catalogue's filter panel shows and what its script reads."""

    groups: list[FilterGroup]
    """One group per facet some story carries, in the registry's order, years last."""

    positions: str
    """JSON: for each story in the catalogue's order, for each group, the positions of the
    story's terms in that group's `terms`, e.g. `[[4],[0,3],[],[1]]`."""


def filter_groups(indexes: Indexes) -> list[FilterGroup]:
    """The groups of the filter panel."""
    groups = []
    for key, index in indexes.facets.items():
        used = index.used
        if not used:
            continue
        facet = FACETS_BY_KEY.get(key)
        groups.append(FilterGroup(key, index.label, used, bool(facet and facet.filter_open)))
    return groups


def term_positions(stories: list[Story], groups: list[FilterGroup]) -> str:
    """`CatalogueFilters.positions` of `stories` for `groups`."""
    # From the inverted lists: one pass over each term's stories, positions come out sorted.
    where: dict[str, list[list[int]]] = {story.slug: [[] for _ in groups] for story in stories}
    for number, group in enumerate(groups):
        for position, term in enumerate(group.terms):
            for story in term.stories:
                if story.slug in where:
                    where[story.slug][number].append(position)
    positions = [where[story.slug] for story in stories]
    return json.dumps(positions, separators=(",", ":"))

"""Related stories: hand-picked first, then those sharing the most (weighted) facet terms."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from generator.facets import FACETS
from generator.index import FacetIndex
from generator.story import Story

DEFAULT_WEIGHTS: dict[str, float] = {
    "region": 1.0,
    "success_factors": 1.5,
    "outcomes": 1.5,
    "programs": 1.0,
    "determinants": 0.8,
    "challenges": 0.8,
    "sectors": 0.5,
}
"""How much sharing one term of each facet counts; a facet missing here counts for nothing."""

_SHARED = {
    "region": ("même région", "mêmes régions"),
    "sectors": ("secteur", "secteurs"),
    "programs": ("programme", "programmes"),
    "success_factors": ("facteur de succès", "facteurs de succès"),
    "outcomes": ("retombée", "retombées"),
    "determinants": ("déterminant", "déterminants"),
    "challenges": ("défi", "défis"),
}


@dataclass(frozen=True)
class RelatedStory:
    """A story shown under another one, and why."""

    story: Story
    reason: str
    """« même région ; 2 facteurs de succès en commun », or « choisi par la rédaction »."""


def related_stories(
    stories: list[Story],
    facets: Mapping[str, FacetIndex],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    limit: int = 5,
) -> dict[str, list[RelatedStory]]:
    """Up to `limit` related stories for each story, from the inverted indexes.

    A shared term weighs `weight × log(1 + N / stories carrying it)`: a term that most stories
    carry counts for little. Ties go to the newer story, then to the slug, so lists never vary.
    """
    total = len(stories)
    by_slug = {story.slug: story for story in stories}
    result: dict[str, list[RelatedStory]] = {}
    for story in stories:
        chosen = [
            RelatedStory(by_slug[slug], "choisi par la rédaction")
            for slug in story.meta.related
            if slug in by_slug
        ][:limit]
        scores: dict[str, float] = defaultdict(float)
        shared: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for facet in FACETS:
            weight = weights.get(facet.key, 0.0)
            index = facets.get(facet.key)
            if not weight or index is None:
                continue
            for term_id in getattr(story.meta, facet.key):
                carriers = index.by_id[term_id].stories
                value = weight * math.log(1 + total / len(carriers))
                for other in carriers:
                    if other is not story:
                        scores[other.slug] += value
                        shared[other.slug][facet.key] += 1
        taken = {story.slug} | {item.story.slug for item in chosen}
        ranked = sorted(
            (slug for slug in scores if slug not in taken),
            key=lambda slug: (-round(scores[slug], 9), -by_slug[slug].meta.date.toordinal(), slug),
        )
        chosen += [
            RelatedStory(by_slug[slug], _reason(shared[slug]))
            for slug in ranked[: limit - len(chosen)]
        ]
        result[story.slug] = chosen
    return result


def _reason(shared: Mapping[str, int]) -> str:
    parts = []
    for facet in FACETS:
        count = shared.get(facet.key, 0)
        if not count:
            continue
        singular, plural = _SHARED[facet.key]
        if facet.key == "region":
            parts.append(singular if count == 1 else plural)
        else:
            parts.append(f"{count} {singular if count == 1 else plural} en commun")
    return " ; ".join(parts[:3])  # the three most telling facets are enough to explain

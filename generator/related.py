"""Related stories: hand-picked first, then those sharing the most (weighted) facet terms."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.facets import DEFAULT_WEIGHTS, FACETS
from generator.index import FacetIndex
from generator.story import Story

_CHUNK = 512
"""Stories scored at once: a block of `_CHUNK × N` scores stays small in memory."""


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
    """Up to `limit` related stories for each story (stories come newest first).

    A shared term weighs `weight × log(1 + N / stories carrying it)`: a term that most stories
    carry counts for little. The scores of all pairs come from one product of the
    story × term matrix (the inverted lists, as a matrix) with itself, block by block, so
    the work is a few matrix products instead of a Python loop over every pair. Ties go to
    the story listed first (the newer, then by slug), so lists never vary between builds.
    """
    import numpy as np  # here, not at the top: `oqrls check` never needs it

    total = len(stories)
    position = {story.slug: index for index, story in enumerate(stories)}
    columns: list[tuple[str, str]] = []
    term_weights: list[float] = []
    for facet in FACETS:
        weight = weights.get(facet.key, 0.0)
        index = facets.get(facet.key)
        if not weight or index is None:
            continue
        for term in index.terms:
            if term.stories:
                columns.append((facet.key, term.id))
                term_weights.append(weight * math.log(1 + total / term.count))
    column_of = {key: number for number, key in enumerate(columns)}
    carries = np.zeros((total, len(columns)), dtype=np.float32)
    for row, story in enumerate(stories):
        for facet in FACETS:
            for term_id in story.meta.ids(facet.key):
                column = column_of.get((facet.key, term_id))
                if column is not None:
                    carries[row, column] = 1.0
    weighted = carries * np.asarray(term_weights, dtype=np.float32)

    result: dict[str, list[RelatedStory]] = {}
    for start in range(0, total, _CHUNK):
        scores = weighted[start : start + _CHUNK] @ carries.T
        # Round away float noise so equal sums compare equal, whatever the summation order.
        scores = np.round(scores, 4)
        for offset, row in enumerate(scores):
            story = stories[start + offset]
            chosen = [
                RelatedStory(stories[position[slug]], "choisi par la rédaction")
                for slug in story.meta.related
                if slug in position
            ][:limit]
            row[start + offset] = 0.0
            for item in chosen:
                row[position[item.story.slug]] = 0.0
            for other in _best(row, limit - len(chosen)):
                chosen.append(RelatedStory(stories[other], _reason(story, stories[other])))
            result[story.slug] = chosen
    return result


def _best(scores: Any, count: int) -> list[int]:
    """Indices of the `count` highest positive scores (a NumPy row); ties to the lowest index."""
    import numpy as np

    if count <= 0:
        return []
    positive = np.flatnonzero(scores > 0)
    if len(positive) <= count:
        order = np.lexsort((positive, -scores[positive]))
        return [int(i) for i in positive[order]]
    threshold = np.partition(scores[positive], -count)[-count]
    above = positive[scores[positive] > threshold]
    at = positive[scores[positive] == threshold][: count - len(above)]
    candidates = np.concatenate([above, at])
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(i) for i in candidates[order]]


def _reason(story: Story, other: Story) -> str:
    parts = []
    for facet in FACETS:
        count = len(set(story.meta.ids(facet.key)) & set(other.meta.ids(facet.key)))
        if count:
            parts.append(facet.shared(count))
    return " ; ".join(parts[:3])  # the three most telling facets are enough to explain

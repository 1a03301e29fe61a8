"""Related stories: hand-picked first, then those sharing the most (weighted) facet terms."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.facets import DEFAULT_WEIGHTS, FACETS, Facet
from generator.index import FacetIndex
from generator.story import Story

_CHUNK = 512
"""Stories scored at once: a block of `_CHUNK × N` scores stays small in memory."""

COMMON_SHARE = 0.8
"""A term carried by this share of the stories or more says nothing about two of them: it
neither counts in the score nor is given as a reason (« Santé et services sociaux » when
every story has that sector)."""

COMMON_FROM = 5
"""…once the collection has this many stories: in a smaller one every shared term counts."""

RARITY_DECIMALS = 1
"""A term's rarity, `log(1 + N / stories carrying it)`, is rounded to this many decimals: one
story more or less in the collection or under a term rarely changes it, so publishing or
editing a story does not reshuffle the related stories of hundreds of others (nor make the
preview render all their pages again)."""

REASON_TERMS = 3
"""Shared terms named in a reason, the rarest (heaviest) first."""

HAND_PICKED = "Choisi par la rédaction"


@dataclass(frozen=True)
class RelatedStory:
    """A story shown under another one, and why."""

    story: Story
    reasons: tuple[str, ...]
    """« Mêmes retombées : Diminution des hospitalisations », « Même région : Estrie »: the
    shared terms that weigh most, by facet; or « Choisi par la rédaction »."""

    @property
    def reason(self) -> str:
        return " ; ".join(self.reasons)


@dataclass(frozen=True)
class _Column:
    facet: Facet
    label: str
    weight: float


def related_stories(
    stories: list[Story],
    facets: Mapping[str, FacetIndex],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    limit: int = 5,
) -> dict[str, list[RelatedStory]]:
    """Up to `limit` related stories for each story (stories come newest first).

    A shared term weighs `weight × log(1 + N / stories carrying it)` (`RARITY_DECIMALS`): a
    rare term counts more, and a term nearly every story carries (`COMMON_SHARE`) does not
    count at all. The scores of all pairs come from one product of the story × term
    matrix (the inverted lists, as a matrix) with itself, block by block, so the work is a
    few matrix products instead of a Python loop over every pair. Ties go to the story
    listed first (the newer, then by slug), so lists never vary between builds.
    """
    import numpy as np  # here, not at the top: `oqrls check` never needs it

    total = len(stories)
    position = {story.slug: index for index, story in enumerate(stories)}
    columns: list[_Column] = []
    column_of: dict[tuple[str, str], int] = {}
    for facet in FACETS:
        weight = weights.get(facet.key, 0.0)
        index = facets.get(facet.key)
        if not weight or index is None:
            continue
        for term in index.terms:
            if not term.stories or _common(term.count, total):
                continue
            column_of[(facet.key, term.id)] = len(columns)
            rarity = round(math.log(1 + total / term.count), RARITY_DECIMALS)
            columns.append(_Column(facet, term.label, weight * rarity))
    carries = np.zeros((total, len(columns)), dtype=np.float32)
    rows: list[int] = []
    cells: list[int] = []
    for row, story in enumerate(stories):
        for facet in FACETS:
            for term_id in story.meta.ids(facet.key):
                column = column_of.get((facet.key, term_id))
                if column is not None:
                    rows.append(row)
                    cells.append(column)
    carries[rows, cells] = 1.0
    term_weights = np.asarray([column.weight for column in columns], dtype=np.float32)
    weighted = carries * term_weights

    result: dict[str, list[RelatedStory]] = {}
    reasons_of: dict[bytes, tuple[str, ...]] = {}
    for start in range(0, total, _CHUNK):
        scores = weighted[start : start + _CHUNK] @ carries.T
        # Round away float noise so equal sums compare equal, whatever the summation order.
        scores = np.round(scores, 4)
        for offset, row in enumerate(scores):
            here = start + offset
            story = stories[here]
            chosen = [
                RelatedStory(stories[position[slug]], (HAND_PICKED,))
                for slug in story.meta.related
                if slug in position
            ][:limit]
            row[here] = 0.0
            for item in chosen:
                row[position[item.story.slug]] = 0.0
            for other in _best(row, limit - len(chosen)):
                shared = np.flatnonzero(carries[here] * carries[other]).tobytes()
                if shared not in reasons_of:  # the same shared terms, the same reasons
                    found = np.frombuffer(shared, dtype=np.intp)
                    reasons_of[shared] = _reasons([columns[int(column)] for column in found])
                chosen.append(RelatedStory(stories[other], reasons_of[shared]))
            result[story.slug] = chosen
    return result


def _common(count: int, total: int) -> bool:
    return total >= COMMON_FROM and count >= COMMON_SHARE * total


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


def _reasons(shared: list[_Column]) -> tuple[str, ...]:
    """The heaviest shared terms (rarest first; in facet and vocabulary order when equal),
    grouped by facet in the order their heaviest term comes."""
    # sorted() is stable: `shared` comes in column order, i.e. facet then vocabulary order.
    heaviest = sorted(shared, key=lambda column: -column.weight)[:REASON_TERMS]
    labels: dict[Facet, list[str]] = {}
    for column in heaviest:
        labels.setdefault(column.facet, []).append(column.label)
    return tuple(facet.shared(names) for facet, names in labels.items())

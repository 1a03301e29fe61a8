"""Related stories: hand-picked first, then those sharing the most (weighted) facet terms."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.cache import Cache
from generator.model.facets import DEFAULT_WEIGHTS, FACETS, Facet
from generator.model.story import Story
from generator.outputs.index import FacetIndex

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
    term: str
    label: str
    weight: float


Pairs = tuple[tuple[str, tuple[str, ...]], ...]
"""A story's related stories as (slug, reasons)."""

INCREMENTAL_MAX = 20
"""At most this many stories changed since the last computation: only the rows they can
change are computed again (see `RelatedRun`); more, and every row is."""


@dataclass(frozen=True)
class RelatedRun:
    """One computation of the related stories, and what the next one may start from.

    A story's list changes when its own terms change, or when a changed story enters or
    leaves it: the next computation compares its inputs with these (same stories in the
    same order, same terms and weights) and redoes only those rows, when few changed.
    """

    pairs: dict[str, Pairs]
    """Related stories of each story, by slug."""
    slugs: tuple[str, ...]
    columns: tuple[tuple[str, str, str, float], ...]
    """(facet, term id, label, weight) of each term that counts."""
    hand_picked: tuple[tuple[str, ...], ...]
    carries: Any = field(repr=False)
    """The story × term matrix (NumPy, read only)."""
    floors: Any = field(repr=False)
    """Per story, the score a story must reach to enter its list (NumPy)."""
    computed: int = 0
    """Lists this computation made (the others were the previous one's)."""


def related_stories(
    stories: list[Story],
    facets: Mapping[str, FacetIndex],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    limit: int = 5,
) -> dict[str, list[RelatedStory]]:
    """Up to `limit` related stories for each story (stories come newest first): see
    `related_run`."""
    return related_objects(related_run(stories, facets, weights, limit).pairs, stories)


def related_objects(
    pairs: Mapping[str, Pairs], stories: list[Story]
) -> dict[str, list[RelatedStory]]:
    """`pairs` (slugs and reasons) as the related stories the pages show."""
    by_slug = {story.slug: story for story in stories}
    return {
        slug: [RelatedStory(by_slug[other], reasons) for other, reasons in items]
        for slug, items in pairs.items()
    }


def related_run(
    stories: list[Story],
    facets: Mapping[str, FacetIndex],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    limit: int = 5,
    previous: RelatedRun | None = None,
) -> RelatedRun:
    """Up to `limit` related stories for each story (stories come newest first).

    A shared term weighs `weight × log(1 + N / stories carrying it)` (`RARITY_DECIMALS`): a
    rare term counts more, and a term nearly every story carries (`COMMON_SHARE`) does not
    count at all. The scores of all pairs come from one product of the story × term
    matrix (the inverted lists, as a matrix) with itself, block by block, so the work is a
    few matrix products instead of a Python loop over every pair. Ties go to the story
    listed first (the newer, then by slug), so lists never vary between builds.

    With `previous` (the last computation, in the preview), only the lists a change can
    reach are computed again: those of the changed stories, those that showed one of them,
    and those one of them now scores high enough to enter. The result is the same as a
    whole computation (tested).
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
            columns.append(_Column(facet, term.id, term.label, weight * rarity))
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
    carries.setflags(write=False)
    term_weights = np.asarray([column.weight for column in columns], dtype=np.float32)
    weighted = carries * term_weights
    slugs = tuple(story.slug for story in stories)
    described = tuple((c.facet.key, c.term, c.label, c.weight) for c in columns)
    hand_picked = tuple(tuple(story.meta.related) for story in stories)
    floors = np.full(total, np.inf, dtype=np.float64)
    pairs: dict[str, Pairs] = {}
    redo: list[int] = list(range(total))

    if (
        previous is not None
        and previous.slugs == slugs
        and previous.columns == described
        and previous.carries.shape == carries.shape
    ):
        changed = set(np.flatnonzero(np.any(previous.carries != carries, axis=1)).tolist())
        changed |= {row for row in range(total) if hand_picked[row] != previous.hand_picked[row]}
        if len(changed) <= INCREMENTAL_MAX:
            touched = sorted(changed)
            moved = {slugs[row] for row in touched}
            # Scores of every story with each changed one, as a whole computation gives them.
            with_changed = np.round(weighted @ carries[touched].T, 4) if touched else None
            again = set(changed)
            if with_changed is not None:
                reach = np.any(
                    (with_changed >= previous.floors[:, None]) & (with_changed > 0), axis=1
                )
                again |= set(np.flatnonzero(reach).tolist())
            for row, slug in enumerate(slugs):
                if any(other in moved for other, _ in previous.pairs[slug]):
                    again.add(row)
            floors = previous.floors.copy()
            pairs = dict(previous.pairs)
            redo = sorted(again)

    reasons_of: dict[bytes, tuple[str, ...]] = {}
    for start in range(0, len(redo), _CHUNK):
        block = redo[start : start + _CHUNK]
        scores = weighted[block] @ carries.T
        # Round away float noise so equal sums compare equal, whatever the summation order.
        scores = np.round(scores, 4)
        for here, row in zip(block, scores, strict=True):
            story = stories[here]
            picked: tuple[str, ...] = (HAND_PICKED,)
            chosen = [(slug, picked) for slug in story.meta.related if slug in position][:limit]
            row[here] = 0.0
            for slug, _ in chosen:
                row[position[slug]] = 0.0
            room = limit - len(chosen)
            best = _best(row, room)
            for other in best:
                shared = np.flatnonzero(carries[here] * carries[other]).tobytes()
                if shared not in reasons_of:  # the same shared terms, the same reasons
                    found = np.frombuffer(shared, dtype=np.intp)
                    reasons_of[shared] = _reasons([columns[int(column)] for column in found])
                chosen.append((slugs[other], reasons_of[shared]))
            pairs[story.slug] = tuple(chosen)
            # What another story must score to enter this list: any positive score while
            # there is room, the last one kept's once full (a tie may win on its position).
            if room <= 0:
                floors[here] = np.inf
            elif len(best) < room:
                floors[here] = np.finfo(np.float64).tiny
            else:
                floors[here] = float(row[best[-1]])
    floors.setflags(write=False)
    return RelatedRun(
        {slug: pairs[slug] for slug in slugs}, slugs, described, hand_picked, carries, floors,
        len(redo),
    )  # fmt: skip


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


def build_related(
    stories: list[Story],
    facets: Mapping[str, FacetIndex],
    weights: Mapping[str, float],
    cache: Cache,
    shape: str,
) -> dict[str, list[RelatedStory]]:
    """The related stories of a build. With the preview's cache, taken from an earlier build
    when no story changed what they depend on (`shape`, see `generator.digest.shape`) and no
    term was renamed: editing a title or a sentence keeps them."""
    # The reasons name the shared terms: their labels count too.
    labels = [(key, term.id, term.label) for key, index in facets.items() for term in index.terms]
    text = repr((sorted(weights.items()), labels))
    key = ("related", shape, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    # The last computation, whatever its inputs: `related_run` checks them, and redoes only
    # the lists a term edit can reach (the preview's edits come one story at a time).
    last_key = ("related", "last run")
    last = cache.find(last_key)

    def compute() -> dict[str, Pairs]:
        run = related_run(
            stories, facets, weights, previous=last if isinstance(last, RelatedRun) else None
        )
        cache.put(last_key, run)
        return run.pairs

    return related_objects(cache.get(key, compute), stories)

"""Selecting stories by facet terms: the catalogue's logic, for bulletins."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Hashable, Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, create_model

from generator.cache import NO_CACHE, Cache
from generator.model.facets import FACETS
from generator.model.schema import IsoDate, OptionalTerms
from generator.model.story import Story


class QueryFields(BaseModel):
    """Stories carrying, for every facet named, at least one of the listed terms.

    OR within a facet, AND across facets; terms are written as in stories. One key per
    facet of the registry is added as `StoryQuery`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: IsoDate | None = Field(
        default=None, title="Depuis", description="Seulement les récits publiés depuis cette date"
    )
    """Only stories published on or after this date."""
    limit: PositiveInt | None = Field(
        default=None, title="Au plus", description="Seulement les plus récents, ce nombre au plus"
    )
    """At most this many stories, the newest."""

    def terms(self, key: str) -> list[str]:
        """The term ids asked for in facet `key` (none: the facet is not filtered)."""
        value: list[str] = getattr(self, key)
        return value

    def matches(self, story: Story) -> bool:
        if self.since and story.meta.date < self.since:
            return False
        return all(not wanted.isdisjoint(story.meta.ids(key)) for key, wanted in self.wanted)

    @functools.cached_property
    def wanted(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """The facets this query names, each with the terms asked for."""
        named = (facet.key for facet in FACETS if self.terms(facet.key))
        return tuple((key, frozenset(self.terms(key))) for key in named)

    def select(self, stories: Iterable[Story], until: datetime.date) -> list[Story]:
        """Matching stories dated on or before `until`, newest first then by slug."""
        found = [s for s in stories if s.meta.date <= until and self.matches(s)]
        found.sort(key=lambda s: (-s.meta.date.toordinal(), s.slug))
        return found[: self.limit] if self.limit else found


StoryQuery: type[QueryFields] = create_model(
    "StoryQuery",
    __base__=QueryFields,
    **{facet.key: (OptionalTerms, Field(default_factory=list)) for facet in FACETS},  # type: ignore[call-overload]
)
"""A query over every facet of the registry, `since` and `limit`."""

QUERY_KEYS: tuple[str, ...] = tuple(StoryQuery.model_fields)


class Selection:
    """The queries of one build's bulletins over its published stories.

    With the preview's cache, each answer is kept as a list of slugs, keyed by the query,
    its date and `terms_key` — what a query can look at of every story (slug, date, term
    ids: `generator.digest.shape`) — so that an edit of a title or a sentence does not run
    the queries again.
    """

    def __init__(
        self, stories: Sequence[Story], cache: Cache = NO_CACHE, terms_key: Hashable = None
    ) -> None:
        self.stories = stories
        """Published stories, newest first."""
        self.cache = cache
        self.terms_key = terms_key
        self._by_slug = {story.slug: story for story in stories}

    def select(self, query: QueryFields, until: datetime.date) -> list[Story]:
        """`query.select` over the published stories dated on or before `until`."""
        key = ("selection", self.terms_key, query.model_dump_json(), until)
        slugs = self.cache.get(key, lambda: [s.slug for s in query.select(self.stories, until)])
        return [self._by_slug[slug] for slug in slugs]

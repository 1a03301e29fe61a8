"""Selecting stories by facet terms: the catalogue's logic, for bulletins."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, PositiveInt

from generator.facets import FACETS
from generator.schema import IsoDate, OptionalTerms
from generator.story import Story


class StoryQuery(BaseModel):
    """Stories carrying, for every facet named, at least one of the listed terms.

    OR within a facet, AND across facets; terms are written as in stories.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: OptionalTerms
    sectors: OptionalTerms
    programs: OptionalTerms
    success_factors: OptionalTerms
    outcomes: OptionalTerms
    determinants: OptionalTerms
    challenges: OptionalTerms
    since: IsoDate | None = None
    """Only stories published on or after this date."""
    limit: PositiveInt | None = None
    """At most this many stories, the newest."""

    def matches(self, story: Story) -> bool:
        if self.since and story.meta.date < self.since:
            return False
        for key in self._named:
            carried: list[str] = getattr(story.meta, key)
            if not any(term in carried for term in getattr(self, key)):
                return False
        return True

    @functools.cached_property
    def _named(self) -> tuple[str, ...]:
        """The facets this query names."""
        return tuple(facet.key for facet in FACETS if getattr(self, facet.key))

    def select(self, stories: Iterable[Story], until: datetime.date) -> list[Story]:
        """Matching stories dated on or before `until`, newest first then by slug."""
        found = [s for s in stories if s.meta.date <= until and self.matches(s)]
        found.sort(key=lambda s: (-s.meta.date.toordinal(), s.slug))
        return found[: self.limit] if self.limit else found


QUERY_KEYS: tuple[str, ...] = tuple(StoryQuery.model_fields)

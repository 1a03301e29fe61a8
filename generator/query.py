"""Selecting stories by facet terms: the catalogue's logic, for bulletins."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, create_model

from generator.facets import FACETS
from generator.schema import IsoDate, OptionalTerms
from generator.story import Story


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
        for key in self._named:
            carried = story.meta.ids(key)
            if not any(term in carried for term in self.terms(key)):
                return False
        return True

    @functools.cached_property
    def _named(self) -> tuple[str, ...]:
        """The facets this query names."""
        return tuple(facet.key for facet in FACETS if self.terms(facet.key))

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

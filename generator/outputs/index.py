"""Cross-indexes: which stories carry each term, computed once from the validated stories."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model import urls
from generator.model.facets import CROSSTABS, FACETS, PLACE, YEAR, Facet
from generator.model.story import Story
from generator.model.text import match_key
from generator.model.vocabulary import Term, Vocabulary


@dataclass
class TermStories:
    """One term of a facet and the stories that carry it, newest first."""

    facet: str
    """Key of its facet (or `year`)."""
    id: str
    label: str
    description: str
    stories: list[Story] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    abbreviation: str = ""
    """Short form for tight places (the vocabulary's `abbreviation`), or the label."""

    @property
    def count(self) -> int:
        return len(self.stories)

    @property
    def permalink(self) -> urls.Permalink:
        return urls.term(self.facet, self.id)

    @property
    def url(self) -> str:
        """The term's page (only terms with stories have one)."""
        return self.permalink.url


@dataclass
class FacetIndex:
    """Every term of one facet, in vocabulary order, with its stories."""

    key: str
    """Front-matter key (`region`, ...) or `year`."""
    label: str
    description: str
    terms: list[TermStories]
    singular: str = ""
    """What one of its terms is, in the reader's words: « région », « année »."""
    plural: str = ""
    """The same for several: « régions », « années »."""
    by_id: dict[str, TermStories] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {term.id: term for term in self.terms}

    @property
    def used(self) -> list[TermStories]:
        """Its terms carried by at least one story (only they have a page)."""
        return [term for term in self.terms if term.stories]

    @property
    def ranked(self) -> list[TermStories]:
        """Its terms with stories in the order readers scan them: most stories first, ties
        alphabetically (years stay in time order). The facet's page and the dashboard."""
        if self.key == YEAR:
            return self.used
        return sorted(self.used, key=lambda term: (-term.count, match_key(term.label)))

    @property
    def unused(self) -> list[TermStories]:
        """Its terms no story carries yet, alphabetically."""
        return sorted(
            (term for term in self.terms if not term.stories),
            key=lambda term: match_key(term.label),
        )

    @property
    def maximum(self) -> int:
        """The largest number of stories of one term (0 without stories)."""
        return max((term.count for term in self.terms), default=0)

    @property
    def permalink(self) -> urls.Permalink:
        return urls.facet(self.key)

    @property
    def url(self) -> str:
        """The facet's overview page."""
        return self.permalink.url


@dataclass
class CrossTab:
    """Stories at each crossing of two facets' terms (success factor × outcome, ...)."""

    slug: str
    """URL part under `croisements/`."""
    title: str
    rows: FacetIndex
    columns: FacetIndex
    cells: dict[tuple[str, str], list[Story]]

    @property
    def permalink(self) -> urls.Permalink:
        return urls.crosstab(self.slug)

    @property
    def url(self) -> str:
        return self.permalink.url

    def cell_url(self, row: str, column: str) -> str:
        """The catalogue filtered on both terms: the stories counted in a cell."""
        return urls.catalogue_query({self.rows.key: [row], self.columns.key: [column]})

    def count(self, row: str, column: str) -> int:
        return len(self.cells.get((row, column), ()))

    @property
    def maximum(self) -> int:
        """The largest count of one cell (the shades follow `Indexes.shade_maximum`)."""
        return max((len(stories) for stories in self.cells.values()), default=0)


@dataclass
class Indexes:
    """All indexes of a build."""

    facets: dict[str, FacetIndex]
    """By key, in display order, years last."""
    crosstabs: list[CrossTab]

    @property
    def shade_maximum(self) -> int:
        """The count the darkest shade stands for on the map of regions and every
        cross-table: one scale, so that a shade means the same number of stories on every
        page (and in every legend)."""
        regions = self.facets.get(PLACE)
        counts = [table.maximum for table in self.crosstabs]
        return max([*counts, regions.maximum if regions else 0], default=0)


def _entry(key: str, term: Term) -> TermStories:
    return TermStories(
        key, term.id, term.label, term.description,
        aliases=term.aliases, abbreviation=term.abbreviation or term.label,
    )  # fmt: skip


def facet_index(facet: Facet, vocabulary: Vocabulary, stories: Iterable[Story]) -> FacetIndex:
    """The stories of each term; stories arrive newest first and keep that order."""
    index = FacetIndex(
        facet.key, vocabulary.label, vocabulary.description,
        [_entry(facet.key, term) for term in vocabulary], facet.singular, facet.plural,
    )  # fmt: skip
    for story in stories:
        for term_id in story.meta.ids(facet.key):
            index.by_id[term_id].stories.append(story)
    return index


def year_index(stories: Iterable[Story]) -> FacetIndex:
    by_year: dict[int, list[Story]] = defaultdict(list)
    for story in stories:
        by_year[story.meta.date.year].append(story)
    terms = [
        TermStories(YEAR, str(year), str(year), "", by_year[year], abbreviation=str(year))
        for year in sorted(by_year, reverse=True)
    ]
    return FacetIndex(
        YEAR, "Années de publication",
        "Les récits selon leur année de publication.", terms, "année", "années",
    )  # fmt: skip


def crosstab(rows: FacetIndex, columns: FacetIndex) -> CrossTab:
    """Intersections computed from the two inverted lists, never by comparing story pairs.
    Its address and title come from the two facets: « Facteurs de succès × retombées »."""
    slug = urls.crosstab_slug(rows.key, columns.key)
    title = f"{rows.plural[:1].upper()}{rows.plural[1:]} × {columns.plural}"
    cells: dict[tuple[str, str], list[Story]] = {}
    for row in rows.terms:
        for story in row.stories:
            for column_id in story.meta.ids(columns.key):
                cells.setdefault((row.id, column_id), []).append(story)
    return CrossTab(slug, title, rows, columns, cells)


def build_indexes(
    stories: list[Story], vocabularies: dict[str, Vocabulary], *, crosstabs: bool = True
) -> Indexes:
    facets = {
        facet.key: facet_index(facet, vocabularies[facet.key], stories)
        for facet in FACETS
        if facet.key in vocabularies
    }
    facets[YEAR] = year_index(stories)
    tables = []
    if crosstabs and all({rows, columns} <= facets.keys() for rows, columns in CROSSTABS):
        tables = [crosstab(facets[rows], facets[columns]) for rows, columns in CROSSTABS]
    return Indexes(facets, tables)

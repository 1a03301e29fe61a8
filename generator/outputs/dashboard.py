"""The « tableau de bord »: a tile map of Quebec's regions and charts of the collection.

Numbers and places only, computed from the same indexes as the term pages. The page itself
is laid out by theme/tableau-de-bord.html in HTML and CSS (a grid of tiles, lists of bars, a
shaded cross-table) rather than in a scaled SVG, so that its text keeps its size on a phone.
The colour scale (`shade`, `legend`) is shared with the cross-tabulation pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.model import urls
from generator.model.facets import FACETS, FACETS_BY_KEY, PLACE, YEAR
from generator.outputs.index import CrossTab, FacetIndex, Indexes, TermStories

REGION_TILES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "nord-du-quebec": (3, 0),
        "abitibi-temiscamingue": (0, 1),
        "saguenay-lac-saint-jean": (3, 1),
        "cote-nord": (4, 1),
        "gaspesie-iles-de-la-madeleine": (5, 1),
        "outaouais": (0, 2),
        "laurentides": (1, 2),
        "lanaudiere": (2, 2),
        "mauricie": (3, 2),
        "capitale-nationale": (4, 2),
        "bas-saint-laurent": (5, 2),
        "laval": (1, 3),
        "montreal": (2, 3),
        "centre-du-quebec": (3, 3),
        "chaudiere-appalaches": (4, 3),
        "monteregie": (2, 4),
        "estrie": (3, 4),
    }
)
"""Column and row of each region's tile, roughly where it lies (west to east, north to
south) on six columns, few enough for a region's name to fit its tile on a phone. A region
a custom vocabulary adds gets a tile in an extra row."""

SHADES = 5
"""Colour steps, 0 (no story) to 4 (the most): see theme/assets/stylesheets/listes.css."""


def shade(count: int, maximum: int) -> int:
    """Colour step of a count: 0 for none, then 1 to 4 in proportion to the largest."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, min(SHADES - 1, -(-count * (SHADES - 1) // maximum)))


@dataclass(frozen=True)
class LegendStep:
    """One colour of a scale and the counts it stands for."""

    shade: int
    low: int
    """Smallest count shown in this colour."""
    high: int
    """Largest count shown in this colour."""


def legend(maximum: int) -> list[LegendStep]:
    """The colours a scale whose darkest step is `maximum` uses, each with its counts."""
    steps = [LegendStep(0, 0, 0)]
    for step in range(1, SHADES):
        counts = [count for count in range(1, maximum + 1) if shade(count, maximum) == step]
        if counts:
            steps.append(LegendStep(step, counts[0], counts[-1]))
    return steps


@dataclass(frozen=True)
class Tile:
    """A region's tile on the map."""

    term: TermStories
    """The region: its label, abbreviation, count and page (when it has stories)."""
    column: int
    """Grid column, from 1."""
    row: int
    """Grid row, from 1."""
    shade: int


@dataclass(frozen=True)
class Chart:
    """A list of bars: the number of stories of each term of one facet."""

    id: str
    """Anchor of its section."""
    title: str
    description: str
    index: FacetIndex
    terms: list[TermStories]
    """Terms with stories, the same as the catalogue offers; the others are named under
    the chart."""
    by_count: bool
    """Whether `terms` come most stories first (years come newest first)."""


@dataclass(frozen=True)
class Dashboard:
    total: int
    tiles: list[Tile]
    columns: int
    rows: int
    map_maximum: int
    """The count of the site's darkest shade (`Indexes.shade_maximum`), on the map too."""
    regions: Chart
    """The same regions as a list, beside the map: full names, most stories first."""
    charts: list[Chart]
    crossing: CrossTab | None
    """Success factors × outcomes, shown as a shaded table."""


def _tiles(regions: FacetIndex, maximum: int) -> tuple[list[Tile], int, int]:
    extra = 0
    tiles = []
    for term in regions.terms:
        column, row = REGION_TILES.get(term.id, (extra, 5))
        if term.id not in REGION_TILES:
            extra += 1
        tiles.append(Tile(term, column + 1, row + 1, shade(term.count, maximum)))
    columns = max((tile.column for tile in tiles), default=1)
    rows = max((tile.row for tile in tiles), default=1)
    return tiles, columns, rows


def _chart(chart_id: str, title: str, description: str, index: FacetIndex) -> Chart:
    return Chart(chart_id, title, description, index, index.ranked, index.key != YEAR)


def build_dashboard(indexes: Indexes, total: int) -> Dashboard | None:
    """The dashboard of a collection: the map of the place facet (`PLACE`), a chart for each
    facet the registry puts on it (`Facet.dashboard`), the years, and the first cross-table
    of two charted facets. None when the vocabularies lack the place facet."""
    facets = indexes.facets
    if PLACE not in facets:
        return None
    charted = [f for f in FACETS if f.dashboard and f.key in facets]
    charts = [
        _chart(f.path, f"Récits par {f.singular}", f.dashboard, facets[f.key]) for f in charted
    ]
    charts.append(
        _chart(urls.YEARS, "Récits par année de publication",
               "Nombre de récits publiés chaque année.", facets[YEAR])
    )  # fmt: skip
    keys = {f.key for f in charted}
    crossing = next((t for t in indexes.crosstabs if {t.rows.key, t.columns.key} <= keys), None)
    place = facets[PLACE]
    tiles, columns, rows = _tiles(place, indexes.shade_maximum)
    listed = _chart(FACETS_BY_KEY[PLACE].path, f"Les {place.plural} en liste", "", place)
    return Dashboard(total, tiles, columns, rows, indexes.shade_maximum, listed, charts, crossing)

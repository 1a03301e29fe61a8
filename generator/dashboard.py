"""The « tableau de bord »: a tile map of Quebec's regions and charts of the collection.

Numbers and geometry only, computed from the same indexes as the term pages; the SVG itself
is written by theme/tableau-de-bord.html.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.index import CrossTab, FacetIndex, Indexes

REGION_TILES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "nord-du-quebec": (3, 0),
        "abitibi-temiscamingue": (0, 1),
        "saguenay-lac-saint-jean": (3, 1),
        "cote-nord": (4, 1),
        "outaouais": (0, 2),
        "laurentides": (1, 2),
        "lanaudiere": (2, 2),
        "mauricie": (3, 2),
        "capitale-nationale": (4, 2),
        "bas-saint-laurent": (5, 2),
        "gaspesie-iles-de-la-madeleine": (6, 2),
        "laval": (1, 3),
        "montreal": (2, 3),
        "centre-du-quebec": (3, 3),
        "chaudiere-appalaches": (4, 3),
        "monteregie": (2, 4),
        "estrie": (3, 4),
    }
)
"""Column and row of each region's tile, roughly where it lies (west to east, north to
south). A region a custom vocabulary adds gets a tile in an extra row."""

TILE = 96
"""Side of a tile, in SVG units."""
SHADES = 5
"""Colour steps, 0 (no story) to 4 (the most): see theme/assets/stylesheets/oqrls.css."""


def shade(count: int, maximum: int) -> int:
    """Colour step of a count: 0 for none, then 1 to 4 in proportion to the largest."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, min(SHADES - 1, -(-count * (SHADES - 1) // maximum)))


@dataclass(frozen=True)
class Tile:
    id: str
    label: str
    code: str
    x: int
    y: int
    count: int
    shade: int
    url: str | None
    """Term page, when the region has stories (pages exist only for those)."""


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float
    """Bar length, in SVG units."""
    url: str | None


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    column: str
    """Heading of the data table's label column."""
    bars: list[Bar]
    height: int


@dataclass(frozen=True)
class HeatCell:
    x: int
    y: int
    count: int
    shade: int
    row_label: str
    column_label: str
    url: str | None


@dataclass(frozen=True)
class HeatMap:
    table: CrossTab
    cells: list[HeatCell]
    rows: list[tuple[str, int]]
    """Row labels and their y."""
    columns: list[tuple[str, int]]
    """Column labels and their x."""
    width: int
    height: int


@dataclass(frozen=True)
class Dashboard:
    total: int
    tiles: list[Tile]
    map_width: int
    map_height: int
    charts: list[BarChart]
    heatmap: HeatMap | None


BAR_SPACE = 36
BAR_LENGTH = 420
LABEL_WIDTH = 330
CELL = 44


def _tiles(regions: FacetIndex) -> tuple[list[Tile], int, int]:
    maximum = max((term.count for term in regions.terms), default=0)
    extra = 0
    tiles = []
    for term in regions.terms:
        column, row = REGION_TILES.get(term.id, (extra, 5))
        if term.id not in REGION_TILES:
            extra += 1
        code = next((alias for alias in term.aliases if alias.isdigit()), "")
        tiles.append(
            Tile(term.id, term.label, code, column * TILE, row * TILE, term.count,
                 shade(term.count, maximum), term.url if term.count else None)
        )  # fmt: skip
    width = (max((t.x for t in tiles), default=0)) + TILE
    height = (max((t.y for t in tiles), default=0)) + TILE
    return tiles, width, height


def _bars(chart_id: str, title: str, description: str, index: FacetIndex) -> BarChart:
    maximum = max((term.count for term in index.terms), default=0) or 1
    bars = [
        Bar(term.label, term.count, number * BAR_SPACE, BAR_LENGTH * term.count / maximum,
            term.url if term.count else None)
        for number, term in enumerate(index.terms)
    ]  # fmt: skip
    return BarChart(chart_id, title, description, index.label, bars, len(bars) * BAR_SPACE)


def _heatmap(table: CrossTab) -> HeatMap:
    rows = [term for term in table.rows.terms]
    columns = [term for term in table.columns.terms]
    maximum = max((len(stories) for stories in table.cells.values()), default=0)
    cells = []
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            count = table.count(row.id, column.id)
            url = table.cell_url(row.id, column.id)
            cells.append(
                HeatCell(LABEL_WIDTH + c * CELL, r * CELL, count, shade(count, maximum),
                         row.label, column.label, url if count else None)
            )  # fmt: skip
    return HeatMap(
        table,
        cells,
        [(row.label, r * CELL) for r, row in enumerate(rows)],
        [(column.label, LABEL_WIDTH + c * CELL) for c, column in enumerate(columns)],
        # Room on the right for the last slanted column labels.
        LABEL_WIDTH + len(columns) * CELL + 140,
        len(rows) * CELL,
    )


def build_dashboard(indexes: Indexes, total: int) -> Dashboard | None:
    """The dashboard of a collection; None when its vocabularies lack the facets it shows."""
    facets = indexes.facets
    if not {"region", "success_factors", "outcomes", "year"} <= facets.keys():
        return None
    tiles, width, height = _tiles(facets["region"])
    charts = [
        _bars("facteurs", "Récits par facteur de succès",
              "Nombre de récits qui citent chaque facteur de succès.", facets["success_factors"]),
        _bars("retombees", "Récits par retombée",
              "Nombre de récits qui font état de chaque retombée.", facets["outcomes"]),
        _bars("annees", "Récits par année de publication",
              "Nombre de récits publiés chaque année.", facets["year"]),
    ]  # fmt: skip
    crossing = next(
        (t for t in indexes.crosstabs if t.rows.key == "success_factors"
         and t.columns.key == "outcomes"), None,
    )  # fmt: skip
    return Dashboard(total, tiles, width, height, charts, _heatmap(crossing) if crossing else None)

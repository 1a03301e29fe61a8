"""The dashboard: its numbers are the term pages' numbers, for any set of stories."""

import html
import re
from pathlib import Path

from generator.dashboard import REGION_TILES, build_dashboard, shade
from generator.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from tests.conftest import Project, make_project
from tests.test_index import random_collection

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)


def test_every_region_has_a_tile_of_its_own() -> None:
    assert set(REGION_TILES) == {term.id for term in VOCABULARIES["region"]}
    assert len(set(REGION_TILES.values())) == len(REGION_TILES)


def test_shades() -> None:
    assert [shade(count, 8) for count in (0, 1, 2, 4, 6, 8)] == [0, 1, 1, 2, 3, 4]
    assert shade(3, 0) == 0


def test_numbers_come_from_the_indexes(tmp_path: Path) -> None:
    collection = random_collection(tmp_path, 40, seed=5)
    dashboard = build_dashboard(collection.indexes, len(collection.stories))
    assert dashboard is not None
    facets = collection.indexes.facets
    assert {t.id: t.count for t in dashboard.tiles} == {
        t.id: t.count for t in facets["region"].terms
    }
    factors, outcomes, years = dashboard.charts
    assert [b.count for b in factors.bars] == [t.count for t in facets["success_factors"].terms]
    assert [b.count for b in outcomes.bars] == [t.count for t in facets["outcomes"].terms]
    assert [b.count for b in years.bars] == [t.count for t in facets["year"].terms]
    assert dashboard.heatmap is not None
    table = dashboard.heatmap.table
    expected = [table.count(r.id, c.id) for r in table.rows.terms for c in table.columns.terms]
    assert [cell.count for cell in dashboard.heatmap.cells] == expected


def _rows(section: str) -> dict[str, int]:
    cells = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td></tr>', section, re.S)
    return {html.unescape(re.sub(r"<[^>]+>|\s*\(\d\d\)$", "", label)): int(n) for label, n in cells}


def _term_page_count(project: Project, path: str) -> int:
    """The count a term page shows; a term with no story has no page (and counts 0)."""
    if not (project.root / "site" / path).exists():
        return 0
    match = re.search(r'<p class="oqrls-compte">(\d+) récit', project.html(path))
    assert match is not None
    return int(match[1])


def test_page_tables_equal_term_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    regions = ["estrie", "estrie", "laval", "05", "montreal"]
    for number, region in enumerate(regions):
        project.story(f"r{number}", region=region, success_factors=["leadership"],
                      outcomes=["prevention", "urgence"][: 1 + number % 2])  # fmt: skip
    assert project.build().returncode == 0
    page = project.html("tableau-de-bord/index.html")
    sections = page.split('<section class="oqrls-graphique"')[1:]
    regions_table = _rows(sections[0])
    assert len(regions_table) == 17
    for term in VOCABULARIES["region"]:
        expected = _term_page_count(project, f"regions/{term.id}/index.html")
        assert regions_table[term.label] == expected, term.id
    assert regions_table["Estrie"] == 3
    factors = _rows(sections[1])
    assert (
        factors["Leadership"]
        == 5
        == _term_page_count(project, "facteurs-de-succes/leadership/index.html")
    )
    assert _rows(sections[3]) == {"2012": 5}
    assert (
        'aria-label="Leadership et Utilisation plus efficiente de l&#39;urgence : 2 récits"' in page
    )
    assert page.count("<svg") >= 5 and page.count("<title id=") >= 5 and page.count("<desc") >= 5
    assert (
        'href="../regions/estrie/"' in page and 'href="../regions/bas-saint-laurent/"' not in page
    )
    assert "tableau-de-bord/" in project.html("index.html")

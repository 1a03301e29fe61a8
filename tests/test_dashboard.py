"""The dashboard: its numbers are the term pages' numbers, for any set of stories."""

import html
import re
from pathlib import Path

from markupsafe import escape

from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.outputs.dashboard import REGION_TILES, build_dashboard, legend, shade
from tests.conftest import Project, make_project
from tests.helpers import random_collection

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)


def test_every_region_has_a_tile_of_its_own() -> None:
    assert set(REGION_TILES) == {term.id for term in VOCABULARIES["region"]}
    assert len(set(REGION_TILES.values())) == len(REGION_TILES)


def test_shades() -> None:
    assert [shade(count, 8) for count in (0, 1, 2, 4, 6, 8)] == [0, 1, 1, 2, 3, 4]
    assert shade(3, 0) == 0


def test_the_legend_names_the_counts_of_every_shade() -> None:
    for maximum in range(0, 40):
        steps = legend(maximum)
        assert steps[0].shade == 0 and steps[0].high == 0
        covered = [n for step in steps[1:] for n in range(step.low, step.high + 1)]
        assert covered == list(range(1, maximum + 1)), maximum
        for step in steps[1:]:
            assert {shade(n, maximum) for n in range(step.low, step.high + 1)} == {step.shade}
    assert [(s.low, s.high) for s in legend(7)] == [(0, 0), (1, 1), (2, 3), (4, 5), (6, 7)]


def test_numbers_come_from_the_indexes(tmp_path: Path) -> None:
    collection = random_collection(tmp_path, 40, seed=5)
    dashboard = build_dashboard(collection.indexes, len(collection.stories))
    assert dashboard is not None
    facets = collection.indexes.facets
    assert {t.term.id: t.term.count for t in dashboard.tiles} == {
        t.id: t.count for t in facets["region"].terms
    }
    factors, outcomes, years = dashboard.charts
    # The same terms as the catalogue (those with stories), the most frequent first.
    for chart, key in ((factors, "success_factors"), (outcomes, "outcomes")):
        assert {t.id for t in chart.terms} == {t.id for t in facets[key].terms if t.count}
        counts = [t.count for t in chart.terms]
        assert counts == sorted(counts, reverse=True)
    assert [t.id for t in years.terms] == [t.id for t in facets["year"].terms]
    assert dashboard.crossing is not None
    assert dashboard.crossing.rows.key == "success_factors"


TILE = re.compile(
    r'<span class="oqrls-tuile__nom">(.*?)</span>.*?<span class="oqrls-tuile__nombre">(\d+)<', re.S
)
BAR = re.compile(
    r'<span class="oqrls-barres__nom">(.*?)</span>\s*'
    r'<span class="oqrls-barres__nombre">(\d+) récits?</span>',
    re.S,
)


def _rows(pattern: re.Pattern[str], section: str) -> dict[str, int]:
    return {
        # Apostrophes are typographic in text (’), as written in the vocabulary (') elsewhere.
        html.unescape(re.sub(r"<[^>]+>", "", label)).replace("’", "'"): int(n)
        for label, n in pattern.findall(section)
    }


def _term_page_count(project: Project, path: str) -> int:
    """The count a term page shows; a term with no story has no page (and counts 0)."""
    if not (project.root / "site" / path).exists():
        return 0
    match = re.search(r'<h2 class="oqrls-compte">(\d+) récit', project.html(path))
    assert match is not None
    return int(match[1])


def test_page_numbers_equal_term_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    regions = ["estrie", "estrie", "laval", "05", "montreal"]
    for number, region in enumerate(regions):
        project.story(f"r{number}", region=region, success_factors=["leadership"],
                      outcomes=["prevention", "urgence"][: 1 + number % 2])  # fmt: skip
    assert project.build().returncode == 0
    page = project.html("tableau-de-bord/index.html")
    sections = page.split('<section class="oqrls-graphique')[1:]
    tiles = _rows(TILE, sections[0])
    assert len(tiles) == 17
    for term in VOCABULARIES["region"]:
        expected = _term_page_count(project, f"regions/{term.id}/index.html")
        assert tiles[term.label] == expected, term.id
    assert tiles["Estrie"] == 3
    # Every tile names its region; a short form, for phones, where the vocabulary has one.
    assert page.count('class="oqrls-tuile__nom"') == 17
    assert '<span class="oqrls-tuile__abrege" aria-hidden="true">Bas-St-Laurent</span>' in page
    factors = _rows(BAR, sections[1])
    assert factors == {"Leadership": 5}
    assert factors["Leadership"] == _term_page_count(
        project, "facteurs-de-succes/leadership/index.html"
    )
    assert "Sans récit pour l’instant" in sections[1] and "Vision commune" in sections[1]
    urgence = "Utilisation plus efficiente de l'urgence"
    assert _rows(BAR, sections[2]) == {"Prévention": 5, urgence: 2}
    assert _rows(BAR, sections[3]) == {"2012": 5}
    typeset = urgence.replace("'", "’")
    assert f'aria-label="2 récits\u00a0: Leadership et {escape(typeset)}"' in page
    assert "aucun récit" in page and "5 récits" in page  # the legends
    assert 'href="../regions/estrie/"' in page
    assert 'href="../regions/bas-saint-laurent/"' not in page
    assert "tableau-de-bord/" in project.html("index.html")


LEGEND = re.compile(r'<div class="oqrls-legende">(.*?)</ul>', re.DOTALL)


def test_one_shade_scale_on_the_map_every_cross_table_and_legend(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    for number in range(6):
        project.story(f"r{number}", region="estrie", success_factors=["leadership"],
                      outcomes=["prevention"] if number < 4 else ["urgence"])  # fmt: skip
    assert project.build().returncode == 0
    pages = ["tableau-de-bord/index.html"] + [
        f"croisements/{path.name}/index.html"
        for path in sorted((project.root / "site" / "croisements").glob("*/"))
        if path.is_dir()
    ]
    legends = {page: LEGEND.findall(project.html(page)) for page in pages}
    assert len(pages) > 2 and all(legends.values())
    # Estrie's 6 stories are the darkest shade everywhere; a cell of 4 is not, nor of 2.
    assert len({legend for found in legends.values() for legend in found}) == 1, legends
    dashboard = project.html("tableau-de-bord/index.html")
    assert re.search(
        r'class="oqrls-tuile oqrls-nuance-4[^"]*"[^>]*>\s*<span class="oqrls-tuile__nom">Estrie',
        dashboard,
    )
    cells = project.html(pages[1])
    assert '<td class="oqrls-nuance-4">' not in cells and '<td class="oqrls-nuance-3">' in cells

"""Integration: the index, cross-tab, catalogue and story pages of real builds agree with
the front matter, for a generated set of stories the repo has never seen."""

import html as html_module
import random
import re
from pathlib import Path

import pytest

from generator.model.facets import FACETS
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.outputs.site import HOME_LATEST
from generator.outputs.typography import french_spacing
from tests.conftest import Project, make_project
from tests.helpers import catalogue_terms

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)
PATHS = {facet.key: facet.path for facet in FACETS}
CARD_LINK = re.compile(r'class="oqrls-carte__titre"[^>]*><a href="/recits/([a-z0-9-]+)/">')
SHORT_CARD_LINK = re.compile(r'<li><h3><a href="/recits/([a-z0-9-]+)/">')
BAR = re.compile(
    r'<span class="oqrls-barres__nom">(.*?)</span>\s*'
    r'<span class="oqrls-barres__nombre">(\d+) récits?</span>',
    re.S,
)
NO_STORY = re.compile(r'<span class="oqrls-sans-recit__nom">(.*?)</span>', re.S)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Project, dict[str, dict[str, list[str]]]]:
    project = make_project(tmp_path_factory.mktemp("site") / "p")
    rng = random.Random(7)
    stories: dict[str, dict[str, list[str]]] = {}
    for number in range(25):
        slug = f"recit-{number:02d}"
        fields = {
            facet.key: rng.sample([t.id for t in VOCABULARIES[facet.key]][:6], rng.randint(1, 2))
            for facet in FACETS
        }
        year = rng.randint(2009, 2013)
        paragraph = " ".join(f"Phrase numéro {i} du récit {number}." for i in range(30))
        project.story(slug, body=paragraph + "\n", date=f"{year}-0{rng.randint(1, 9)}-15", **fields)
        stories[slug] = {**fields, "year": [str(year)]}
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project, stories


def _cards(html: str) -> list[str]:
    return CARD_LINK.findall(html)


def _short_cards(html: str) -> list[str]:
    return SHORT_CARD_LINK.findall(html)


def test_term_pages_list_exactly_the_stories_with_the_term(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    for key, path in [*PATHS.items(), ("year", "annees")]:
        terms = {term for fields in stories.values() for term in fields[key]}
        for term in terms:
            html = project.html(f"{path}/{term}/index.html")
            expected = {slug for slug, fields in stories.items() if term in fields[key]}
            assert set(_short_cards(html)) == expected, (key, term)
            assert f"{len(expected)} récit" in html


def test_overviews_count_every_term_and_link_only_used_ones(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    for key, path in PATHS.items():
        html = project.html(f"{path}/index.html")
        label = lambda cell: html_module.unescape(re.sub(r"<[^>]+>", "", cell)).strip()  # noqa: E731
        rows = {label(cell): (cell, int(count)) for cell, count in BAR.findall(html)}
        rows.update({label(cell): (cell, 0) for cell in NO_STORY.findall(html)})
        assert len(rows) == len(VOCABULARIES[key])
        for term in VOCABULARIES[key]:
            count = sum(term.id in fields[key] for fields in stories.values())
            cell, shown = rows[french_spacing(term.label)]
            assert shown == count, (key, term.id)
            assert (f'href="{term.id}/"' in cell) == bool(count)
        # Themes with stories come first, those without are grouped apart after them.
        if NO_STORY.search(html):
            assert html.rindex("oqrls-barres__nom") < html.index("oqrls-sans-recit__nom")


def test_crosstab_counts(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    html = project.html("croisements/facteurs-de-succes-retombees/index.html")
    for match in re.finditer(
        r"\?success_factors=([a-z-]+)&amp;outcomes=([a-z-]+)\"[^>]*>(\d+)<", html
    ):
        factor, outcome, count = match.groups()
        expected = sum(
            factor in f["success_factors"] and outcome in f["outcomes"] for f in stories.values()
        )
        assert int(count) == expected
    assert html.count("?success_factors=") == len(
        {(f, o) for s in stories.values() for f in s["success_factors"] for o in s["outcomes"]}
    )


def test_coups_doeil_and_catalogue_show_every_card_once_newest_first(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    pages = sorted((project.root / "site" / "coups-doeil").rglob("index.html"))
    coups = [card for page in pages for card in _cards(page.read_text("utf-8"))]
    assert sorted(coups) == sorted(stories)
    catalogue = project.html("catalogue/index.html")
    assert sorted(_short_cards(catalogue)) == sorted(stories)
    coups_html = project.html("coups-doeil/index.html")
    for summary in re.findall(r'<p class="oqrls-carte__resume">(.*?)</p>', coups_html, re.S):
        assert 0 < len(summary.split()) <= 80
        assert summary.rstrip().endswith(".")


def test_catalogue_filter_data_matches_the_front_matter(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    html = project.html("catalogue/index.html")
    listed = _short_cards(html)
    decoded = catalogue_terms(html)
    assert len(decoded) == len(listed) == len(stories)
    for slug, terms in zip(listed, decoded, strict=True):
        for key, ids in terms.items():
            assert sorted(ids) == sorted(stories[slug][key]), (slug, key)
    # The panel offers exactly the terms some story carries.
    offered = set(re.findall(r'name="([a-z_]+)" value="([a-z0-9-]+)"', html))
    carried = {(key, t) for fields in stories.values() for key, ids in fields.items() for t in ids}
    assert offered == carried


def test_story_page_links_its_terms_and_related(built) -> None:  # type: ignore[no-untyped-def]
    project, stories = built
    html = project.html("recits/recit-00/index.html")
    for term in stories["recit-00"]["success_factors"]:
        assert f'href="../../facteurs-de-succes/{term}/"' in html
    related = re.findall(
        r'<li><a class="oqrls-lies__titre" href="../([a-z0-9-]+)/"[^>]*>',
        html[html.index("Récits liés") :],
    )
    assert 1 <= len(related) <= 5
    assert "recit-00" not in related


def test_every_internal_link_of_a_card_resolves(built) -> None:  # type: ignore[no-untyped-def]
    project, _ = built
    site = project.root / "site"
    html = project.html("catalogue/index.html")
    for href in set(re.findall(r'href="(/[^"#?]*)"', html)):
        assert (site / href.lstrip("/") / "index.html").exists() or (
            site / href.lstrip("/")
        ).is_file(), href


def test_home_shows_latest_cards_and_ways_in(built) -> None:  # type: ignore[no-untyped-def]
    project, _ = built
    html = project.html("index.html")
    assert "25 récits racontent" in html
    assert len(_cards(html)) == HOME_LATEST
    for way in ("regions/", "facteurs-de-succes/", "retombees/", "catalogue/", "coups-doeil/"):
        assert f'href="{way}"' in html
    assert ">Voir tous les récits</a>" in html


def test_repo_without_stories_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "vide")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "Aucun récit publié" in project.html("index.html")


def test_coups_doeil_are_paginated(tmp_path: Path) -> None:
    project = make_project(tmp_path / "pages")
    from generator.outputs.site import CARDS_PER_PAGE

    for number in range(CARDS_PER_PAGE + 1):
        project.story(f"r{number:02d}", date=f"2012-01-{1 + number % 28:02d}")
    assert project.build().returncode == 0
    first = project.html("coups-doeil/index.html")
    second = project.html("coups-doeil/page/2/index.html")
    assert len(_cards(first)) == CARDS_PER_PAGE and len(_cards(second)) == 1
    assert 'rel="next" href="page/2/"' in first
    assert 'rel="prev" href="../../"' in second
    assert "page 2 sur 2" in second


def test_compact_html_keeps_preformatted_text() -> None:
    from generator.outputs.pagehtml import compact_html

    html = "<div>\n    <p>a  b</p>\n  <pre>\n  x\n    y</pre>\n   <script>\n  f();\n</script>"
    assert compact_html(html) == (
        "<div>\n<p>a  b</p>\n<pre>\n  x\n    y</pre>\n<script>\n  f();\n</script>"
    )


def test_pages_outside_the_nav_share_one_rendering_of_it(built) -> None:  # type: ignore[no-untyped-def]
    project, _ = built
    navs = set()
    for page in ("recits/recit-00/index.html", "recits/recit-01/index.html"):
        html = project.html(page)
        start = html.index('<div class="md-sidebar md-sidebar--primary"')
        navs.add(html[start : html.index("md-sidebar--secondary", start)])
    assert len(navs) == 1
    assert 'href="../../catalogue/"' in navs.pop()

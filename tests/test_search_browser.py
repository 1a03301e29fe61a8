"""Search on a generated collection, asked of the built site's own Pagefind bundle in Chromium.

Recall: every term that has stories, queried by its label, returns every story that carries
it; a partner's name returns its story; a title returns its story first. The results page, at
390 and 1280 px: axe-core clean, no layout shift while results arrive, titles drawn as the
site's links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import serve
from tests.conftest import make_project

STORIES = 120
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

ASK = """async ([bundle, queries]) => {
  const pagefind = await import(bundle + "pagefind.js");
  const page = document.getElementById("oqrls-recherche");
  await pagefind.options({ ranking: JSON.parse(page.getAttribute("data-classement")) });
  await pagefind.init();
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.map((result) => result.data()));
    found[query] = data.map((page) => page.url);
  }
  return found;
}"""
"""Every result of each query, in Pagefind's order, ranked as the results page ranks them."""

SHIFTS = """window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });"""


@pytest.fixture(scope="module")
def collection(
    tmp_path_factory: pytest.TempPathFactory, chromium: None
) -> Iterator[tuple[str, Path]]:
    """A generated collection (bench/corpus.py), built for real and served."""
    from bench.corpus import write_corpus

    project = make_project(tmp_path_factory.mktemp("recherche-rappel") / "p")
    write_corpus(project.root, STORIES, bulletins=3)
    result = project.build()
    assert result.returncode == 0, result.stderr
    with serve(project.root / "site") as url:
        yield url, project.root


def _stories(root: Path) -> dict[str, dict[str, Any]]:
    """Each story's front matter, by its page's address (`/recits/<slug>/`)."""
    stories = {}
    for path in sorted((root / "stories").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        stories[f"/recits/{path.stem}/"] = front
    return stories


def _ask(browser: Any, url: str, queries: list[str]) -> dict[str, list[str]]:
    page = browser.new_page()
    page.goto(url + "recherche/")
    found: dict[str, list[str]] = page.evaluate(ASK, [url + "pagefind/", queries])
    page.close()
    return found


def test_every_term_label_finds_every_story_that_carries_it(
    browser: Any, collection: tuple[str, Path]
) -> None:
    from generator.model.facets import FACETS
    from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies

    url, root = collection
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    stories = _stories(root)
    carriers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for address, front in stories.items():
        for facet in FACETS:
            ids = front.get(facet.key) or []
            for term_id in [ids] if isinstance(ids, str) else ids:
                label = vocabularies[facet.key].get(term_id).label
                carriers[facet.key, label].add(address)
    found = _ask(browser, url, sorted({label for _key, label in carriers}))
    pairs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for (key, label), addresses in sorted(carriers.items()):
        for address in sorted(addresses):
            pairs[key][1] += 1
            if address in found[label]:
                pairs[key][0] += 1
            else:
                missed.append(f"{label} → {address}")
    print({key: f"{hit}/{total}" for key, (hit, total) in pairs.items()})
    assert missed == []
    # Ranking: the first places (as many as the term has stories) go to its stories, more
    # than to the stories that only share a word of its label (91 % measured; 88 % with
    # Pagefind's default ranking and the fiche weighed as the text).
    first = sum(len(set(found[label][: len(addresses)]) & addresses)
                for (_key, label), addresses in carriers.items())  # fmt: skip
    total = sum(len(addresses) for addresses in carriers.values())
    print(f"premières places aux récits du thème : {first}/{total}")
    assert first / total >= 0.85
    assert sum(total for _hit, total in pairs.values()) > 500  # the test asked something


def test_a_partner_finds_its_story_and_a_title_puts_its_story_first(
    browser: Any, collection: tuple[str, Path]
) -> None:
    url, root = collection
    stories = _stories(root)
    partners = {partner for front in stories.values() for partner in front["partners"]}
    titles = {front["title"]: address for address, front in stories.items()}
    sample = sorted(titles)[:: len(titles) // 15]
    found = _ask(browser, url, sorted(partners) + sample)
    missed = [
        f"{partner} → {address}"
        for address, front in stories.items()
        for partner in front["partners"]
        if address not in found[partner]
    ]
    assert missed == []
    # The title as written: its story first, above any that shares its words.
    assert {title: found[title][:1] for title in sample} == {
        title: [titles[title]] for title in sample
    }


def _results_page(browser: Any, url: str, viewport: dict[str, int], query: str) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script(SHIFTS)
    page.goto(f"{url}recherche/?q={query}")
    page.locator("#oqrls-recherche-etat").filter(has_text="pour").wait_for(timeout=15000)
    page.wait_for_load_state("networkidle")
    return context, page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_results_page_is_accessible_steady_and_its_titles_are_links(
    browser: Any, collection: tuple[str, Path], viewport: dict[str, int]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies

    url, _root = collection
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    theme = vocabularies["success_factors"].get("mecanismes-partenariat").label
    context, page = _results_page(browser, url, viewport, theme)
    # One search box, with a visible label.
    assert page.locator("input[type=search]").count() == 1
    assert page.locator("label[for=oqrls-recherche-q]").is_visible()
    # Stories first, then bulletins.
    groups = page.locator(".oqrls-recherche__groupe:not([hidden]) h2").all_inner_texts()
    assert groups[0] == "Récits"
    reports = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert reports.violations_count == 0, reports.generate_report()
    assert page.evaluate("window.__shift") <= 0.05
    # The title is drawn as the site's links: their colour, underlined on hover.
    title = page.locator(".oqrls-trouve__titre a").first
    link_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.md-typeset a:not(.md-button)')).color"
    )
    style = "el => [getComputedStyle(el).color, getComputedStyle(el).textDecorationLine]"
    assert title.evaluate(style) == [link_colour, "none"]
    title.hover()
    assert title.evaluate(style)[1] == "underline"
    # Excerpt and meta at the body's size: 16 px at least.
    sizes = page.locator(".oqrls-trouve__extrait, .oqrls-trouve__meta").evaluate_all(
        "all => all.map(el => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert sizes and min(sizes) >= 16
    context.close()


def test_no_result_proposes_the_catalogue_filtered_by_the_closest_term(
    browser: Any, collection: tuple[str, Path]
) -> None:
    url, _root = collection
    context, page = _results_page(browser, url, PHONE, "acessibilité")
    assert page.locator("#oqrls-recherche-etat").inner_text().startswith("Aucun résultat")
    link = page.locator(".oqrls-recherche__proposition a")
    assert link.inner_text() == "«\u00a0Accessibilité aux services\u00a0»"
    href = link.get_attribute("href") or ""
    assert href.endswith("catalogue/?outcomes=accessibilite"), href
    assert page.evaluate("window.__shift") <= 0.05
    context.close()

"""Search with Pagefind, in a real browser: the header's box, French results, small download."""

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.conftest import make_project


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, chromium: None) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("recherche") / "p")
    project.story(
        "suicide",
        title="Prévenir le suicide ensemble",
        body="Les intervenants préviennent les crises suicidaires jour et nuit.\n",
    )
    project.story("jardins", title="Des jardins collectifs", body="On cultive des légumes.\n")
    project.story(
        "parents",
        title="Les parents à l'école",
        body="Les parents entrent dans l'école chaque matin, avec l'appui du quartier.\n",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/pagefind/pagefind-ui.js").is_file()
    with serve(project.root / "site") as url:
        yield url


def test_header_search_finds_stories_with_french_stemming(site_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
        page.goto(site_url)
        box = page.locator("#oqrls-q")
        box.press_sequentially("prévention")  # « préviennent », « Prévenir »: same stem
        box.press("Enter")
        page.wait_for_url("**/recherche/?q=*")
        page.wait_for_selector(".pagefind-ui__result-title", timeout=15000)
        titles: Any = page.locator(".pagefind-ui__result-title").all_text_contents()
        assert "Prévenir le suicide ensemble" in [title.strip() for title in titles]
        assert "Des jardins collectifs" not in [title.strip() for title in titles]
        assert hosts == {site_url.split("/")[2]}
        browser.close()


def _results(site_url: str, query: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{site_url}recherche/?q={query}")
        # « N résultats pour … » or « Aucun résultat pour … », once the search is done;
        # the results' titles come with their fragments, after it.
        message = page.locator(".pagefind-ui__message")
        message.filter(has_text="pour").wait_for(timeout=15000)
        if message.inner_text()[:1] in "123456789":
            page.wait_for_selector(".pagefind-ui__result-title", timeout=15000)
            page.wait_for_load_state("networkidle")
        titles: Any = page.locator(".pagefind-ui__result-title").all_text_contents()
        browser.close()
    return sorted({title.strip() for title in titles})  # a result and its sections


def test_the_card_values_are_searched_not_its_labels(site_url: str) -> None:
    # The fiche is left out of the index, so that excerpts come from the story's text (the
    # reader-first design): « Partenaires », the label every story's card shows, and
    # « Publié », the date line, find nothing.
    assert _results(site_url, "partenaires") == []
    assert _results(site_url, "publié") == []
    # Each story lists the other among its related stories: not a reason to find it.
    assert _results(site_url, "jardins") == ["Des jardins collectifs"]


def test_a_word_after_an_elided_article_is_found(site_url: str) -> None:
    # The page says « l’école » (typographic apostrophe): « école » finds it, and the result
    # shows the apostrophe as the page does.
    assert _results(site_url, "école") == ["Les parents à l’école"]
    assert _results(site_url, "appui") == ["Les parents à l’école"]


# --- The word index, lightened (generator/outputs/search.py: `lighten`) ------------------

SENTENCES = (
    "Le comité de la table de quartier a mis en place un service de proximité.",
    "Les partenaires de la santé publique ont soutenu la démarche de prévention.",
    "La municipalité a réuni les familles de la région autour de la table.",
    "Une entente de partage des ressources a été signée avec les organismes du milieu.",
    "Les intervenants de première ligne ont adapté leur offre aux besoins des aînés.",
    "Le projet a été évalué par une équipe de recherche de la région.",
)
"""Plain French: « de », « la », « les » come back every few words, as in real stories."""

RARE = ["zéphyrine", "ornithologue", "quinconce", "mirabelle", "escarpolette", "galurin"]


def _text(seed: int, sentences: int) -> str:
    """`sentences` of them in an order of their own (so that positions vary, as in stories)."""
    draw = random.Random(seed)
    return " ".join(draw.choice(SENTENCES) for _ in range(sentences))


def _rare(number: int) -> str:
    return RARE[number % len(RARE)] + "s" * (number // len(RARE))


def _page(number: int) -> str:
    """A story's article: one rare word of its own, French text around it."""
    return (
        "<article data-pagefind-body>"
        f"<h1>Récit {number} : de la {_rare(number)}</h1>"
        f"<p>{_text(number, 120)} Une {_rare(number)} au milieu. {_text(-number, 120)}</p>"
        "</article>"
    )


def _bundle(folder: Path, pages: int = 80, lightened: bool = True) -> Path:
    from generator.outputs import search

    index = search.SearchIndex("fr-CA", folder, lightened=lightened)
    for number in range(pages):
        index.add(f"recits/r{number}/", _page(number))
    assert index.write() is None
    return folder


def _chunks(bundle: Path) -> list[list[list[Any]]]:
    """The bundle's index chunks, decoded whole: each a list of [stem, pages, variants]."""
    from generator.outputs.search import _read, _unpack

    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    chunks = []
    for about in entry["languages"].values():
        meta = _read(_unpack((bundle / f"pagefind.{about['hash']}.pf_meta").read_bytes()), 0)[0]
        for _from, _to, name in meta[2]:
            chunk = _read(_unpack((bundle / "index" / f"{name}.pf_index").read_bytes()), 0)[0]
            chunks.append(chunk[0])
    return chunks


def _words(bundle: Path) -> dict[str, list[Any]]:
    """Every word of the bundle's index: {stem: [stem, pages, variants]}."""
    return {word[0]: word for chunk in _chunks(bundle) for word in chunk}


def _pages(word: list[Any]) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """{(form, page): [(weight, position)…]} of a word, its accented forms included."""
    result = {}
    for form, pages in [("", word[1]), *((variant[0], variant[1]) for variant in word[2])]:
        number = 0
        for step, numbers, _meta in pages:
            number += step
            pairs, weight, position, absolute = [], 25, 0, False
            for value in numbers:
                if value < 0:
                    weight, absolute = -value - 1, True
                    continue
                position = value if absolute else position + value
                absolute = False
                pairs.append((weight, position))
            result[form, number] = pairs
    return result


def _size(word: list[Any]) -> int:
    """Pagefind's measure of a word: its positions and pages (accented forms too)."""
    pages = [*word[1], *(page for variant in word[2] for page in variant[1])]
    return sum(len(numbers) + len(meta) + 1 for _step, numbers, meta in pages)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same 80 pages, indexed as Pagefind writes them and lightened."""
    root = tmp_path_factory.mktemp("index")
    return _bundle(root / "pagefind"), _bundle(root / "brut", lightened=False)


def test_a_word_on_every_page_fits_one_chunk(bundles: tuple[Path, Path]) -> None:
    from generator.outputs.search import CHUNK_SIZE

    lightened, raw = bundles
    before = _words(raw)
    assert _size(before["de"]) > 2 * CHUNK_SIZE  # the case at hand: 80 pages × 500 « de »
    assert _size(before["la"]) > CHUNK_SIZE
    # No chunk now goes past Pagefind's own size: a search never fetches more than that.
    assert max(sum(map(_size, chunk)) for chunk in _chunks(lightened)) <= CHUNK_SIZE
    assert max(sum(map(_size, chunk)) for chunk in _chunks(raw)) > 2 * CHUNK_SIZE
    largest = max(p.stat().st_size for p in (raw / "index").iterdir())
    assert max(p.stat().st_size for p in (lightened / "index").iterdir()) < 0.7 * largest


def test_every_page_keeps_every_word_and_rare_words_all_their_places(
    bundles: tuple[Path, Path],
) -> None:
    from generator.outputs.search import CHUNK_SIZE

    lightened, raw = bundles
    before, after = _words(raw), _words(lightened)
    assert before.keys() == after.keys()
    for stem, word in before.items():
        pages, kept = _pages(word), _pages(after[stem])
        # A query finds the same pages: « de » too, on all of them.
        assert pages.keys() == kept.keys(), stem
        if _size(word) <= CHUNK_SIZE:
            assert word == after[stem], stem  # untouched, rare words first of all
            continue
        for page, pairs in pages.items():
            # The best places stay: a title's (a higher weight), then the first in the text.
            best = sorted(pairs, key=lambda pair: (-pair[0], pair[1]))
            assert sorted(kept[page]) == sorted(best[: len(kept[page])]), (stem, page)
            assert kept[page] and kept[page][0] in pairs
    assert len({page for _form, page in _pages(after["de"])}) == 80


def test_lightening_gives_the_same_bytes_every_time(
    bundles: tuple[Path, Path], tmp_path: Path
) -> None:
    again = _bundle(tmp_path / "pagefind")
    first = {p.relative_to(bundles[0]): p.read_bytes() for p in bundles[0].rglob("*.pf_*")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*.pf_*")}
    assert first == second
    entry = "pagefind-entry.json"
    assert (bundles[0] / entry).read_bytes() == (again / entry).read_bytes()


def test_an_unknown_index_format_is_left_as_pagefind_wrote_it(tmp_path: Path) -> None:
    from generator.outputs.search import lighten

    bundle = _bundle(tmp_path / "pagefind", pages=2, lightened=False)
    entry = bundle / "pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"version":"1.5', '"version":"9.0'))
    files = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert "format d'index de Pagefind 9.0" in (lighten(bundle) or "")
    assert files == {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def big_site_url(tmp_path_factory: pytest.TempPathFactory, chromium: None) -> Iterator[str]:
    """A site whose « de » outgrows a chunk: 30 long stories of plain French (24,000 « de »)."""
    from generator.outputs.search import lighten

    project = make_project(tmp_path_factory.mktemp("recherche-grande") / "p")
    for number in range(30):
        # One story, in the middle of its text, names a fruit no other story names.
        middle = "Une mirabelle au milieu de la démarche." if number == 7 else "Au milieu."
        body = f"{_text(number, 220)}\n\n{middle}\n\n{_text(-number, 220)}\n"
        project.story(f"r{number:02d}", title=f"Récit {number} : la démarche", body=body)
    result = project.build()
    assert result.returncode == 0, result.stderr
    # « de » outgrew a chunk (over 20,000 places), and was cut to fit one.
    bundle = project.root / "site/pagefind"
    assert sum(len(places) for places in _pages(_words(bundle)["de"]).values()) < 20_000
    # Cut again as it would be among thousands of stories: one or two places a page.
    assert lighten(bundle, chunk_size=100) is None
    assert {len(places) for places in _pages(_words(bundle)["de"]).values()} == {1}
    with serve(project.root / "site") as url:
        yield url


def _first_result(site_url: str, query: str) -> tuple[str, str, str]:
    """The message, then the first result's title and excerpt (its HTML)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{site_url}recherche/?q={query}")
        page.locator(".pagefind-ui__message").filter(has_text="pour").wait_for(timeout=15000)
        page.wait_for_selector(".pagefind-ui__result-excerpt", timeout=15000)
        message = page.locator(".pagefind-ui__message").inner_text()
        title = page.locator(".pagefind-ui__result-title").first.inner_text()
        excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_html()
        browser.close()
    return message, title.strip(), excerpt


def test_a_lightened_index_still_finds_words_and_shows_natural_excerpts(
    big_site_url: str,
) -> None:
    message, title, excerpt = _first_result(big_site_url, "mirabelles")  # French stemming
    assert message.startswith("1 résultat"), message
    assert title == "Récit 7\u00a0: la démarche"  # French typography
    # The type, date and region line, then the story's own words, function words included.
    assert excerpt.startswith('<span class="oqrls-resultat-meta">'), excerpt
    assert "Récit" in excerpt and "2012" in excerpt and "Estrie" in excerpt
    assert "Une <mark>mirabelle</mark> au milieu de la démarche." in excerpt
    # « de » is on every story, kept in the index: a query for it finds them all, and the
    # results page marks each of its occurrences in the excerpt, not only the indexed one.
    message, _title, excerpt = _first_result(big_site_url, "de")
    assert message.startswith("30 résultats"), message
    text = excerpt.rsplit("</span>", 1)[1]  # the text, after the type, date and region
    assert "<mark>de</mark>" in text
    assert not re.search(r"(^|\s)de(\s|$)", re.sub(r"<mark>.*?</mark>", "", text)), text


def test_pagefind_reads_words_apart_and_apostrophes_straight() -> None:
    from generator.outputs.search import searchable

    html = "<ul><li>soins</li><li>Prévention</li></ul><p>l’école</p><p><em>a</em>b</p>"
    assert searchable(html) == (
        "<ul><li>soins</li> <li>Prévention</li> </ul> <p>l'école</p> <p><em>a</em>b</p>"
    )
    chips = '<a href="/x/">intervenants</a><a class="puce" href="/y/">Prévention</a>'
    assert searchable(chips) == chips.replace("</a><a", "</a> <a")

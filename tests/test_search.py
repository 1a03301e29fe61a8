"""Search with Pagefind, in a real browser: the header's box, French results, what is indexed."""

import json
import tempfile
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
        partners=["Sentinelles de Kamouraska", "CSSS"],
        population="Hommes isolés des rangs",
        success_factors=["mecanismes-partenariat"],
        tags=["ruralité", "crises"],
    )
    project.story("jardins", title="Des jardins collectifs", body="On cultive des légumes.\n")
    project.story(
        "parents",
        title="Les parents à l'école",
        body="Les parents entrent dans l'école chaque matin, avec l'appui du quartier.\n",
    )
    project.write(
        "bulletins/numero.md",
        "---\ntitle: Un numéro sur la cueillette\nnumber: 1\ndate: 2013-03-05\n"
        "description: Les paniers du printemps.\nstories: [suicide, jardins]\n---\n\n"
        "Un éditorial sur la cueillette des framboises.\n",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/pagefind/pagefind.js").is_file()
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
        page.wait_for_selector(".oqrls-trouve__titre", timeout=15000)
        titles: Any = page.locator(".oqrls-trouve__titre").all_text_contents()
        assert "Prévenir le suicide ensemble" in [title.strip() for title in titles]
        assert "Des jardins collectifs" not in [title.strip() for title in titles]
        assert hosts == {site_url.split("/")[2]}
        browser.close()


def _found(site_url: str, query: str) -> tuple[list[str], list[str]]:
    """The results page's titles and excerpts (text), in its order, once the search is done."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{site_url}recherche/?q={query}")
        # « N résultats pour … » or « Aucun résultat pour … », once the search is done;
        # the results come with their excerpts, after it.
        status = page.locator("#oqrls-recherche-etat")
        status.filter(has_text="pour").wait_for(timeout=15000)
        if status.inner_text()[:1] in "123456789":
            page.wait_for_selector(".oqrls-trouve", timeout=15000)
        titles = [t.strip() for t in page.locator(".oqrls-trouve__titre").all_inner_texts()]
        excerpts = page.locator(".oqrls-trouve__extrait").all_inner_texts()
        browser.close()
    return titles, excerpts


def _results(site_url: str, query: str) -> list[str]:
    return sorted(_found(site_url, query)[0])


def test_the_card_values_are_searched_not_its_labels(site_url: str) -> None:
    # What the fiche says is found: a partner, the population, a theme, a keyword.
    for query in ("Kamouraska", "hommes isolés", "ruralité"):
        assert _results(site_url, query) == ["Prévenir le suicide ensemble"], query
    # The excerpt says why, in words, when only the fiche has them.
    titles, excerpts = _found(site_url, "Mécanismes de partenariat")
    assert titles == ["Prévenir le suicide ensemble"]
    excerpt = excerpts[0].replace("\u00a0", " ")
    assert "Facteur de succès : Mécanismes de partenariat." in excerpt
    # When the text has the words too, the excerpt is the text's, not the fiche's.
    titles, excerpts = _found(site_url, "crises")
    assert titles == ["Prévenir le suicide ensemble"]
    assert "préviennent les crises suicidaires" in excerpts[0], excerpts
    assert "ruralité" not in excerpts[0]
    # « Partenaires », the label every story's fiche shows, and « Publié », the date line,
    # find nothing.
    assert _results(site_url, "partenaires") == []
    assert _results(site_url, "publié") == []
    # Each story lists the other among its related stories: not a reason to find it.
    assert _results(site_url, "jardins") == ["Des jardins collectifs"]


def test_a_bulletin_is_found_by_its_words_not_its_cards(site_url: str) -> None:
    # Its own words find it; its stories' cards are not its text.
    assert _results(site_url, "framboises") == ["Un numéro sur la cueillette"]
    assert _results(site_url, "Kamouraska") == ["Prévenir le suicide ensemble"]
    assert _results(site_url, "légumes") == ["Des jardins collectifs"]


def test_a_word_after_an_elided_article_is_found(site_url: str) -> None:
    # The page says « l’école » (typographic apostrophe): « école » finds it, and the result
    # shows the apostrophe as the page does.
    assert _results(site_url, "école") == ["Les parents à l’école"]
    assert _results(site_url, "appui") == ["Les parents à l’école"]


def test_pagefind_reads_chips_apart_and_apostrophes_straight() -> None:
    from generator.outputs.search import searchable

    assert searchable("<p>l’école</p>") == "<p>l'école</p>"
    chips = '<a href="/x/">intervenants</a><a class="puce" href="/y/">Prévention</a>'
    assert searchable(chips) == chips.replace("</a><a", "</a> <a")


def test_an_abandoned_index_writes_nothing_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.outputs.search import SearchIndex

    staging = tmp_path / "tmp"
    staging.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(staging))
    index = SearchIndex("fr-CA", tmp_path / "pagefind", batch=2)
    for number in range(3):
        index.add(f"recits/r{number}/", "<article data-pagefind-body><h1>Un</h1></article>")
    assert len(list(staging.glob("*/*/recits/*/index.html"))) == 3  # the articles, as files
    index.close()  # a failed build: Pagefind stops without writing
    assert not (tmp_path / "pagefind").exists()
    assert list(staging.iterdir()) == []


def test_the_index_is_written_in_batches(tmp_path: Path) -> None:
    from generator.outputs.search import SearchIndex

    index = SearchIndex("fr-CA", tmp_path / "pagefind", batch=2)
    for number in range(5):  # three batches: 2, 2, then 1 at the end
        index.add(f"recits/r{number}/", f"<article data-pagefind-body><h1>R{number}</h1></article>")
    index.write()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["fr-ca"]["page_count"] == 5


def test_a_missing_pagefind_fails_with_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.outputs.search import SearchIndex, SearchIndexError

    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "absent"))
    index = SearchIndex("fr-CA", tmp_path / "pagefind")
    index.add("recits/a/", "<article data-pagefind-body><h1>A</h1></article>")
    with pytest.raises(SearchIndexError):
        index.write()
    assert not (tmp_path / "pagefind").exists()

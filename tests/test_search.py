"""Search with Pagefind, in a real browser: the header's box, French results, small download."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve
from tests.conftest import make_project


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    project = make_project(tmp_path_factory.mktemp("recherche") / "p")
    project.story(
        "suicide",
        title="Prévenir le suicide ensemble",
        body="Les intervenants préviennent les crises suicidaires jour et nuit.\n",
    )
    project.story("jardins", title="Des jardins collectifs", body="On cultive des légumes.\n")
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

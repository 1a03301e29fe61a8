"""The catalogue's filters in a real browser (Playwright driving Debian's Chromium)."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import require_chromium, serve
from tests.conftest import make_project

STORIES = {
    "a": {"region": ["estrie"], "outcomes": ["prevention"], "date": "2013-01-01"},
    "b": {"region": ["estrie"], "outcomes": ["continuite"], "date": "2012-01-01"},
    "c": {"region": ["laval"], "outcomes": ["prevention", "continuite"], "date": "2011-01-01"},
    "d": {"region": ["montreal"], "outcomes": ["urgence"], "date": "2010-01-01"},
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    project = make_project(tmp_path_factory.mktemp("catalogue") / "p")
    for slug, fields in STORIES.items():
        project.story(slug, title=f"Récit {slug.upper()}", **fields)
    result = project.build()
    assert result.returncode == 0, result.stderr
    with serve(project.root / "site") as url:
        yield url


def _visible(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#oqrls-catalogue > li:not([hidden]) .oqrls-carte__lien",
        "els => els.map(e => e.textContent.trim())",
    )


def test_filters_with_the_keyboard_and_url_state(site_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site_url + "catalogue/")
    status = page.locator("#oqrls-resultat")
    assert status.text_content() == "4 récits"
    assert _visible(page) == ["Récit A", "Récit B", "Récit C", "Récit D"]

    estrie = page.locator('input[name="region"][value="estrie"]')
    estrie.focus()
    page.keyboard.press("Space")
    assert _visible(page) == ["Récit A", "Récit B"]
    assert "region=estrie" in page.url
    assert status.text_content() == "2 récits sur 4 correspondent aux filtres"

    # OR within a facet.
    page.locator('input[name="region"][value="laval"]').focus()
    page.keyboard.press("Space")
    assert _visible(page) == ["Récit A", "Récit B", "Récit C"]

    # AND across facets; counts follow the other facets' choices.
    prevention = page.locator('input[name="outcomes"][value="prevention"]')
    prevention.focus()
    page.keyboard.press("Space")
    assert _visible(page) == ["Récit A", "Récit C"]
    assert page.locator('[data-compte-pour="region=estrie"]').text_content() == "(1)"
    assert page.locator('[data-compte-pour="outcomes=continuite"]').text_content() == "(2)"
    assert estrie.get_attribute("aria-label") == "Estrie, 1 récit"

    shared = page.url
    other = browser.new_page()
    other.goto(shared)
    assert _visible(other) == ["Récit A", "Récit C"]
    assert other.locator('input[name="outcomes"][value="prevention"]').is_checked()
    other.close()

    page.get_by_role("button", name="Effacer les filtres").click()
    # The form resets its boxes after the event: wait for the list to follow.
    page.wait_for_function("!document.querySelector('#oqrls-catalogue > li[hidden]')")
    assert _visible(page) == ["Récit A", "Récit B", "Récit C", "Récit D"]
    assert "?" not in page.url
    page.close()


def test_crosstab_cell_opens_the_filtered_catalogue(site_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site_url + "croisements/regions-facteurs-de-succes/")
    page.locator('a[href*="?region=estrie&success_factors=vision-commune"]').click()
    page.wait_for_url("**/catalogue/**")
    assert _visible(page) == ["Récit A", "Récit B"]
    page.close()


def test_without_javascript_the_full_list_shows(site_url: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "catalogue/?region=estrie")
    assert not page.locator("#oqrls-filtres").is_visible()
    assert len(_visible(page)) == 4
    context.close()

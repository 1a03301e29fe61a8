"""The catalogue's filters in a real browser (Playwright driving Debian's Chromium)."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import serve
from tests.conftest import make_project

STORIES = {
    "a": {"region": ["estrie"], "outcomes": ["prevention"], "date": "2013-01-01"},
    "b": {"region": ["estrie"], "outcomes": ["continuite"], "date": "2012-01-01"},
    "c": {"region": ["laval"], "outcomes": ["prevention", "continuite"], "date": "2011-01-01"},
    "d": {"region": ["montreal"], "outcomes": ["urgence"], "date": "2010-01-01"},
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, chromium: None) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("catalogue") / "p")
    for slug, fields in STORIES.items():
        project.story(slug, title=f"Récit {slug.upper()}", **fields)
    result = project.build()
    assert result.returncode == 0, result.stderr
    with serve(project.root / "site") as url:
        yield url


def _visible(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#oqrls-liste > li:not([hidden]) h3 a", "els => els.map(e => e.textContent.trim())"
    )


def _count(page: Any, key: str, term: str) -> str:
    """The number shown after a choice of the panel."""
    box = page.locator(f'input[name="{key}"][value="{term}"]')
    return box.locator("xpath=..").locator(".oqrls-choix__compte > span").first.text_content()


def _open(browser: Any, url: str, viewport: dict[str, int] = DESKTOP) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


def test_filters_with_the_keyboard_and_url_state(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/")
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
    assert _count(page, "region", "estrie") == "1"
    assert _count(page, "outcomes", "continuite") == "2"
    # The count is part of the choice's name, with its unit: « Estrie 1 récit ».
    assert page.get_by_role("checkbox", name="Estrie 1 récit", exact=True).count() == 1

    shared = page.url
    other = context.new_page()
    other.goto(shared, wait_until="networkidle")
    assert _visible(other) == ["Récit A", "Récit C"]
    assert other.locator('input[name="outcomes"][value="prevention"]').is_checked()
    assert other.locator("#oqrls-liste").is_visible()
    other.close()

    from playwright.sync_api import expect

    page.get_by_role("button", name="Effacer les filtres").click()
    # The form resets its boxes after the event: wait for the list to follow.
    # (A locator, not wait_for_function: its polling evaluates a string, which
    # the site's Content-Security-Policy forbids.)
    expect(page.locator("#oqrls-liste > li[hidden]")).to_have_count(0)
    assert _visible(page) == ["Récit A", "Récit B", "Récit C", "Récit D"]
    assert "?" not in page.url
    assert not page.locator("#oqrls-actifs").is_visible()
    context.close()


def test_active_filters_are_removable_chips(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/?region=estrie,laval&outcomes=prevention")
    chips = page.locator("#oqrls-actifs-liste button")
    assert chips.all_text_contents() == [
        "Retirer le filtre Estrie×",
        "Retirer le filtre Laval×",
        "Retirer le filtre Prévention×",
    ]
    assert page.locator("#oqrls-actifs").is_visible()
    page.get_by_role("button", name="Retirer le filtre Laval").click()
    assert _visible(page) == ["Récit A"]
    assert "region=estrie&outcomes=prevention" in page.url
    assert not page.locator('input[name="region"][value="laval"]').is_checked()
    # The keyboard stays among the chips.
    assert page.evaluate("document.activeElement.textContent") == "Retirer le filtre Prévention×"
    context.close()


def test_zero_results_offers_to_remove_the_last_filter(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/?region=montreal")
    assert _visible(page) == ["Récit D"]
    assert not page.locator("#oqrls-aucun").is_visible()
    page.get_by_role("checkbox", name="Prévention").check()
    assert _visible(page) == []
    assert page.locator("#oqrls-resultat").text_content() == (
        "Aucun récit sur 4 ne correspond aux filtres"
    )
    assert page.locator("#oqrls-aucun").is_visible()
    assert "Aucun récit ne correspond" in (page.locator("#oqrls-aucun").text_content() or "")
    button = page.locator("#oqrls-retirer-dernier")
    assert button.text_content() == "Retirer le dernier filtre : « Prévention »"
    button.click()
    assert _visible(page) == ["Récit D"]
    assert not page.locator("#oqrls-aucun").is_visible()
    assert page.evaluate("document.activeElement.id") == "oqrls-resultat"
    context.close()


def test_on_a_phone_a_filter_button_opens_the_panel(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/", PHONE)
    opener = page.get_by_role("button", name="Filtrer")
    panel = page.locator("#oqrls-filtres")
    assert opener.is_visible() and opener.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    first = page.locator("#oqrls-liste h3").first.bounding_box()
    assert first is not None and first["y"] < PHONE["height"]  # results in the first screen
    opener.click()
    assert opener.get_attribute("aria-expanded") == "true" and panel.is_visible()
    page.get_by_role("checkbox", name="Laval").check()
    # The count stays in sight after every change: the panel's foot holds it.
    show = page.locator("#oqrls-voir")
    assert show.text_content() == "Voir 1 récit"
    box = show.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    show.click()
    assert not panel.is_visible() and opener.get_attribute("aria-expanded") == "false"
    assert opener.text_content() == "Filtrer (1 actif)"
    status = page.locator("#oqrls-resultat")
    assert page.evaluate("document.activeElement.id") == "oqrls-resultat"
    top = status.bounding_box()
    assert top is not None and 0 <= top["y"] < PHONE["height"]
    assert _visible(page) == ["Récit C"]
    # Escape folds the panel back and returns to its button.
    opener.click()
    page.get_by_role("checkbox", name="Laval").focus()
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("document.activeElement.id") == "oqrls-ouvrir"
    context.close()


def test_on_a_desktop_filters_sit_beside_the_results(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/")
    assert not page.get_by_role("button", name="Filtrer").is_visible()
    panel = page.locator("#oqrls-filtres").bounding_box()
    first = page.locator("#oqrls-liste h3").first.bounding_box()
    assert panel is not None and first is not None
    assert panel["x"] + panel["width"] <= first["x"]
    assert first["y"] < DESKTOP["height"] / 2
    # Checkboxes look native and every choice is a tap target of 24 px or more.
    for label in page.locator(".oqrls-choix").all():
        if label.is_visible():
            box = label.bounding_box()
            assert box is not None and box["height"] >= 24
    appearance = "e => getComputedStyle(e).appearance"
    assert page.locator(".oqrls-choix input").first.evaluate(appearance) == "auto"
    context.close()


@pytest.mark.parametrize("query", ["", "?region=estrie&outcomes=prevention"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_nothing_moves_when_the_script_takes_over(
    site_url: str, browser: Any, query: str, viewport: dict[str, int]
) -> None:
    context, page = _open(browser, site_url + "catalogue/" + query, viewport)
    assert page.evaluate(CLS) <= 0.1
    context.close()


def test_crosstab_cell_opens_the_filtered_catalogue(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "croisements/regions-facteurs-de-succes/")
    page.locator('a[href*="?region=estrie&success_factors=vision-commune"]').click()
    page.wait_for_url("**/catalogue/**")
    assert _visible(page) == ["Récit A", "Récit B"]
    context.close()


def test_without_javascript_the_full_list_shows(site_url: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "catalogue/?region=estrie")
    assert not page.locator("#oqrls-filtres").is_visible()
    assert not page.get_by_role("button", name="Filtrer").is_visible()
    assert len(_visible(page)) == 4
    context.close()


def test_the_phone_filter_bar_is_shown_on_a_phone_only(site_url: str, browser: Any) -> None:
    context, page = _open(browser, site_url + "catalogue/", DESKTOP)
    assert page.locator("#oqrls-filtres").is_visible()
    assert not page.locator("#oqrls-voir").is_visible()
    page.get_by_role("checkbox", name="Laval").check()
    assert page.locator("#oqrls-resultat").text_content() == "1 récit sur 4 correspond aux filtres"
    context.close()

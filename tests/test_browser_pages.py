"""The repo's own site in Chromium: privacy (Loi 25), accessibility (SGQRI 008 / WCAG 2.1 AA),
keyboard use, and French search. Pages are picked from the built site, not named here."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import serve

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def site(repo_site: Path, chromium: None) -> Path:
    return repo_site


def _first_link(page: Path, pattern: str) -> str:
    match = re.search(pattern, page.read_text("utf-8"))
    assert match is not None, pattern
    return match[1]


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    story = json.loads((site / "stories.json").read_text("utf-8"))[0]["slug"]
    term = _first_link(site / "regions/index.html", r'"oqrls-barres__nom"><a href="([a-z0-9-]+/)"')
    bulletin = _first_link(
        site / "bulletins/index.html", r'class="oqrls-carte__titre"[^>]*><a href="([a-z0-9-]+/)">'
    )
    return {
        "accueil": "",
        "récit": f"recits/{story}/",
        "coups d'œil": "coups-doeil/",
        "facette": "regions/",
        "terme": f"regions/{term}",
        "croisement": "croisements/facteurs-de-succes-retombees/",
        "catalogue": "catalogue/",
        "catalogue filtré": "catalogue/?region=estrie&outcomes=prevention",
        "bulletin": f"bulletins/{bulletin}",
        "archives": "bulletins/",
        "recherche": "recherche/?q=sant%C3%A9%20mentale",
        "index thématiques": "facettes/",
        "tableau de bord": "tableau-de-bord/",
    }


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


def _open(browser: Any, address: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(address, wait_until="networkidle")
    if "recherche/" in address:
        page.wait_for_selector(".oqrls-trouve", timeout=15000)
    return context, page, requests


def test_no_third_party_request_and_no_cookie(
    browser: Any, url: str, pages: dict[str, str]
) -> None:
    host = url.split("/")[2]
    for name, path in pages.items():
        context, page, requests = _open(browser, url + path)
        page.wait_for_load_state("networkidle")  # every request the page makes has been made
        elsewhere = [r for r in requests if r.split("/")[2] != host and not r.startswith("data:")]
        assert elsewhere == [], (name, elsewhere)
        assert context.cookies() == [], name
        context.close()


def test_every_page_type_passes_axe(browser: Any, url: str, pages: dict[str, str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reports = {}
    for name, path in pages.items():
        context, page, _ = _open(browser, url + path)
        assert page.locator("html").get_attribute("lang") == "fr-CA"
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        if results.violations_count:
            reports[name] = results.generate_report()
        context.close()
    assert reports == {}, "\n".join(f"== {k}\n{v}" for k, v in reports.items())


def test_catalogue_and_crosstab_with_the_keyboard(browser: Any, url: str) -> None:
    context, page, _ = _open(browser, url + "catalogue/")
    status = page.locator("#oqrls-resultat")
    assert status.get_attribute("role") == "status"  # a polite live region by its role
    total = status.text_content()
    for _ in range(60):  # Tab to the first filter: every control is reachable
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    focused = page.evaluate("document.activeElement.closest('label').textContent")
    page.keyboard.press("Space")
    assert status.text_content() != total
    assert "correspond" in (status.text_content() or "")
    assert focused.strip()
    context.close()
    context, page, _ = _open(browser, url + "croisements/facteurs-de-succes-retombees/")
    table = page.locator(".oqrls-croisement")
    assert table.get_attribute("tabindex") == "0" and table.get_attribute("role") == "region"
    cell = page.locator("td a").first
    assert re.match(r"\d+ récits?\s: .+ et .+", cell.get_attribute("aria-label") or "")
    cell.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/catalogue/?*")
    context.close()


@pytest.mark.parametrize("query", ["santé mentale", "aînés"])
def test_french_search_finds_stories(browser: Any, url: str, query: str) -> None:
    context, page, _ = _open(browser, url)
    page.locator("#oqrls-q").press_sequentially(query)
    page.keyboard.press("Enter")
    page.wait_for_selector(".oqrls-trouve__titre", timeout=15000)
    links = page.locator(".oqrls-trouve__titre a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert any("/recits/" in link for link in links), links
    context.close()

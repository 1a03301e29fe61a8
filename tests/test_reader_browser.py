"""The repo's own site in Chromium, as readers use it on a phone (390 × 844) and a desktop
(1280 × 900): no failed request, no horizontal scrolling, axe-core clean (WCAG 2.2 AA tags)
at both widths, a story that starts in the first screens of a phone, a fiche that folds,
a citation that copies, search results that say what they are. Pages are picked from the
built site, not named here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import serve

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FIRST_SCREENS = 1.2
"""A story's lead (or first paragraph) starts within this many phone screens."""


@pytest.fixture(scope="module")
def site(repo_site: Path, chromium: None) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def stories(site: Path) -> list[str]:
    records = json.loads((site / "stories.json").read_text("utf-8"))
    return [f"recits/{record['slug']}/" for record in records]


def _first(site: Path, folder: str) -> str:
    page = next(path for path in sorted((site / folder).glob("*/index.html")))
    return f"{folder}/{page.parent.name}/"


@pytest.fixture(scope="module")
def reading_pages(site: Path, stories: list[str]) -> dict[str, str]:
    """The page types of this part of the site."""
    return {
        "accueil": "",
        "récit": stories[0],
        "bulletin": _first(site, "bulletins"),
        "recherche": "recherche/?q=sant%C3%A9",
        "404": "404.html",
        "à propos": "a-propos/",
        "accessibilité": "accessibilite/",
    }


@pytest.fixture(scope="module")
def every_page(site: Path, reading_pages: dict[str, str]) -> dict[str, str]:
    """One page of every type the site has."""
    return {
        **reading_pages,
        "coups d'œil": "coups-doeil/",
        "catalogue": "catalogue/?region=estrie",
        "facette": "regions/",
        "terme": _first(site, "regions"),
        "index thématiques": "facettes/",
        "croisements": "croisements/",
        "croisement": _first(site, "croisements"),
        "tableau de bord": "tableau-de-bord/",
        "archives": "bulletins/",
    }


def _open(browser: Any, address: str, viewport: dict[str, int], **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(address, wait_until="networkidle")
    if "recherche/?q=" in address and options.get("java_script_enabled", True):
        page.wait_for_selector(".oqrls-trouve", timeout=15000)
    return context, page


@pytest.fixture(scope="module")
def visits(browser: Any, url: str, every_page: dict[str, str]) -> dict[tuple[str, int], Any]:
    """Every page type opened at both widths: its failed requests and console errors, and
    how far it scrolls sideways."""
    seen = {}
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        for name, path in every_page.items():
            page = context.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
            page.on(
                "response",
                lambda response, failed=failed: (
                    response.status >= 400 and failed.append(f"{response.status} {response.url}")
                ),
            )
            page.on(
                "console",
                lambda message, failed=failed: (
                    message.type == "error" and failed.append(message.text)
                ),
            )
            page.goto(url + path, wait_until="networkidle")
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            seen[(name, viewport["width"])] = {"failed": failed, "sideways": sideways}
            page.close()
        context.close()
    return seen


def test_every_page_type_loads_without_a_failed_request(
    visits: dict[tuple[str, int], Any],
) -> None:
    failures = {key: seen["failed"] for key, seen in visits.items() if seen["failed"]}
    assert failures == {}


def test_no_page_type_scrolls_sideways_on_a_phone(visits: dict[tuple[str, int], Any]) -> None:
    sideways = {
        name: seen["sideways"]
        for (name, width), seen in visits.items()
        if width == PHONE["width"] and seen["sideways"] > 0
    }
    assert sideways == {}


def test_reading_pages_pass_axe_on_a_phone_and_a_desktop(
    browser: Any, url: str, reading_pages: dict[str, str]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    reports = {}
    for name, path in reading_pages.items():
        for viewport in (PHONE, DESKTOP):
            context, page = _open(browser, url + path, viewport)
            assert page.locator("html").get_attribute("lang") == "fr-CA"
            if page.locator("#oqrls-fiche").count():
                page.evaluate("document.getElementById('oqrls-fiche').open = true")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            if results.violations_count:
                reports[f"{name} {viewport['width']}"] = results.generate_report()
            context.close()
    assert reports == {}, "\n".join(f"== {k}\n{v}" for k, v in reports.items())


def test_every_story_starts_in_the_first_screens_of_a_phone(
    browser: Any, url: str, stories: list[str]
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    ratios = {}
    for path in stories:
        page.goto(url + path, wait_until="load")
        top = page.evaluate(
            """() => {
              const lead = document.querySelector('.oqrls-recit__chapeau')
                || document.querySelector('.oqrls-recit__corps > p');
              return lead.getBoundingClientRect().top + window.scrollY;
            }"""
        )
        ratios[path] = top / PHONE["height"]
        assert page.locator("#oqrls-fiche").evaluate("fiche => fiche.open") is False
    context.close()
    assert max(ratios.values()) <= FIRST_SCREENS, ratios


def test_the_fiche_folds_on_a_phone_and_sits_beside_the_text_on_a_desktop(
    browser: Any, url: str, stories: list[str]
) -> None:
    context, page = _open(browser, url + stories[0], PHONE)
    fiche = page.locator("#oqrls-fiche")
    assert not page.locator(".oqrls-fiche__liste").is_visible()
    summary = page.locator("#oqrls-fiche > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert fiche.evaluate("fiche => fiche.open") is True
    assert page.locator(".oqrls-fiche__liste a").first.is_visible()
    context.close()

    context, page = _open(browser, url + stories[0], DESKTOP)
    assert page.locator("#oqrls-fiche").evaluate("fiche => fiche.open") is True
    aside = page.locator("#oqrls-fiche").bounding_box()
    text = page.locator(".oqrls-recit__corps").bounding_box()
    assert aside is not None and text is not None
    assert aside["x"] >= text["x"] + text["width"]  # beside, to the right
    assert aside["y"] < text["y"] + 50  # and starting with the text, not below it
    context.close()


def test_the_citation_copies_and_stays_selectable_without_javascript(
    browser: Any, url: str, stories: list[str]
) -> None:
    context, page = _open(browser, url + stories[0], DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    citation = " ".join(page.locator("#oqrls-citation").inner_text().split())
    assert re.match(r"^Observatoire .+\(OQRLS\)\. \(\d{4}\)\. .+\. https?://\S+/recits/", citation)
    button = page.get_by_role("button", name="Copier la citation")
    button.focus()
    page.keyboard.press("Enter")
    from playwright.sync_api import expect

    # A locator waits without evaluating a string (the site's CSP forbids eval).
    expect(page.locator(".oqrls-citation__etat")).to_have_text("Citation copiée.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert " ".join(copied.split()) == citation
    context.close()

    context, page = _open(browser, url + stories[0], PHONE, java_script_enabled=False)
    assert page.get_by_role("button", name="Copier la citation").count() == 0
    assert page.locator("#oqrls-citation").is_visible()
    context.close()


def test_story_and_bulletin_pages_say_where_they_are(
    browser: Any, url: str, reading_pages: dict[str, str]
) -> None:
    for name, parent in (("récit", "Catalogue"), ("bulletin", "Le Relais")):
        context, page = _open(browser, url + reading_pages[name], PHONE)
        crumbs = page.get_by_role("navigation", name="Fil d’Ariane").get_by_role("link")
        assert crumbs.all_inner_texts() == ["Accueil", parent]
        context.close()


def test_search_results_say_what_when_and_where(browser: Any, url: str) -> None:
    context, page = _open(browser, url + "recherche/?q=sant%C3%A9", PHONE)
    assert page.locator("input[type=search]").count() == 1  # the page's own box only
    results = page.locator(".oqrls-trouve")
    lines = page.locator(".oqrls-trouve__meta").all_inner_texts()
    assert len(lines) == results.count() > 0
    date = r"\d{1,2}(er)? \w+ \d{4}"
    assert all(re.match(rf"^(Récit · {date} · .+|Bulletin · {date})$", line) for line in lines)
    assert any(line.startswith("Bulletin") for line in lines), lines
    excerpts = " ".join(page.locator(".oqrls-trouve__extrait").all_inner_texts())
    assert "Population rejointe" not in excerpts and "Partenaires" not in excerpts
    context.close()


def test_the_skip_link_leads_to_the_h1_of_every_page_type(
    browser: Any, url: str, every_page: dict[str, str]
) -> None:
    """Keyboard: the first Tab reaches « Aller au contenu », Enter puts the focus on the H1
    (the next Tab goes on from the page's content, not from the header)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    landed = {}
    for name, path in every_page.items():
        page.goto(url + path, wait_until="networkidle")
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent.trim()")
        page.keyboard.press("Enter")
        page.locator("h1:focus").wait_for()
        landed[name] = (first, page.evaluate("document.activeElement.tagName"))
    context.close()
    assert landed == {name: ("Aller au contenu", "H1") for name in every_page}


def test_the_accessibility_statement_promises_the_skip_link_on_every_page(
    site: Path, every_page: dict[str, str]
) -> None:
    statement = (site / "accessibilite" / "index.html").read_text("utf-8")
    assert "Sur chaque page, un lien «\u00a0Aller au contenu\u00a0»" in statement
    for path in every_page.values():
        file = site / (path.split("?")[0] or "index.html")
        if file.suffix != ".html":
            file = file / "index.html"
        assert ">Aller au contenu</a>" in file.read_text("utf-8"), path


def test_every_page_type_has_one_h1_style(
    browser: Any, url: str, every_page: dict[str, str]
) -> None:
    styles = {}
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in every_page.items():
            page.goto(url + path, wait_until="networkidle")
            styles[name, viewport["width"]] = page.evaluate(
                """(() => { const s = getComputedStyle(document.querySelector('h1'));
                return [s.color, s.fontWeight, s.fontSize, s.lineHeight, s.letterSpacing]
                .join(' '); })()"""
            )
        context.close()
    for width in (PHONE["width"], DESKTOP["width"]):
        at_width = {name: style for (name, w), style in styles.items() if w == width}
        assert len(set(at_width.values())) == 1, at_width


PRINTED_LINKS = """() => [...document.querySelectorAll('.md-content a')]
  .filter(a => a.getClientRects().length)
  .map(a => [a.className, getComputedStyle(a, '::after').content])
  .filter(([, content]) => content !== 'none' && content !== 'normal')"""


def test_a_story_prints_with_its_fiche_open_and_absolute_addresses(
    browser: Any, url: str, stories: list[str]
) -> None:
    """Print media (as the print dialog sets it): the fiche, closed on a phone and on paper
    narrower than a wide screen before, is open; every printed address is absolute."""
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(url + stories[0], wait_until="networkidle")
        page.emulate_media(media="print")
        fiche = page.locator("#oqrls-fiche")
        page.locator("#oqrls-fiche[open]").wait_for()
        assert fiche.locator(".oqrls-fiche__liste").is_visible()
        printed = page.evaluate(PRINTED_LINKS)
        assert printed, "aucune adresse imprimée"
        for _, content in printed:
            assert re.match(r'" <https?://', content), content
        assert not page.locator(".oqrls-citation__actions").is_visible()
        context.close()


HEIGHT_BUDGETS = {"accueil": 2.5, "coups d'œil": 6.0, "bulletin": 4.0}
"""Phone screens (390 × 844) each page may take at most: half or less of what they took
before cards lost their chips on a phone and bulletins named each story once (4.6, 10.8
and 9.3 screens on the repo's site)."""


def test_pages_keep_to_their_height_budget_on_a_phone(
    browser: Any, url: str, every_page: dict[str, str]
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    heights = {}
    for name in HEIGHT_BUDGETS:
        page.goto(url + every_page[name], wait_until="networkidle")
        heights[name] = page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
        if name == "accueil":
            # The ways in start within two screens of the home page.
            for heading in ("Explorer", "Le Relais, le bulletin"):
                top = page.get_by_role("heading", name=heading).bounding_box()
                assert top is not None and top["y"] < 2 * PHONE["height"], heading
        if name == "coups d'œil":
            cards = page.locator(".oqrls-carte")
            per_card = heights[name] * PHONE["height"] / cards.count()
            assert per_card < 0.5 * PHONE["height"], per_card
            assert not cards.locator(".oqrls-puce").first.is_visible()
    context.close()
    assert {name: h for name, h in heights.items() if h > HEIGHT_BUDGETS[name]} == {}

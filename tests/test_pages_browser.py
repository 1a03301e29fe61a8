"""Every page type, as readers see it on a phone (390 px) and a desktop (1280 px), in Debian's
Chromium: on the repo's own site and on a collection generated here, which the templates
have never seen. Each page must pass axe-core (WCAG 2.0, 2.1 and 2.2 A and AA), never scroll
sideways on a phone, load without a failed request and show no text under 12 px.

Pages are found in the built sites (the first story, the first region with stories…),
never named here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser import serve

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {390: 844, 1280: 800}
PAGE_TYPES = [
    "accueil", "récit", "coups d'œil", "catalogue", "catalogue filtré", "index thématiques",
    "index", "thème", "année", "croisements", "croisement", "tableau de bord", "archives",
    "bulletin", "recherche", "404",
]  # fmt: skip
SMALL_TEXT = """() => {
  const hidden = el => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === "hidden" || style.display === "none") return true;
      // Read by screen readers only: clipped to a pixel.
      if (style.clip === "rect(0px, 0px, 0px, 0px)" && e.getBoundingClientRect().width <= 1)
        return true;
    }
    return false;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || ["SCRIPT", "STYLE", "NOSCRIPT", "TITLE"].includes(el.tagName)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length || hidden(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    // An SVG scaled down by its viewBox shrinks its text with it.
    if (el instanceof SVGElement && el.getScreenCTM()) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    const where = `${el.tagName.toLowerCase()}.${el.className}`;
    if (size < 11.95) found.push(`${text.slice(0, 40)} (${size.toFixed(1)} px, ${where})`);
  }
  return found;
}"""


@dataclass
class Site:
    folder: Path
    url: str
    pages: dict[str, str]


def _first(page: Path, pattern: str) -> str:
    match = re.search(pattern, page.read_text("utf-8"))
    assert match is not None, (page, pattern)
    return match[1]


def _pages(site: Path) -> dict[str, str]:
    """One address of each page type, picked from the built site."""
    story = json.loads((site / "stories.json").read_text("utf-8"))[0]
    term = _first(site / "regions/index.html", r'"oqrls-barres__nom"><a href="([a-z0-9-]+)/"')
    year = _first(site / "annees/index.html", r'"oqrls-barres__nom"><a href="([0-9]+/)"')
    crosstab = _first(site / "croisements/index.html", r'<h2><a href="([a-z0-9-]+/)"')
    bulletin = _first(
        site / "bulletins/index.html", r'class="oqrls-carte__titre"[^>]*><a href="([a-z0-9-]+/)">'
    )
    word = max(re.findall(r"\w+", story["title"]), key=len).lower()
    return {
        "accueil": "",
        "récit": f"recits/{story['slug']}/",
        "coups d'œil": "coups-doeil/",
        "catalogue": "catalogue/",
        "catalogue filtré": f"catalogue/?region={term}",
        "index thématiques": "facettes/",
        "index": "regions/",
        "thème": f"regions/{term}/",
        "année": f"annees/{year}",
        "croisements": "croisements/",
        "croisement": f"croisements/{crosstab}",
        "tableau de bord": "tableau-de-bord/",
        "archives": "bulletins/",
        "bulletin": f"bulletins/{bulletin}",
        "recherche": f"recherche/?q={word}",
        "404": "404.html",
    }


@pytest.fixture(scope="module")
def sites(repo_site: Path, generated_site: Path, chromium: None) -> Iterator[dict[str, Site]]:
    folders = {"dépôt": repo_site, "généré": generated_site}
    with ExitStack() as stack:
        yield {
            name: Site(folder, stack.enter_context(serve(folder)), _pages(folder))
            for name, folder in folders.items()
        }


@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("which", ["dépôt", "généré"])
def test_every_page_type_at_phone_and_desktop_widths(
    sites: dict[str, Site], browser: Any, axe: Any, which: str, kind: str, width: int
) -> None:
    site = sites[which]
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} (échec)"))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.url} ({response.status})") if response.status >= 400 else None
        ),
    )
    page.goto(site.url + site.pages[kind], wait_until="networkidle")
    if kind == "recherche":
        page.wait_for_selector(".oqrls-trouve", timeout=15000)
    problems = []

    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    if results.violations_count:
        problems.append(results.generate_report())
    if width == 390:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll > inner:
            problems.append(f"défilement horizontal : {scroll} px pour {inner} px")
    if failed:
        problems.append(f"requêtes en échec : {failed}")
    small = page.evaluate(SMALL_TEXT)
    if small:
        problems.append(f"texte sous 12 px : {small[:10]}")
    context.close()
    assert problems == [], f"{which} {kind} {width} px\n" + "\n".join(problems)


def _page(browser: Any, url: str, width: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


@pytest.mark.parametrize("width", list(WIDTHS))
def test_crosstab_keeps_its_headers_in_view_while_it_scrolls(
    sites: dict[str, Site], browser: Any, width: int
) -> None:
    site = sites["généré"]
    context, page = _page(browser, site.url + site.pages["croisement"], width)
    box = page.locator(".oqrls-croisement")
    scroller = box.bounding_box()
    assert scroller is not None and scroller["x"] + scroller["width"] <= width
    if width == 1280:  # the page's whole width: no sidebar beside the table
        assert page.locator(".md-sidebar--primary").is_hidden()
        assert scroller["width"] > 1000 or box.evaluate("e => e.scrollWidth <= e.clientWidth")
    box.evaluate(
        "e => { e.scrollLeft = e.scrollWidth; e.scrollTop = e.scrollHeight;"
        " return new Promise(done => requestAnimationFrame(() => done())); }"
    )  # the next frame is laid out with the table scrolled
    assert box.evaluate("e => e.scrollTop > 0 || e.scrollHeight <= e.clientHeight")
    column = page.locator(".oqrls-croisement__table thead th").last.bounding_box()
    row = page.locator(".oqrls-croisement__table tbody th").last.bounding_box()
    assert column is not None and row is not None
    assert abs(column["y"] - scroller["y"]) <= 2  # the header row stays on top
    assert abs(row["x"] - scroller["x"]) <= 2  # the first column stays on the left
    # Cells are shaded by their count, on the site's one scale (the map's too): a larger
    # count is never lighter.
    shades = page.locator(".oqrls-croisement__table td a").evaluate_all(
        "els => els.map(e => [Number(e.textContent), e.parentElement.className])"
    )
    levels = [int(shade.rsplit("-", 1)[1]) for _, shade in sorted(shades)]
    assert levels == sorted(levels) and levels[-1] > levels[0]
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("which", ["dépôt", "généré"])
def test_every_region_tile_shows_its_name_and_count(
    sites: dict[str, Site], browser: Any, which: str, width: int
) -> None:
    site = sites[which]
    context, page = _page(browser, site.url + site.pages["tableau de bord"], width)
    tiles = page.locator(".oqrls-tuile")
    assert tiles.count() == 17
    names = []
    for tile in tiles.all():
        shown = tile.evaluate(
            """e => [...e.children].filter(c => getComputedStyle(c).display !== "none"
                && c.getBoundingClientRect().width > 1).map(c => c.innerText.trim())"""
        )
        name, count = shown
        assert name and re.match(r"\d+\b", count), shown
        names.append(name)
        overflow = tile.evaluate(
            "e => [e.scrollWidth - e.clientWidth, e.scrollHeight - e.clientHeight]"
        )
        assert overflow[0] <= 0 and overflow[1] <= 0, (name, overflow)
    # Full names where they fit, the vocabulary's short forms on a phone.
    assert ("Bas-St-Laurent" if width == 390 else "Bas-Saint-Laurent") in names, names
    assert page.locator(".oqrls-legende").first.is_visible()
    context.close()


def test_index_counts_line_up_and_compare(sites: dict[str, Site], browser: Any) -> None:
    site = sites["généré"]
    context, page = _page(browser, site.url + site.pages["index"], 1280)
    rows = page.locator(".oqrls-barres > li").evaluate_all(
        """els => els.map(e => {
          const count = e.querySelector(".oqrls-barres__nombre");
          const bar = e.querySelector(".oqrls-barres__piste > span").getBoundingClientRect();
          return [parseInt(count.textContent), count.getBoundingClientRect().right, bar.width];
        })"""
    )
    assert len(rows) > 1
    assert len({round(right) for _, right, _ in rows}) == 1  # counts right-aligned
    top = max(count for count, _, _ in rows)
    widest = max(width for _, _, width in rows)
    for count, _, width in rows:
        assert abs(width - widest * count / top) <= 2
    context.close()

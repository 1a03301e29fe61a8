"""The preview in a browser (a real `mkdocs serve`): a broker sees the problems of a story
where they look, at its address, and a draft is marked as one."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Project, make_project, story_text
from tests.helpers import free_port, mkdocs_serve, wait_until

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RELOAD = 30_000
"""Milliseconds a saved file may take to show (a rebuild, then the live reload)."""


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, str]]:
    """A preview server over two stories (one a draft); yields the project and its URL."""
    project = make_project(tmp_path_factory.mktemp("apercu") / "site")
    project.story("a", title="Premier récit")
    project.story("b", title="Récit en préparation", draft=True)
    with mkdocs_serve(project.root, free_port(), project.root / "serve.log") as base:
        assert wait_until(lambda: _answers(base + "recits/a/"), 60)  # the first build
        yield project, base


def test_a_bad_date_shows_at_the_story_address_until_fixed(
    preview: tuple[Project, str], browser: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    project, base = preview
    page = browser.new_page()
    page.goto(base + "recits/a/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Premier récit")
    expect(page.locator(".oqrls-bandeau-apercu")).to_be_hidden()  # no problem, no banner

    project.write("stories/a.md", story_text(title="Premier récit", date="2024-13-45"))
    # The live reload reloads the page: the same address now says what is wrong, and where.
    problem = page.locator(".oqrls-probleme").first
    expect(problem).to_contain_text("stories/a.md:3", timeout=RELOAD)
    expect(problem).to_contain_text("date")
    expect(problem).to_contain_text("2024-13-45")
    expect(page.get_by_role("heading", level=1)).to_have_text("Premier récit")
    expect(page.get_by_role("heading", name="Que faire")).to_be_visible()
    banner = page.locator(".oqrls-bandeau-apercu")
    expect(banner).to_contain_text("1 fichier en erreur")
    # The banner is on every page, those left as they were included.
    other = browser.new_page()
    other.goto(base + "recits/b/")
    expect(other.locator(".oqrls-bandeau-apercu")).to_contain_text("1 fichier en erreur")
    other.close()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()

    banner.get_by_role("link", name="Voir les problèmes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problèmes à corriger")
    expect(page.locator(".oqrls-problemes__fichier")).to_contain_text("stories/a.md:3")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()

    page.goto(base + "recits/a/")
    expect(page.locator(".oqrls-probleme").first).to_be_visible()
    project.write("stories/a.md", story_text(title="Premier récit corrigé"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Premier récit corrigé", timeout=RELOAD
    )
    expect(page.locator(".oqrls-bandeau-apercu")).to_be_hidden()
    page.close()


def test_an_unknown_term_links_to_its_list(preview: tuple[Project, str], browser: Any) -> None:
    from playwright.sync_api import expect

    project, base = preview
    project.write("stories/c.md", story_text(title="Troisième", outcomes=["prévention des chutes"]))
    page = browser.new_page()
    try:
        # Built in the background: the page exists once the rebuild is done.
        assert wait_until(lambda: _answers(base + "recits/c/"), RELOAD / 1000), "pas de page"
        page.goto(base + "recits/c/")
        expect(page.locator(".oqrls-probleme").first).to_contain_text("stories/c.md:")
        expect(page.locator(".oqrls-probleme").first).to_contain_text("prevention")
        link = page.get_by_role("link", name="liste « Retombées »")
        expect(link).to_be_visible()
        link.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Retombées")
    finally:
        page.close()
        (project.root / "stories/c.md").unlink()


def test_a_draft_is_marked_on_its_page_and_its_card(
    preview: tuple[Project, str], browser: Any
) -> None:
    from playwright.sync_api import expect

    _, base = preview
    page = browser.new_page()
    page.goto(base + "recits/b/")
    note = page.locator(".oqrls-brouillon")
    expect(note).to_contain_text("Brouillon — non publié")
    expect(note).to_contain_text("draft: true")
    expect(note).to_contain_text("stories/b.md")
    page.goto(base + "coups-doeil/")
    card = page.locator(".oqrls-carte", has_text="Récit en préparation")
    expect(card.locator(".oqrls-brouillon")).to_contain_text("Brouillon — non publié")
    other = page.locator(".oqrls-carte").filter(has_not_text="Récit en préparation").first
    expect(other.locator(".oqrls-brouillon")).to_have_count(0)
    page.close()

"""The Content-Security-Policy in Chromium: every kind of page runs without a violation, and
an image from another site written in a story is blocked before any request leaves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import serve
from tests.conftest import REPO, Project, make_project

EXTERNAL = "https://images.ailleurs.example/suivi.png"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, str]]:
    project = make_project(tmp_path_factory.mktemp("csp") / "p")
    shutil.copytree(REPO / "stories", project.stories, dirs_exist_ok=True)
    shutil.copytree(REPO / "bulletins", project.root / "bulletins", dirs_exist_ok=True)
    project.story(
        "image-externe",
        title="Une image d'ailleurs",
        body=f'Un texte.\n\n<img src="{EXTERNAL}" alt="suivi">\n\n![Autre]({EXTERNAL}?2)\n',
    )
    result = project.run("mkdocs", "build")  # the image is a warning: --strict would refuse
    assert result.returncode == 0, result.stderr
    assert "image-externe.md:17: lien: image « https://images.ailleurs.example" in result.stderr
    with serve(project.root / "site") as url:
        yield project, url


def _pages(project: Project) -> list[str]:
    """One page of each kind, found in the built site rather than named."""
    built = project.root / "site"

    def first(pattern: str) -> str:
        found = sorted(built.glob(pattern))
        return found[0].parent.relative_to(built).as_posix() + "/"

    return [
        "", "catalogue/?region=estrie", "coups-doeil/", "recherche/?q=services",
        first("recits/*/index.html"), "regions/", first("regions/*/index.html"),
        first("annees/*/index.html"), "bulletins/", first("bulletins/*/index.html"),
        "tableau-de-bord/", "croisements/", first("croisements/*/index.html"), "facettes/",
        "404.html",
    ]  # fmt: skip


def _visit(browser: Any, url: str) -> tuple[list[str], list[str]]:
    """The console messages of a page, and the requests it made (a request the policy
    blocks never leaves Chromium: it fails with ERR_BLOCKED_BY_CSP)."""
    page = browser.new_page()
    messages: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("requestfinished", lambda request: requests.append(request.url))
    page.on(
        "requestfailed",
        lambda request: (
            None
            if (request.failure or "") in ("csp", "net::ERR_BLOCKED_BY_CSP")
            else requests.append(request.url)
        ),
    )
    page.goto(url, wait_until="networkidle")
    if "recherche/" in url:
        page.wait_for_selector(".oqrls-trouve__titre", timeout=20000)
    page.close()
    return messages, requests


def test_every_kind_of_page_runs_without_violation(site: tuple[Project, str], browser: Any) -> None:
    project, url = site
    for path in _pages(project):
        messages, requests = _visit(browser, url + path)
        violations = [m for m in messages if "Content Security Policy" in m]
        assert violations == [], path
        hosts = {urlsplit(request).netloc for request in requests}
        assert hosts == {urlsplit(url).netloc}, path


def test_an_image_from_another_site_is_blocked(site: tuple[Project, str], browser: Any) -> None:
    project, url = site
    html = project.html("recits/image-externe/index.html")
    assert EXTERNAL in html  # kept by the sanitiser (an https image)…
    messages, requests = _visit(browser, url + "recits/image-externe/")
    assert not [request for request in requests if "ailleurs.example" in request]  # …not loaded
    blocked = [m for m in messages if "Content Security Policy" in m and EXTERNAL in m]
    assert len(blocked) == 2, messages

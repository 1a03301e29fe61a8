"""Front matter is data: markup written in it shows as text in every output."""

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.conftest import Project, make_project
from tests.helpers import bulletin_text

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(2)> {{ 7*7 }} {% if 1 %}x{% endif %}'
ESCAPED = html.escape(PAYLOAD, quote=False)
FIELDS = ("title", "population", "partners", "rls", "objectives", "summary")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("echappement") / "p")
    project.story(
        "piege",
        title=PAYLOAD,
        population=PAYLOAD,
        partners=[PAYLOAD],
        rls=[PAYLOAD],
        objectives=[PAYLOAD],
        summary=PAYLOAD,
        body="Un texte ordinaire.\n",
    )
    project.write(
        "bulletins/n.md", bulletin_text(title=PAYLOAD, description=PAYLOAD, stories=["piege"])
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


class _Elements(HTMLParser):
    """The elements a browser would build, and the code of the scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.data: list[str] = []
        """JSON blocks (JSON-LD, the catalogue's data): text, never code."""
        self._in_script = False
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._json = tag == "script" and (dict(attrs).get("type") or "").endswith("json")

    def handle_data(self, data: str) -> None:
        if self._in_script and self._json:
            self.data.append(data)
        elif self._in_script:
            self.scripts.append(data)


def _no_live_markup(page: str) -> None:
    # Parsed as a browser would: in an attribute (the HTML email's aria-label), a « < » is
    # text, and HTML's serialisation writes it as is.
    elements = _Elements()
    elements.feed(page)
    assert not any("alert(" in code for code in elements.scripts)
    assert not any("<" in data for data in elements.data)  # written \u003c: no way out
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in elements.tags)
    assert not any("onerror" in attrs for _, attrs in elements.tags)
    assert "{{ 7*7 }}" in page or "{{ 7*7 }}" in html.unescape(page)
    assert ">49<" not in page


@pytest.mark.parametrize(
    "page",
    ["recits/piege/index.html", "index.html", "coups-doeil/index.html", "catalogue/index.html",
     "regions/estrie/index.html", "facteurs-de-succes/vision-commune/index.html",
     "annees/2012/index.html", "bulletins/n/index.html", "bulletins/index.html",
     "bulletins/n/courriel.html"],
)  # fmt: skip
def test_html_outputs_show_the_text(built: Project, page: str) -> None:
    content = built.html(page)
    _no_live_markup(content)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_story_page_shows_every_field_as_text(built: Project) -> None:
    content = built.html("recits/piege/index.html")
    assert content.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5  # title, fiche fields
    title = re.search(r"<title>(.*?)</title>", content, re.S)
    assert title is not None and "&lt;script&gt;" in title[1]


def test_feeds_and_open_data_carry_the_exact_text(built: Project) -> None:
    site = built.root / "site"
    atom = ET.fromstring((site / "flux/recits.xml").read_bytes())
    ns = "{http://www.w3.org/2005/Atom}"
    assert atom.find(f"{ns}entry/{ns}title").text == PAYLOAD  # type: ignore[union-attr]
    assert atom.find(f"{ns}entry/{ns}summary").text == PAYLOAD  # type: ignore[union-attr]
    feed = json.loads((site / "flux/recits.json").read_text("utf-8"))
    assert feed["items"][0]["title"] == PAYLOAD
    stories = json.loads((site / "stories.json").read_text("utf-8"))
    record = stories[0]
    assert [record[key] for key in ("title", "population", "summary")] == [PAYLOAD] * 3
    assert record["partners"] == record["rls"] == record["objectives"] == [PAYLOAD]
    text = (site / "bulletins/n/courriel.txt").read_text("utf-8")
    assert "alert(1)" in text  # plain text: shown as written, nothing to interpret


@pytest.fixture(scope="module")
def site_url(built: Project, chromium: None) -> Iterator[str]:
    with serve(built.root / "site") as url:
        yield url


def test_nothing_runs_in_a_browser_nor_in_search(site_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page: Any = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("recits/piege/", "catalogue/", "bulletins/n/", "coups-doeil/"):
            page.goto(site_url + path)
            assert page.locator('img[src="x"]').count() == 0
        page.goto(site_url + "recherche/?q=alert")
        page.wait_for_selector(".oqrls-trouve__titre", timeout=15000)
        assert (
            "<script>alert(1)</script>" in page.locator(".oqrls-trouve__titre").first.inner_text()
        )
        assert page.locator('img[src="x"]').count() == 0
        assert dialogs == []
        browser.close()


def test_sharing_metadata_and_json_ld_hold_the_text_safely(built: Project) -> None:
    content = built.html("recits/piege/index.html")
    head = content[: content.index("</head>")]
    for name in ('name="description"', 'property="og:title"', 'property="og:description"'):
        match = re.search(rf'<meta {name} content="([^"]*)">', head)
        assert match is not None, name
        assert html.unescape(match[1]) == PAYLOAD, name
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert block is not None and "<" not in block[1]
    data = json.loads(block[1])
    assert data["headline"] == data["description"] == PAYLOAD
    assert data["about"][0]["inDefinedTermSet"]["name"]

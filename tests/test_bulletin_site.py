"""Integration: bulletin pages, archive, feeds and email editions of a real build."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from tests.conftest import Project, make_project
from tests.helpers import BULLETIN_STORIES as STORIES
from tests.helpers import bulletin_text

ATOM = "{http://www.w3.org/2005/Atom}"
CARD = re.compile(r'class="oqrls-carte__titre"[^>]*><a href="/recits/([a-z0-9-]+)/"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("bulletins") / "p")
    for relative, text in STORIES.items():
        project.write(relative, text)
    body = (
        "Lisez [le récit A](recit:a).\n\n## Un thème\n\n::: liste outcomes=urgence\n\n"
        "## Coup d'œil\n\n::: recit c\n"
    )
    project.write("bulletins/n3.md", bulletin_text(body, stories=["c", "a"]))
    project.write(
        "bulletins/n2.md",
        bulletin_text(number=2, date="2012-07-01", title="Deuxième <b>gras</b>",
                      select={"region": "estrie"}),
    )  # fmt: skip
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


def test_bulletin_page(built: Project) -> None:
    html = built.html("bulletins/n3/index.html")
    start, end = html.index('class="oqrls-bulletin__entete"'), html.index('id="titre-bulletin"')
    masthead = html[start:end]
    assert '<p class="oqrls-bulletin__nom">Le Relais</p>' in masthead
    assert (
        'Numéro 3 · <time datetime="2013-03-05" data-pagefind-meta="date">5 mars 2013</time>'
        in masthead
    )
    assert "Observatoire québécois des réseaux locaux de services (OQRLS)" in masthead
    assert "Ce numéro en ligne\u00a0: https://oqrls.example.org/bulletins/n3/" in masthead
    # « c » is placed in the text as a card, « a » in the list: neither is shown again.
    assert 'id="recits-du-numero"' not in html
    body = html[html.index('class="oqrls-bulletin__corps"') : html.index("oqrls-bulletin__suite")]
    assert 'href="../../recits/a/"' in body
    assert "oqrls-bloc-liste" in body and CARD.findall(body) == ["c"]
    assert "data-oqrls-bloc" not in html
    nav = html[html.index('class="oqrls-bulletin__suite"') :]
    assert re.search(r'<a rel="prev" href="../n2/"[^>]*><span class="oqrls-bulletin__sens">'
                     r'<span aria-hidden="true">← </span>Numéro précédent</span>', nav)  # fmt: skip
    assert "Numéro suivant" not in nav  # n3 is the newest
    assert 'href="courriel.html"' in html and 'href="courriel.txt"' in html
    assert re.search(r'<link rel="stylesheet" href="[./]*assets/stylesheets/relais.css">', html)


def test_a_bulletin_whose_cards_are_all_in_the_text_has_no_story_section(
    tmp_path: pytest.TempPathFactory,
) -> None:
    project = make_project(tmp_path / "p")  # type: ignore[operator]
    project.write("stories/a.md", STORIES["stories/a.md"])
    project.write("bulletins/n1.md", bulletin_text("::: recit a\n", stories=["a"]))
    project.write("bulletins/n2.md", bulletin_text(number=4, date="2013-04-01", stories=["a"]))
    assert project.build().returncode == 0
    html = project.html("bulletins/n1/index.html")
    assert "recits-du-numero" not in html and CARD.findall(html) == ["a"]
    nav = html[html.index('class="oqrls-bulletin__suite"') :]
    assert 'rel="next" href="../n2/"' in nav and "Numéro suivant" in nav
    assert "Numéro précédent" not in nav
    email = project.html("bulletins/n1/courriel.html")
    assert "Les récits de ce numéro" not in email and email.count("oqrls-carte__titre") == 1


def test_archive_and_home(built: Project) -> None:
    archive = built.html("bulletins/index.html")
    assert archive.index("Numéro 3") < archive.index("Numéro 2")
    assert "Deuxième &lt;b&gt;gras&lt;/b&gt;" in archive
    home = built.html("index.html")
    assert "Numéro d’essai" in home


def test_feeds_are_linked_from_every_page_and_print_stylesheet(built: Project) -> None:
    for page in ("index.html", "recits/a/index.html", "bulletins/n3/index.html"):
        html = built.html(page)
        for name in ("bulletins.xml", "bulletins.json", "recits.xml", "recits.json"):
            assert re.search(
                rf'<link rel="alternate" type="[^"]+" title="[^"]+" href="[./]*flux/{name}">', html
            )
        assert re.search(
            r'<link rel="stylesheet" media="print" href="[./]*assets/stylesheets/impression.css">',
            html,
        )


@pytest.mark.parametrize("name", ["recits", "bulletins"])
def test_atom_feed_follows_rfc_4287(built: Project, name: str) -> None:
    raw = (built.root / f"site/flux/{name}.xml").read_bytes()
    assert feedparser.parse(raw).bozo == 0
    feed = ET.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{child}")) == 1, child
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href")
        == f"https://oqrls.example.org/flux/{name}.xml"
    )  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{child}")) == 1, child
        link = entry.find(f"{ATOM}link")  # no rel means rel="alternate" (RFC 4287, 4.2.7.2)
        assert link is not None and link.get("rel", "alternate") == "alternate"
        assert link.get("href", "").startswith("https://oqrls.example.org/")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated", ""))
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]


def test_json_feed_1_1(built: Project) -> None:
    feed = json.loads((built.root / "site/flux/bulletins.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://oqrls.example.org/flux/bulletins.json"
    assert [item["url"] for item in feed["items"]] == [
        "https://oqrls.example.org/bulletins/n3/",
        "https://oqrls.example.org/bulletins/n2/",
    ]
    for item in feed["items"]:
        assert (
            item["id"] and item["title"] and (item.get("content_text") or item.get("content_html"))
        )
        datetime.fromisoformat(item["date_published"])
    # JSON, not HTML
    assert feed["items"][1]["title"] == "Le Relais — Numéro 2 — Deuxième <b>gras</b>"


def test_email_edition(built: Project) -> None:
    html = (built.root / "site/bulletins/n3/courriel.html").read_text("utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert re.search(r'<div class="oqrls-carte"[^>]* style="[^"]*border[^"]+"', html)
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert url.startswith("https://oqrls.example.org/") or url == "*|UNSUB|*", url
    assert "https://oqrls.example.org/recits/a/" in html
    text = (built.root / "site/bulletins/n3/courriel.txt").read_text("utf-8")
    assert "LE RELAIS — Numéro 3 — 5 mars 2013" in text
    assert "le récit A (https://oqrls.example.org/recits/a/)" in text
    assert "C (https://oqrls.example.org/recits/c/)" in text
    assert "<" not in text.replace("<b>", "")


def test_invalid_bulletin_fails_the_build(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p")
    project.write("stories/a.md", STORIES["stories/a.md"])
    project.write("bulletins/x.md", bulletin_text(stories=["absent"]))
    result = project.build()
    assert result.returncode == 1
    assert "bulletins/x.md:7: stories: récit « absent » introuvable" in result.stderr
    check = project.check()
    assert check.returncode == 1
    assert "bulletins/x.md:7: stories: récit « absent » introuvable" in check.stdout


def test_a_story_is_named_once_in_page_and_both_email_editions(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    for relative, text in STORIES.items():
        project.write(relative, text)
    body = (
        "## Urgence\n\n::: liste outcomes=urgence\n\n## Estrie\n\n::: liste region=estrie\n\n"
        "## Coup d'œil\n\n::: recit a\n"
    )
    project.write("bulletins/n3.md", bulletin_text(body, stories=["a", "b", "c"]))
    assert project.build().returncode == 0
    html = project.html("bulletins/n3/index.html")
    article = html[html.index('<article class="oqrls-bulletin"') : html.index("</article>\n")]
    page = html[html.index('class="oqrls-bulletin__corps"') : html.index("oqrls-bulletin__suite")]
    email = project.html("bulletins/n3/courriel.html")
    text = project.html("bulletins/n3/courriel.txt")
    for slug in ("a", "b", "c"):
        assert len(re.findall(f'href="[./]*/?recits/{slug}/"', page)) == 1, slug
        assert email.count(f"https://oqrls.example.org/recits/{slug}/") == 1, slug
        assert text.count(f"https://oqrls.example.org/recits/{slug}/") == 1, slug
    assert "recits-du-numero" not in article
    assert "Et 1\u00a0récit présenté ailleurs dans ce numéro." in page or (
        "Et 1 récit présenté ailleurs dans ce numéro." in page
    )

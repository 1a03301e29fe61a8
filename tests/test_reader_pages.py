"""The reading pages as HTML: a story's sharing metadata and citation, its related stories'
reasons, the pages about the site, the footer, the 404 page, the search metadata and French
typography. The repo's own site is read generically (no story named); the rest is built
from stories written here."""

from __future__ import annotations

import html as html_module
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.adapter.material import language_alternates_only
from generator.outputs.related import COMMON_FROM, COMMON_SHARE
from tests.conftest import Project, make_project

ENGLISH = re.compile(
    r"\b(Not found|Skip to content|Back to top|Permanent link|Table of contents|Made with|"
    r"Search|Previous|Next|Clear|Copy to clipboard|Home)\b"
)


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def records(site: Path) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((site / "stories.json").read_text("utf-8"))
    return data


def _head(page: str) -> str:
    return page[: page.index("</head>")]


def _meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', _head(page))
    assert match is not None, name
    return html_module.unescape(match[1])


def _words(text: str) -> str:
    """Text as a reader sees it, spaces of every kind made plain, apostrophes straight."""
    text = html_module.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.replace("\u2019", "'").split())


def test_every_story_shares_its_own_summary_and_metadata(
    site: Path, records: list[dict[str, object]]
) -> None:
    for record in records:
        page = (site / str(record["url"]).split("/", 3)[3] / "index.html").read_text("utf-8")
        summary = _words(str(record["summary"]))
        assert _words(_meta(page, "name", "description")) == summary
        assert _words(_meta(page, "property", "og:description")) == summary
        assert _words(_meta(page, "property", "og:title")) == _words(str(record["title"]))
        assert _meta(page, "property", "og:type") == "article"
        assert _meta(page, "property", "og:locale") == "fr_CA"
        assert _meta(page, "property", "og:url") == record["url"]
        assert f'<link rel="canonical" href="{record["url"]}">' in page
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert block is not None
        article = json.loads(block[1])
        assert article["@type"] == "Article" and article["url"] == record["url"]
        assert _words(article["headline"]) == _words(str(record["title"]))
        assert article["datePublished"] == record["date"]
        assert article["publisher"]["name"].startswith("Observatoire")
        regions = [term["label"] for term in record["region"]]  # type: ignore[attr-defined]
        assert [place["name"] for place in article["spatialCoverage"]] == regions
        themes = {term["name"] for term in article["about"]}
        outcomes = {term["label"] for term in record["outcomes"]}  # type: ignore[attr-defined]
        assert outcomes <= themes


def test_citation_names_publisher_year_title_and_address(
    site: Path, records: list[dict[str, object]]
) -> None:
    for record in records:
        page = (site / str(record["url"]).split("/", 3)[3] / "index.html").read_text("utf-8")
        citation = re.search(
            r'<p class="oqrls-citation__texte" id="oqrls-citation">(.*?)</p>', page
        )
        assert citation is not None
        text = _words(citation[1])
        year = str(record["date"])[:4]
        title = _words(str(record["title"]))
        assert text == (
            f"Observatoire québécois des réseaux locaux de services (OQRLS). ({year}). "
            f"{title}. {record['url']}"
        )
        assert 'data-oqrls-copier="oqrls-citation" hidden' in page


def test_related_reasons_never_name_a_term_nearly_every_story_carries(
    site: Path, records: list[dict[str, object]]
) -> None:
    counts: Counter[str] = Counter()
    for record in records:
        for key, value in record.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                counts.update(f"{key}:{term['label']}" for term in value)
    total = len(records)
    assert total >= COMMON_FROM
    common = {label.split(":", 1)[1] for label, n in counts.items() if n >= COMMON_SHARE * total}
    assert common, "le dépôt a des termes portés par presque tous les récits"
    rare = {label.split(":", 1)[1] for label, n in counts.items() if n <= 2}
    reasons = []
    for record in records:
        page = (site / str(record["url"]).split("/", 3)[3] / "index.html").read_text("utf-8")
        reasons += [_words(r) for r in re.findall(r'class="oqrls-lies__raison">(.*?)</span>', page)]
    assert reasons
    for reason in reasons:
        named = {
            label.strip()
            for part in reason.split(";")
            if ":" in part and not part.startswith("Choisi")
            for label in part.split(":", 1)[1].split(",")
        }
        assert not named & {_words(label) for label in common}, reason
        assert re.match(r"^(Même|Mêmes|Choisi) ", reason), reason
    # The rarest shared terms are the ones named.
    assert any(label in reason for reason in reasons for label in map(_words, rare))


def test_pages_about_the_site_and_footer(site: Path) -> None:
    about = (site / "a-propos/index.html").read_text("utf-8")
    statement = (site / "accessibilite/index.html").read_text("utf-8")
    assert "SGQRI 008 3.0" in statement and "partiellement conforme" in statement
    assert 'href="mailto:info@oqrls.example.org?subject=' in statement
    assert "23 novembre 2026" in statement
    assert 'href="mailto:info@oqrls.example.org"' in about
    for name in ("recits.xml", "recits.json", "bulletins.xml", "bulletins.json"):
        assert f"flux/{name}" in about
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        if 'data-md-component="header"' not in text:
            continue  # not a page of the site's layout (an email edition, the CMS)
        footer = text[text.index('<footer class="md-footer">') :]
        assert "À propos</a>" in footer and "Déclaration d’accessibilité</a>" in footer, page
        assert "mailto:info@oqrls.example.org" in footer and "flux/recits.xml" in footer, page


def test_404_is_french_with_search_and_ways_in(site: Path) -> None:
    page = (site / "404.html").read_text("utf-8")
    assert '<html lang="fr-CA"' in page
    assert "<title>Page introuvable — " in page and '<meta name="robots" content="noindex">' in page
    assert '<h1 id="contenu" tabindex="-1">Page introuvable</h1>' in page
    # Served at any depth: links start from the site root.
    assert 'action="/recherche/" method="get"' in page
    for address in ("/.", "/catalogue/", "/regions/", "/bulletins/"):
        assert f'<li><a href="{address}">' in page


def test_no_english_and_lien_permanent_everywhere(site: Path) -> None:
    for page in [site / "index.html", site / "404.html", *sorted(site.glob("recits/*/index.html"))]:
        text = page.read_text("utf-8")
        shown = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", shown)
        attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', shown))
        assert not ENGLISH.search(visible + " " + attributes), (page, ENGLISH.search(visible))
    story = next(iter(sorted(site.glob("recits/*/index.html")))).read_text("utf-8")
    assert 'title="Lien permanent"' in story and "Permanent link" not in story


def test_search_metadata_and_fiche_left_out_of_excerpts(site: Path) -> None:
    story = next(iter(sorted(site.glob("recits/*/index.html")))).read_text("utf-8")
    assert 'data-pagefind-body data-pagefind-meta="type:Récit"' in story
    assert 'data-pagefind-meta="date"' in story and 'data-pagefind-meta="region"' in story
    assert '<details class="oqrls-fiche" id="oqrls-fiche" data-pagefind-ignore>' in story
    # Its values are read as sentences instead, hidden from readers (recherche-fiche.html).
    assert '<div class="oqrls-recherche-fiche" hidden data-pagefind-weight="8">' in story
    bulletin = next(iter(sorted(site.glob("bulletins/*/index.html")))).read_text("utf-8")
    assert 'data-pagefind-meta="type:Bulletin"' in bulletin
    script = (site / "assets/javascripts/recherche.js").read_text("utf-8")
    assert '"pagefind.js"' in script


def test_material_reads_only_language_alternates(site: Path) -> None:
    bundle = next((site / "assets/javascripts").glob("bundle.*.min.js")).read_text("utf-8")
    assert '"link[rel=alternate][hreflang]"' in bundle
    assert '"link[rel=alternate]"' not in bundle
    assert language_alternates_only("var a = 1;") is None


def test_french_typography_in_bodies_and_generated_text(project: Project) -> None:
    project.story(
        "a",
        title="L'essai : vraiment ?",
        summary="Un coup d'œil ; bref !",
        body='**Objectif** : l\'accès "droit" -- enfin ? Voir [ici](https://exemple.org/?a) !\n',
    )
    assert project.build().returncode == 0
    page = project.html("recits/a/index.html")
    title = "L’essai\u00a0: vraiment\u202f?"
    assert f'<h1 id="titre-recit" tabindex="-1" data-pagefind-weight="10">{title}</h1>' in page
    assert '<p class="oqrls-recit__chapeau">Un coup d’œil\u202f; bref\u202f!</p>' in page
    shown = html_module.unescape(page)  # entities or characters: the same text
    assert '<strong>Objectif</strong>\u00a0: l’accès "droit" -- enfin\u202f?' in shown
    assert '<a href="https://exemple.org/?a">ici</a>\u202f!' in page
    assert '<meta property="og:title" content="L’essai\u00a0: vraiment\u202f?">' in page


def test_a_derived_summary_is_not_shown_twice(project: Project) -> None:
    project.story("a", body="Premier paragraphe du récit.\n\nSecond paragraphe.\n")
    assert project.build().returncode == 0
    page = project.html("recits/a/index.html")
    body = page[page.index("<body") :]
    assert 'class="oqrls-recit__chapeau"' not in body
    assert body.count("Premier paragraphe du récit.") == 1
    assert _meta(page, "name", "description") == "Premier paragraphe du récit. Second paragraphe."
    assert 'class="oqrls-recit__corps oqrls-recit__corps--chapeau"' in page


def test_contact_address_is_checked_and_located(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    lines = config.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith("contact_email:"))
    (project.root / "mkdocs.yml").write_text(
        config.replace("contact_email: info@oqrls.example.org", "contact_email: info(at)oqrls"),
        "utf-8",
    )
    project.story("a")
    result = project.build()
    assert result.returncode != 0
    expected = (
        f"mkdocs.yml:{line}: extra.contact_email: adresse courriel invalide : « info(at)oqrls »"
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    checked = project.check()
    assert checked.returncode == 1 and expected in checked.stdout


def test_without_contact_or_organisation_the_site_name_publishes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = (project.root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"\n  (organisation|contact_email|accessibility_review):[^\n]*", "", config)
    (project.root / "mkdocs.yml").write_text(config, "utf-8")
    project.story("a")
    result = project.build()
    assert result.returncode == 0, result.stderr
    page = project.html("recits/a/index.html")
    assert "mailto:" not in page
    assert "Récits des réseaux locaux de services — OQRLS. (2012)." in page
    assert "revue le" not in project.html("accessibilite/index.html")


def test_a_term_page_does_not_repeat_its_term_on_each_card(project: Project) -> None:
    project.story("seule", title="Seule", region="estrie", date="2012-05-01")
    project.story("deux", title="Deux", region=["estrie", "laval"], date="2012-03-01")
    project.story("autre", title="Autre", region="laval", date="2013-01-01")
    assert project.build().returncode == 0
    estrie = project.html("regions/estrie/index.html")
    cards = estrie[estrie.index('<ul class="oqrls-liste-recits">') :]
    assert ">Seule</a></h3><p>2012</p>" in cards
    assert ">Deux</a></h3><p>Estrie, Laval · 2012</p>" in cards  # the other region stays
    year = project.html("annees/2012/index.html")
    cards = year[year.index('<ul class="oqrls-liste-recits">') :]
    assert ">Seule</a></h3><p>Estrie</p>" in cards and " · 2012</p>" not in cards
    catalogue = project.html("catalogue/index.html")
    assert ">Seule</a></h3><p>Estrie · 2012</p>" in catalogue

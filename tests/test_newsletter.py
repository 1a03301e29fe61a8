"""Le Relais ready to send: both email editions and the printout of every bulletin of the
repo's own site (read generically, none named here), and the parts that make them."""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from generator.mkdocs_yml import plugin_line
from generator.model import urls
from generator.outputs import newsletter, site
from generator.outputs.blocks import bulletin_markdown
from generator.outputs.newsletter import GMAIL_CLIP_BYTES, email_editions, email_html, html_as_text
from generator.settings import Sender, settings_from_mkdocs_yml
from tests.browser import serve
from tests.conftest import REPO, make_project, story_text
from tests.helpers import MERGE_TAG, bulletin_text, collect, page_links

SITE_URL = "https://oqrls.example.org/"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")
MARKDOWN_SYNTAX = ("##", "**", "](")
URL_IN_TEXT = re.compile(r"https?://[^\s()<>]+")
ENGLISH = ("Permanent link", 'aria-roledescription="email"', "Unsubscribe", "View in browser")


# -- The parts ------------------------------------------------------------------------------

PAGE = "https://exemple.org/sous/bulletins/n1/"
BODY = (
    '<h2 id="x">Un thème<a class="headerlink" href="#x" title="Lien">¶</a></h2>'
    '<p>Voir <a href="../../facteurs-de-succes/audace/">l\'audace</a>, '
    '<a href="/sous/recits/a/">le récit A</a> et <a href="#x">plus haut</a>.</p>'
    '<ul><li>un <strong>point</strong></li><li><a href="https://ailleurs.org/">https://ailleurs.org/</a></li></ul>'
    '<article class="oqrls-carte" aria-labelledby="carte-a"><h3 id="carte-a">'
    '<a href="/sous/recits/a/">A</a></h3><p class="oqrls-carte__meta">'
    '<a href="/sous/regions/estrie/">Estrie</a> · 2012</p><p class="oqrls-carte__termes">'
    '<span>Retombées :</span> <a class="oqrls-puce" href="/sous/retombees/x/">X</a>'
    '<a class="oqrls-puce" href="/sous/retombees/y/">Y</a></p></article>'
    '<img src="../../images/photo.png" alt="Une photo">'
)  # fmt: skip


def test_email_html_has_absolute_links_and_no_heading_anchor() -> None:
    html = email_html(BODY, PAGE)
    assert "headerlink" not in html and "¶" not in html
    assert 'href="https://exemple.org/sous/facteurs-de-succes/audace/"' in html
    assert 'href="https://exemple.org/sous/recits/a/"' in html
    assert 'href="https://exemple.org/sous/bulletins/n1/#x"' in html
    assert 'src="https://exemple.org/sous/images/photo.png"' in html
    # A card is a plain block (Outlook for Windows styles no <article>); chips are spaced.
    assert "<article" not in html and '<div class="oqrls-carte">' in html
    assert '">X</a> <a class="oqrls-puce"' in html


def test_text_from_html_is_plain_text_with_every_address() -> None:
    text = html_as_text(email_html(BODY, PAGE))
    assert text.startswith("UN THÈME\n")
    assert "l'audace (https://exemple.org/sous/facteurs-de-succes/audace/)" in text
    assert "le récit A (https://exemple.org/sous/recits/a/)" in text
    assert "  * un point\n" in text
    assert "  * https://ailleurs.org/\n" in text  # an address shown as its text: once
    # Chips and the card's region: their labels, without their addresses.
    assert "Retombées : X, Y" in text and "retombees/x" not in text
    assert "Estrie · 2012" in text and "regions/estrie" not in text
    for syntax in (*MARKDOWN_SYNTAX, "<", "¶"):
        assert syntax not in text, syntax


def test_sender_warnings_are_located_in_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n  - oqrls:\n      a: b\n", "utf-8")
    assert plugin_line(config) == 4
    problems = [str(p) for p in newsletter.sender_warnings(Sender(), Path("mkdocs.yml"), 4)]
    assert problems == [
        "mkdocs.yml:4: postal_address: option absente : la Loi canadienne anti-pourriel exige "
        "l'adresse postale de l'expéditeur dans chaque courriel de Le Relais ; ajoutez-la sous "
        "« - oqrls: » dans plugins",
        "mkdocs.yml:4: unsubscribe_link: option absente : la Loi canadienne anti-pourriel exige "
        "un lien de désabonnement dans chaque courriel de Le Relais ; ajoutez-la sous "
        "« - oqrls: » dans plugins",
    ]
    complete = Sender("Nous", "1 rue X\nVille", "*|UNSUB|*")
    assert newsletter.sender_warnings(complete, Path("mkdocs.yml"), 4) == []


def test_sender_options_are_read_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nplugins:\n  - oqrls:\n      sender_name: L'organisme\n"
        "      postal_address: |-\n        1, rue X\n        Ville  A1A 1A1\n"
        "      unsubscribe_link: '  '\n",
        "utf-8",
    )
    sender = settings_from_mkdocs_yml(config).sender
    assert sender == Sender("L'organisme", "1, rue X\nVille  A1A 1A1", None)
    assert settings_from_mkdocs_yml(tmp_path / "absent.yml").sender.name.endswith("(OQRLS)")


BULLETIN_BODY = "Texte.\n\n::: recit a\n"


def test_an_email_past_gmail_clipping_is_a_located_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection = collect(
        tmp_path,
        {
            "stories/a.md": story_text(),
            "bulletins/n1.md": bulletin_text(BULLETIN_BODY, stories=["a"]),
        },
    )
    env = Environment(loader=FileSystemLoader(REPO / "theme"), autoescape=True)
    bodies = site.register(env, collection, "/")
    (bulletin,) = collection.bulletins
    bodies.fill(bulletin, markdown.markdown(bulletin_markdown(bulletin)))
    sender = Sender("Nous", "1, rue X", "https://exemple.org/desabonnement")
    editions = email_editions(env, collection, SITE_URL, bodies, sender)
    assert editions.warnings == []
    assert set(editions.files) == {urls.email("n1", "html"), urls.email("n1", "txt")}
    monkeypatch.setattr(newsletter, "GMAIL_CLIP_BYTES", 1000)
    (warning,) = email_editions(env, collection, SITE_URL, bodies, sender).warnings
    assert str(warning).startswith("bulletins/n1.md:1: courriel: édition courriel de ")
    assert "Gmail tronque les messages de plus de 1 Ko" in str(warning)


def test_missing_sender_details_fail_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    config = project.root / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.strip().startswith(("postal_address:", "unsubscribe_link:")):
            skipping = line.strip().endswith("|-")
            continue
        if skipping and line.startswith(" " * 8):
            continue
        skipping = False
        kept.append(line)
    config.write_text("\n".join(kept) + "\n", "utf-8")
    project.story("a")
    assert project.build().returncode == 0  # no bulletin: no email, nothing to require
    project.write("bulletins/n1.md", bulletin_text(stories=["a"]))
    result = project.build()
    assert result.returncode == 1
    line = plugin_line(config)
    assert f"mkdocs.yml:{line}: postal_address: option absente" in result.stderr
    assert f"mkdocs.yml:{line}: unsubscribe_link: option absente" in result.stderr
    assert "Traceback" not in result.stderr


# -- The repo's own bulletins ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(repo_site: Path) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def bulletins(built: Path) -> list[str]:
    """URL of every bulletin of the site, relative to its root."""
    found = sorted(
        path.parent.relative_to(built).as_posix() + "/"
        for path in built.glob(f"{urls.BULLETINS}/*/courriel.html")
    )
    assert found
    return found


def _editions(built: Path, bulletins: list[str]) -> dict[str, list[str]]:
    """Every address of both email editions of every bulletin, by file."""
    links = {}
    for bulletin in bulletins:
        html = built / bulletin / "courriel.html"
        text = built / bulletin / "courriel.txt"
        links[str(html.relative_to(built))] = page_links(html).links
        found = URL_IN_TEXT.findall(text.read_text("utf-8"))
        links[str(text.relative_to(built))] = [url.rstrip(".,;:!?»") for url in found]
    return links


def test_every_link_of_both_email_editions_leads_to_a_published_page(
    built: Path, bulletins: list[str]
) -> None:
    crawled, dead = 0, []
    for edition, links in _editions(built, bulletins).items():
        assert links, edition
        for link in links:
            if MERGE_TAG.fullmatch(link) or link.startswith("mailto:"):
                continue  # the unsubscribe link is filled in by the mailing tool
            parts = urlsplit(link)
            assert parts.scheme in ("http", "https"), (edition, link)
            assert not parts.path.endswith(".md"), (edition, link)
            if parts.netloc != urlsplit(SITE_URL).netloc:
                continue  # another site: not ours to crawl
            crawled += 1
            target = built / unquote(parts.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{edition} → {link}")
            elif parts.fragment and unquote(parts.fragment) not in page_links(target).ids:
                dead.append(f"{edition} → {link} (ancre)")
    assert dead == []
    assert crawled > 20 * len(bulletins)


def test_text_editions_are_plain_text(built: Path, bulletins: list[str]) -> None:
    for bulletin in bulletins:
        text = (built / bulletin / "courriel.txt").read_text("utf-8")
        for syntax in MARKDOWN_SYNTAX:
            assert syntax not in text, (bulletin, syntax)
        assert not re.search(r"</?[a-z]+[\s>]", text), bulletin
        assert "¶" not in text and "LE RELAIS — Numéro " in text
        assert re.search(f"Ce numéro en ligne\u00a0:\\s+{re.escape(SITE_URL + bulletin)}", text)


def test_text_editions_are_wrapped_at_72_columns_keeping_no_break_spaces(
    built: Path, bulletins: list[str]
) -> None:
    for bulletin in bulletins:
        text = (built / bulletin / "courriel.txt").read_text("utf-8")
        lines = text.splitlines()
        # Longer only when one address alone does not fit.
        long = [line for line in lines if len(line) > 72 and " " in line.strip()]
        assert long == [], long
        # French typography kept: no line starts with the punctuation its word holds.
        assert not [line for line in lines if re.match(r"\s*[:;!?»]", line)]
        assert "\u00a0:" in text and max(len(line) for line in lines) > 60


def test_wrapping_keeps_words_addresses_and_bullets() -> None:
    from generator.outputs.newsletter import wrap_text

    line = "  * " + " ".join(["mot"] * 30) + "\u00a0: https://exemple.org/" + "x" * 80
    wrapped = wrap_text(line).splitlines()
    assert all(row.startswith("    ") for row in wrapped[1:])
    assert wrapped[-1].strip() == "https://exemple.org/" + "x" * 80
    assert wrapped[-2].endswith("mot\u00a0:")
    assert wrap_text("court\n\nlong") == "court\n\nlong"


def test_html_emails_are_complete_french_and_under_gmail_clipping(
    built: Path, bulletins: list[str]
) -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    (options,) = [p["oqrls"] for p in config["plugins"] if isinstance(p, dict) and "oqrls" in p]
    for bulletin in bulletins:
        raw = (built / bulletin / "courriel.html").read_bytes()
        assert len(raw) < GMAIL_CLIP_BYTES, (bulletin, len(raw))
        html = raw.decode("utf-8")
        assert '<html lang="fr-CA"' in html
        assert "headerlink" not in html and "¶" not in html
        for english in ENGLISH:
            assert english not in html, (bulletin, english)
        body = html[html.index("<body") :]
        preheader = re.search(r"<div style=\"display:none;[^\"]*\">([^<]*)</div>", body)
        masthead = body.index(">Le Relais<")
        assert preheader is not None and body.index(preheader[0]) < masthead
        assert body.index(options["sender_name"]) < masthead
        page = (built / bulletin / "index.html").read_text("utf-8")
        description = re.search(r'class="oqrls-bulletin__description">([^<]*)<', page)
        assert description is not None
        assert html_module.unescape(preheader[1]) == html_module.unescape(description[1])
        # French typography: no-break spaces and typographic apostrophes in the text.
        plain = html.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
        for line in options["postal_address"].splitlines():
            assert line in plain, line
        unsubscribe = re.escape(options["unsubscribe_link"])
        assert re.search(f'href="{unsubscribe}"[^>]*>Se désabonner</a>', html)


def test_no_file_of_the_site_is_a_template(built: Path) -> None:
    """No template is published, and nothing the generator wrote holds template syntax."""
    theme = REPO / "theme"
    ours = {path.relative_to(theme).as_posix() for path in theme.rglob("*") if path.is_file()}
    assert not (built / newsletter.TEMPLATES).exists()
    checked, found = 0, []
    for path in sorted(built.rglob("*")):
        relative = path.relative_to(built).as_posix()
        if not path.is_file() or relative.startswith(f"{urls.SEARCH_BUNDLE}/"):
            continue  # Pagefind's bundle: its result templates are strings of its own code
        if path.suffix == ".js" and relative not in ours:
            continue  # Material's minified libraries (lunr's word segmenter writes « {# »)
        if relative == urls.admin_file("config.yml"):
            continue  # Decap CMS's own placeholders (`{{slug}}`), which the editor fills
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue  # images, compressed sitemap
        checked += 1
        if TEMPLATE_SYNTAX.search(text):
            found.append(relative)
    assert found == []
    assert checked > 100


def test_bulletin_pages_give_absolute_addresses_for_print(
    built: Path, bulletins: list[str]
) -> None:
    for bulletin in bulletins:
        html = (built / bulletin / "index.html").read_text("utf-8")
        addresses = re.findall(r'data-adresse="([^"]*)"', html)
        assert len(addresses) > 10
        assert all(address.startswith(SITE_URL) for address in addresses), bulletin
        section = html.split('id="recits-du-numero"')
        placed = re.findall(r'id="carte-([a-z0-9-]+)"', section[0])
        listed = re.findall(r'id="carte-([a-z0-9-]+)"', section[1]) if len(section) > 1 else []
        assert placed and not set(placed) & set(listed), bulletin


# -- In Chromium ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built: Path, chromium: None) -> Iterator[str]:
    with serve(built) as base:
        yield base


def test_html_email_is_fluid_below_600_px_and_passes_axe(
    browser: Any, served: str, bulletins: list[str]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for bulletin in bulletins:
        for width in (600, 390, 320):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(served + bulletin + "courriel.html")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
            if width == 390:
                results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
                assert results.violations_count == 0, results.generate_report()
            page.close()


PRINTED_ADDRESSES = """() => [...document.querySelectorAll('.md-content a')]
  .filter(a => a.getClientRects().length)
  .map(a => [a.className, getComputedStyle(a, '::after').content])
  .filter(([, content]) => content !== 'none' && content !== 'normal')"""


def test_printout_names_its_source_and_prints_absolute_addresses_only(
    browser: Any, served: str, bulletins: list[str]
) -> None:
    for bulletin in bulletins:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(served + bulletin)
        address = page.locator(".oqrls-bulletin__adresse")
        assert not address.is_visible()  # on screen, the address bar says it
        page.emulate_media(media="print")
        assert address.is_visible() and f"{SITE_URL}{bulletin}" in address.inner_text()
        masthead = page.locator(".oqrls-bulletin__entete").inner_text()
        assert "(OQRLS)" in masthead and "Le Relais" in masthead
        assert re.search(r"Numéro \d+ · \d{1,2} \w+ \d{4}", masthead)
        printed = page.evaluate(PRINTED_ADDRESSES)
        assert len(printed) > 5
        # Each story is named once by the blocks; only a sentence of the editor's may link
        # to a story a card also shows.
        addresses = Counter(content for _, content in printed)
        assert max(addresses.values()) <= 2, addresses
        for class_name, content in printed:
            assert "oqrls-puce" not in class_name
            assert re.match(r'" <https?://', content), content
        assert not page.locator(".oqrls-bulletin__suite").is_visible()
        page.close()


def test_bulletin_pages_pass_axe_with_wcag_22(
    browser: Any, served: str, bulletins: list[str]
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for bulletin in bulletins:
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(served + bulletin)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            assert results.violations_count == 0, results.generate_report()
            page.close()


def test_the_sign_up_form_is_offered_everywhere_when_set_and_nowhere_when_not(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "p")
    project.story("a")
    project.write("bulletins/n1.md", bulletin_text(BULLETIN_BODY, stories=["a"]))
    result = project.build()
    assert result.returncode == 0, result.stderr  # --strict: an information, not a warning
    assert "INFO" in result.stderr and "option subscribe_url absente" in result.stderr
    pages = ("index.html", "bulletins/index.html", "bulletins/n1/index.html", "a-propos/index.html")
    emails = ("bulletins/n1/courriel.html", "bulletins/n1/courriel.txt")
    for page in (*pages, *emails):
        assert "Recevoir Le Relais par courriel" not in project.html(page), page
    form = "https://envoi.exemple.org/f/relais?liste=1&amp;x=2"
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      stories_dir: stories\n",
            "      stories_dir: stories\n"
            "      subscribe_url: https://envoi.exemple.org/f/relais?liste=1&x=2\n",
        ),
        "utf-8",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "subscribe_url" not in result.stderr
    link = f'<a href="{form}">Recevoir Le Relais par courriel</a>'
    for page in pages:
        html = project.html(page)
        assert html.count(link) == 2, page  # the page's own, and the footer's
    assert re.search(f'href="{re.escape(form)}"[^>]*>Recevoir Le Relais par courriel</a>',
                     project.html(emails[0]))  # fmt: skip
    assert re.search(
        "Recevoir Le Relais par courriel\u00a0:\\s+https://envoi.exemple.org/f/relais\\?liste=1&x=2",
        project.html(emails[1]),
    )


def test_a_sign_up_address_must_be_a_web_address(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      stories_dir: stories\n",
            "      stories_dir: stories\n      subscribe_url: javascript:alert(1)\n",
        ),
        "utf-8",
    )
    result = project.build()
    assert result.returncode == 1
    assert "subscribe_url: adresse Web attendue (https://…) : « javascript:alert(1) »" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr

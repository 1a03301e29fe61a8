"""The pages the generator adds to the site, and what their templates receive.

This module decides which pages exist, at which permalink, with which template in `theme/`
and which data. It does not write HTML (the templates do) and does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.bulletin import PLACEHOLDER, Bulletin, bulletin_src_uri
from generator.dates import long_date, month_year
from generator.facets import FACETS, FACETS_BY_KEY
from generator.index import YEAR_PATH
from generator.pipeline import Collection
from generator.story import story_src_uri

CARD_TEMPLATE = "partials/carte-recit.html"
LIST_TEMPLATE = "partials/bloc-liste.html"
HOME_LATEST = 5
"""How many of the newest stories the home page shows as cards."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: MkDocs renders it with `template`."""

    src_uri: str
    """Virtual source path, e.g. `recits/projet-echo.md` (published at `recits/projet-echo/`)."""

    title: str
    """Plain-text title (escaped when handed to the theme)."""

    template: str
    """Template in `theme/` that lays out the page."""

    markdown: str = ""
    """Markdown MkDocs turns into `page.content`."""

    context: dict[str, Any] = field(default_factory=dict)
    """Extra variables for the template."""

    in_nav: bool = False
    """Whether mkdocs.yml may list it in `nav`; story pages never are (the nav would grow as N²)."""


def pages(collection: Collection) -> Iterator[GeneratedPage]:
    """Every page the generator adds, for the published stories of `collection`."""
    yield GeneratedPage("index.md", "Accueil", "accueil.html", in_nav=True)
    yield GeneratedPage("coups-doeil/index.md", "Coups d'œil", "coups-doeil.html", in_nav=True)
    yield GeneratedPage("catalogue/index.md", "Catalogue des récits", "catalogue.html", in_nav=True)
    for story in collection.stories:
        # The leading newline keeps MkDocs from reading a body that starts with `---` or
        # `Key: value` as front matter of its own.
        yield GeneratedPage(
            story_src_uri(story.slug),
            story.title,
            "recit.html",
            markdown="\n" + story.body,
            context={"story": story, "related": collection.related.get(story.slug, [])},
        )
    for index in collection.indexes.facets.values():
        yield GeneratedPage(
            f"{index.path}/index.md",
            index.label,
            "facette.html",
            context={"facet": index},
            in_nav=True,
        )
        for term in index.terms:
            if term.stories:
                yield GeneratedPage(
                    f"{index.path}/{term.id}.md",
                    term.label,
                    "terme.html",
                    context={"facet": index, "term": term},
                )
    yield GeneratedPage("bulletins/index.md", "Le Relais", "bulletins.html", in_nav=True)
    ordered = list(reversed(collection.bulletins))  # oldest first, for previous / next
    for position, bulletin in enumerate(ordered):
        yield GeneratedPage(
            bulletin_src_uri(bulletin.slug),
            bulletin.title,
            "bulletin.html",
            markdown="\n" + bulletin.markdown(),
            context={
                "bulletin": bulletin,
                "previous": ordered[position - 1] if position > 0 else None,
                "next": ordered[position + 1] if position + 1 < len(ordered) else None,
            },
        )
    if collection.indexes.crosstabs:
        yield GeneratedPage("croisements/index.md", "Croisements", "croisements.html", in_nav=True)
    for table in collection.indexes.crosstabs:
        yield GeneratedPage(
            f"croisements/{table.slug}.md",
            table.title,
            "croisement.html",
            context={"table": table},
            in_nav=True,
        )


def facet_path(key: str) -> str:
    """URL folder of a facet's pages, from its front-matter key (or `year`)."""
    return YEAR_PATH if key == "year" else FACETS_BY_KEY[key].path


def register(env: Environment, collection: Collection, base_url: str) -> None:
    """Give the templates the collection, its indexes, the French filters and the cards.

    Each story's card is rendered here, once per build, and reused by every listing page. A
    card is shown on pages at different depths, so its links start from the site root
    (`base_url`, the path of `site_url`) rather than from the page.
    """
    env.filters["date_longue"] = long_date
    env.filters["mois_annee"] = month_year
    env.globals["oqrls"] = collection
    env.globals["oqrls_indexes"] = collection.indexes
    env.globals["oqrls_base"] = base_url
    env.globals["oqrls_facet_path"] = facet_path
    env.globals["oqrls_facets"] = [
        (facet, collection.vocabularies[facet.key])
        for facet in FACETS
        if facet.key in collection.vocabularies
    ]
    card = env.get_template(CARD_TEMPLATE)
    env.globals["oqrls_cards"] = {
        story.slug: Markup(card.render(story=story, base=base_url)) for story in collection.stories
    }


def render_blocks(env: Environment, bulletin: Bulletin, base_url: str) -> list[Markup]:
    """The HTML of each block a bulletin's editor placed: a card (the story's one card,
    reused), or a list of stories rendered once here."""
    cards: dict[str, Markup] = env.globals["oqrls_cards"]  # type: ignore[assignment]
    listing = env.get_template(LIST_TEMPLATE)
    return [
        cards[block.stories[0].slug]
        if block.kind == "carte"
        else Markup(listing.render(stories=block.stories, base=base_url))
        for block in bulletin.blocks
    ]


def fill_blocks(html: str, blocks: list[Markup]) -> str:
    """Put each block's HTML where Markdown left its placeholder."""
    return PLACEHOLDER.sub(lambda match: str(blocks[int(match[1])]), html)

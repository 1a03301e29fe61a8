"""The pages the generator adds to the site, and what their templates receive.

This module decides which pages exist, at which permalink, with which template in `theme/`
and which data. It does not write HTML (the templates do) and does not import MkDocs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.cache import NO_CACHE, Cache
from generator.collection import Collection
from generator.model import links, urls
from generator.model.dates import long_date
from generator.model.facets import CROSSTABS, FACETS, PLACE, YEAR
from generator.model.story import Story
from generator.outputs.blocks import BulletinBodies, bulletin_markdown
from generator.outputs.catalogue import CatalogueFilters, filter_groups, term_positions
from generator.outputs.dashboard import build_dashboard, legend, shade
from generator.outputs.pagehtml import CONTENT_SECURITY_POLICY, CSP_SCRIPTS, WHITESPACE
from generator.outputs.sharing import article, json_for_script
from generator.outputs.summary import excerpt
from generator.outputs.typography import french_spacing, french_spacing_html
from generator.settings import Sender

CARD_TEMPLATE = "partials/carte-recit.html"
SHORT_CARD_TEMPLATE = "partials/carte-courte.html"
CARDS_PER_PAGE = 20
"""Coups d'œil per page: a page of cards stays short on a phone (about ten screens) and
light whatever the number of stories."""
LIST_TEMPLATE = "partials/bloc-liste.html"
HOME_LATEST = 3
"""How many of the newest stories the home page shows as cards."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: MkDocs renders it with `template`."""

    permalink: urls.Permalink
    """Its virtual source and URL (see `generator.model.urls`)."""

    title: str
    """Plain-text title (escaped when handed to the theme)."""

    template: str
    """Template in `theme/` that lays out the page."""

    markdown: str = ""
    """Markdown MkDocs turns into `page.content`."""

    context: dict[str, Any] = field(default_factory=dict)
    """Extra variables for the template."""

    description: str = ""
    """Plain text for the page's description (search engines, sharing): the story's coup
    d'œil, the bulletin's description; the site's description when empty."""

    hide: tuple[str, ...] = ()
    """Material's sidebars the page does without on a wide screen (`navigation`, `toc`)."""
    for_print: bool = False
    """Meant to be printed or saved as PDF (a bulletin, a story): each link of its content carries
    its absolute address for the print stylesheet (see `print_addresses`)."""

    article: str = ""
    """Template in `theme/` of the part of the page readers search (its element marked
    `data-pagefind-body`); empty for a page left out of the search. When the build has a
    search index, the article is rendered once, before the pages (`render_article`), handed
    to Pagefind and given to `template` as `article_html`; otherwise `template` includes
    it."""

    @property
    def src_uri(self) -> str:
        return self.permalink.src_uri


def pages(collection: Collection, cache: Cache = NO_CACHE) -> Iterator[GeneratedPage]:
    """Every page the generator adds, for the published stories of `collection`."""
    yield GeneratedPage(
        urls.home(),
        "Accueil",
        "accueil.html",
        context={"latest_stories": collection.stories[:HOME_LATEST]},
        hide=("navigation", "toc"),
    )
    yield GeneratedPage(urls.about(), "À propos", "a-propos.html", hide=("navigation", "toc"))
    yield GeneratedPage(
        urls.accessibility(),
        "Déclaration d'accessibilité",
        "accessibilite.html",
        hide=("navigation", "toc"),
    )
    yield from _coups_doeil(collection)
    yield GeneratedPage(
        urls.catalogue(),
        "Catalogue des récits",
        "catalogue.html",
        context={"filters": _catalogue_filters(collection, cache)},
    )
    yield GeneratedPage(urls.search(), "Recherche", "recherche.html")
    yield GeneratedPage(urls.facet_list(), "Index thématiques", "facettes.html")
    dashboard = build_dashboard(collection.indexes, len(collection.stories))
    if dashboard is not None:
        yield GeneratedPage(
            urls.dashboard(),
            "Tableau de bord",
            "tableau-de-bord.html",
            context={"dashboard": dashboard},
        )
    for story in collection.stories:
        # The leading newline keeps MkDocs from reading a body that starts with `---` or
        # `Key: value` as front matter of its own.
        yield GeneratedPage(
            story.permalink,
            story.title,
            "recit.html",
            markdown="\n" + links.rewrite(story.body, story.links, story.permalink),
            article="partials/recit-article.html",
            for_print=True,
            context={"story": story, "related": collection.related.get(story.slug, [])},
            description=story.summary,
            hide=("navigation",),
        )
    for index in collection.indexes.facets.values():
        yield GeneratedPage(
            index.permalink,
            index.label,
            "facette.html",
            context={"facet": index},
        )
        for term in index.terms:
            if term.stories:
                yield GeneratedPage(
                    term.permalink,
                    term.label,
                    "terme.html",
                    context={"facet": index, "term": term},
                )
    yield GeneratedPage(urls.bulletins(), "Le Relais", "bulletins.html")
    ordered = list(reversed(collection.bulletins))  # oldest first, for previous / next
    for position, bulletin in enumerate(ordered):
        yield GeneratedPage(
            bulletin.permalink,
            bulletin.title,
            "bulletin.html",
            markdown="\n" + bulletin_markdown(bulletin),
            article="partials/bulletin-article.html",
            for_print=True,
            context={
                "bulletin": bulletin,
                "previous": ordered[position - 1] if position > 0 else None,
                "next": ordered[position + 1] if position + 1 < len(ordered) else None,
            },
            description=bulletin.meta.description,
            hide=("navigation",),
        )
    if collection.indexes.crosstabs:
        yield GeneratedPage(urls.crosstabs(), "Croisements", "croisements.html")
    for table in collection.indexes.crosstabs:
        yield GeneratedPage(
            table.permalink,
            table.title,
            "croisement.html",
            context={"table": table},
        )


def render_article(env: Environment, template: str, context: Mapping[str, Any]) -> Markup:
    """A page's article (see `GeneratedPage.article`), from the context its page gets."""
    return Markup(env.get_template(template).render(context))


def page_sources(collection: Collection) -> set[str]:
    """The virtual source of every page of the site, for link checks; the crosstabs'
    pages are there even when `oqrls check` did not compute them."""
    sources = {page.src_uri for page in pages(collection)}
    if not collection.indexes.crosstabs:
        sources.add(urls.crosstabs().src_uri)
        sources.update(urls.crosstab(urls.crosstab_slug(*pair)).src_uri for pair in CROSSTABS)
    return sources


@dataclass(frozen=True)
class Pager:
    """One page of a paginated listing."""

    number: int
    count: int
    stories: list[Story]
    previous: str | None
    """URL of the previous page, relative to the site root."""
    next: str | None


def _coups_doeil(collection: Collection) -> Iterator[GeneratedPage]:
    stories = collection.stories
    count = max(1, -(-len(stories) // CARDS_PER_PAGE))

    for number in range(1, count + 1):
        pager = Pager(
            number,
            count,
            stories[(number - 1) * CARDS_PER_PAGE : number * CARDS_PER_PAGE],
            urls.coups_doeil(number - 1).url if number > 1 else None,
            urls.coups_doeil(number + 1).url if number < count else None,
        )
        title = "Coups d'œil" if number == 1 else f"Coups d'œil, page {number}"
        yield GeneratedPage(
            urls.coups_doeil(number), title, "coups-doeil.html", context={"pager": pager}
        )


def _catalogue_filters(collection: Collection, cache: Cache) -> CatalogueFilters:
    """The catalogue's filters; with the preview's cache, the stories' term positions (a
    thousand stories' worth) are kept while no story's terms or order change."""
    groups = filter_groups(collection.indexes)
    stories = collection.stories
    key = ("catalogue positions", collection.terms_digest, collection.vocabularies_digest)
    return CatalogueFilters(groups, cache.get(key, lambda: term_positions(stories, groups)))


def register(
    env: Environment,
    collection: Collection,
    base_url: str,
    cache: Cache = NO_CACHE,
    sender: Sender | None = None,
) -> BulletinBodies:
    """Give the templates the collection, its indexes, the French filters and the cards.

    Each story's card is rendered here, once per build, and reused by every listing page. A
    card is shown on pages at different depths, so its links start from the site root
    (`base_url`, the path of `site_url`) rather than from the page. Returns what fills the
    bulletins' blocks in this build.
    """
    env.filters["date_longue"] = long_date
    env.filters["typographie"] = lambda html: Markup(french_spacing_html(str(html)))
    env.filters["typographie_texte"] = french_spacing

    absolute_urls: dict[str, dict[str, str]] = {}  # by site_url: the stories share terms

    def json_ld_article(story: Story, page_url: str, site_url: str | None) -> Markup:
        data = article(
            story, page_url, site_url or "", collection.publisher, collection.vocabularies,
            absolute_urls.setdefault(site_url or "", {}),
        )  # fmt: skip
        return Markup(json_for_script(data))

    env.filters["json_ld_recit"] = json_ld_article
    env.filters["extrait"] = excerpt
    env.filters["sans_terme"] = without_term
    env.filters["nuance"] = shade
    env.globals["oqrls_legende"] = legend
    env.globals.update(content_globals(collection))
    env.globals["oqrls_urls"] = urls
    env.globals["oqrls_place"] = PLACE  # the facet that says where (see generator.model.facets)
    env.globals["oqrls_sender"] = sender or Sender()
    env.globals["oqrls_csp"] = CONTENT_SECURITY_POLICY.format(scripts=CSP_SCRIPTS)
    env.globals["oqrls_facets"] = [
        (facet, collection.vocabularies[facet.key])
        for facet in FACETS
        if facet.key in collection.vocabularies
    ]
    rendered_once: dict[tuple[str, str], Markup] = {}

    @pass_context
    def once(context: Context, key: str, render: Callable[[], str]) -> Markup:
        """`render()` the first time `key` is asked for in this build by a page of the same
        folder, then the same HTML (whitespace collapsed: Material's indentation was half of
        it). The folder counts: a link to `bulletins/` reads `../` from a bulletin and
        `../../bulletins/` from a story, and a page must not depend on which came first (the
        preview renders only some of them)."""
        page = context.get("page")
        url = str(getattr(page, "url", "") or "")
        folder = url.split("/", 1)[0] if "/" in url else ""
        if (key, folder) not in rendered_once:
            rendered_once[key, folder] = Markup(WHITESPACE.sub(" ", render()))
        return rendered_once[key, folder]

    env.globals["oqrls_once"] = once
    known = collection.vocabularies_digest
    cards = render_cards(env, CARD_TEMPLATE, collection.stories, base_url, cache, known)
    env.globals["oqrls_cards"] = cards
    env.globals["oqrls_short_cards"] = render_cards(
        env, SHORT_CARD_TEMPLATE, collection.stories, base_url, cache, known
    )
    listing = env.get_template(LIST_TEMPLATE)
    return BulletinBodies(
        cards,
        lambda block: Markup(
            listing.render(stories=block.stories, elsewhere=block.elsewhere, base=base_url)
        ),
    )


def content_globals(collection: Collection) -> dict[str, object]:
    """The globals of `register` that hold content: a page depends on what its templates
    read of them (see `generator.adapter.incremental`). The others are code (`oqrls_urls`), the
    vocabularies and the chrome, which every page depends on, and the cards, which follow
    the stories a page lists (each card is keyed by its story)."""
    return {"oqrls": collection, "oqrls_indexes": collection.indexes}


def without_term(card: Markup, facet_key: str, label: str) -> Markup:
    """A short card (partials/carte-courte.html) on the page of one of its terms, without
    that term: « 2013 » rather than « Estrie · 2013 » on the Estrie page, « Estrie » on the
    2013 page. A story of several regions keeps them all. The cards are rendered once per
    build; this only takes a few characters out of one."""
    if facet_key == PLACE:
        shown = french_spacing_html(str(escape(label)))
        return Markup(str(card).replace(f"<p>{shown} · ", "<p>", 1))
    if facet_key == YEAR:
        return Markup(str(card).replace(f" · {label}</p>", "</p>", 1))
    return card


def render_cards(
    env: Environment,
    name: str,
    stories: list[Story],
    base_url: str,
    cache: Cache = NO_CACHE,
    vocabularies_digest: str = "",
) -> dict[str, Markup]:
    """Each story's card, rendered once per build; with a `cache`, an unchanged card is
    taken from the previous build. Its key holds all the card prints: the template's
    source, the site's path, the story's file (front matter and body), slug, summary and
    terms (the vocabularies' digest, or each term's label and link)."""
    template = env.get_template(name)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    template_key = ("card", name, hashlib.sha256(source.encode()).hexdigest(), base_url)
    cards = {}
    for story in stories:

        def render(story: Story = story) -> Markup:
            return Markup(template.render(story=story, base=base_url))

        # The terms' labels come from the vocabularies: their digest, when the pipeline
        # made one, stands for them (quicker than listing a thousand stories' terms).
        terms = vocabularies_digest or tuple(
            (key, term.id, term.label, urls.term(key, term.id).url)
            for key, terms in story.terms.items()
            for term in terms
        )
        key = (*template_key, story.slug, story.url, story.digest, story.summary, terms)
        cards[story.slug] = cache.get(key, render)
    return cards

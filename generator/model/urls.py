"""Permalinks: where every published thing lives, and the virtual source that makes it.

The one home of the site's addresses. Python and templates ask these functions (templates
through the `oqrls_urls` global, or an object's `url` property built here); nothing else
spells a folder. URLs are relative to the site root and end with `/` (MkDocs'
`use_directory_urls`); a page's `src_uri` is the virtual Markdown file MkDocs renders at
that URL, and the path Markdown links between pages are written with.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from generator.model.facets import FACETS, FACETS_BY_KEY, YEAR

STORIES = "recits"
BULLETINS = "bulletins"
YEARS = "annees"
CROSSTABS = "croisements"
CATALOGUE = "catalogue"
COUPS_DOEIL = "coups-doeil"
SEARCH = "recherche"
FACET_LIST = "facettes"
DASHBOARD = "tableau-de-bord"
ABOUT = "a-propos"
ACCESSIBILITY = "accessibilite"
FEEDS = "flux"
STORIES_FEED = "recits"
"""Name of the feed of the latest stories (`flux/recits.xml`, `flux/recits.json`)."""
BULLETINS_FEED = "bulletins"
"""Name of the feed of Le Relais' numbers."""
SCHEMA = "schema/story.schema.json"
STORIES_DATA = "stories.json"
VOCABULARIES_DATA = "vocabularies.json"
SEARCH_BUNDLE = "pagefind"
"""Folder of Pagefind's search bundle in the site."""
PROBLEMS = "problemes"
ADMIN = "admin"
"""Folder of the brokers' editor (Decap CMS): its page, its configuration and its bundle."""


@dataclass(frozen=True)
class Permalink:
    """A page of the site: its virtual source file, and the URL MkDocs gives it."""

    src_uri: str
    """`recits/projet-echo.md`, `regions/index.md`, `index.md`."""

    @property
    def url(self) -> str:
        """`recits/projet-echo/`, `regions/`, `` (the home page): MkDocs' directory URLs."""
        stem = self.src_uri.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"

    def link_from(self, other: Permalink) -> str:
        """A Markdown link from page `other` to this one, as MkDocs resolves and checks it."""
        return posixpath.relpath(self.src_uri, posixpath.dirname(other.src_uri) or ".")


def _section(folder: str) -> Permalink:
    return Permalink(f"{folder}/index.md")


def home() -> Permalink:
    return Permalink("index.md")


def story(slug: str) -> Permalink:
    return Permalink(f"{STORIES}/{slug}.md")


def bulletin(slug: str) -> Permalink:
    return Permalink(f"{BULLETINS}/{slug}.md")


def story_attachment(relative: str) -> str:
    """Where a file attached to the stories is published: `stories/images/a.png` at
    `recits/images/a.png`, so that a story at the top of `stories/` links it as written."""
    return f"{STORIES}/{relative}"


def bulletin_attachment(relative: str) -> str:
    """Where a file attached to the bulletins is published: `bulletins/<path>`."""
    return f"{BULLETINS}/{relative}"


def bulletins() -> Permalink:
    """The archive of Le Relais."""
    return _section(BULLETINS)


def facet_folder(key: str) -> str:
    """URL folder of a facet's pages (`regions`), from its key; years have their own."""
    return YEARS if key == YEAR else FACETS_BY_KEY[key].path


def facet(key: str) -> Permalink:
    """The overview of one facet: every term with its number of stories."""
    return _section(facet_folder(key))


def term(key: str, term_id: str) -> Permalink:
    """The page of one term (or one year): its stories."""
    return Permalink(f"{facet_folder(key)}/{term_id}.md")


def problems() -> Permalink:
    """The preview's list of every file with a problem (never published)."""
    return _section(PROBLEMS)


def problems_banner() -> str:
    """The preview's banner, as of the last build, that every page of the preview shows."""
    return f"{PROBLEMS}/bandeau.html"


def facet_list() -> Permalink:
    """The list of every facet (« Index thématiques »)."""
    return _section(FACET_LIST)


def crosstabs() -> Permalink:
    return _section(CROSSTABS)


def crosstab_slug(rows: str, columns: str) -> str:
    """`facteurs-de-succes-retombees`: a cross-tabulation's URL part, from its two facets."""
    return f"{facet_folder(rows)}-{facet_folder(columns)}"


def crosstab(slug: str) -> Permalink:
    return Permalink(f"{CROSSTABS}/{slug}.md")


def coups_doeil(number: int = 1) -> Permalink:
    """Page `number` of the coups d'œil."""
    return _section(COUPS_DOEIL) if number == 1 else Permalink(f"{COUPS_DOEIL}/page/{number}.md")


def catalogue() -> Permalink:
    return _section(CATALOGUE)


def catalogue_query(filters: Mapping[str, Iterable[str]]) -> str:
    """URL of the catalogue filtered on `filters` (facet key → term ids), as catalogue.js
    reads and writes it: `catalogue/?region=estrie&outcomes=urgence,prevention`."""
    query = {key: ",".join(ids) for key, ids in filters.items() if ids}
    return catalogue().url + ("?" + urlencode(query, safe=",") if query else "")


def search() -> Permalink:
    return _section(SEARCH)


def dashboard() -> Permalink:
    return _section(DASHBOARD)


def about() -> Permalink:
    """« À propos »: who publishes, how the stories are made, feeds, open data, contact."""
    return _section(ABOUT)


def accessibility() -> Permalink:
    """The accessibility statement (« Déclaration d'accessibilité », SGQRI 008 3.0)."""
    return _section(ACCESSIBILITY)


def feed(name: str, extension: str) -> str:
    """`flux/recits.xml`: a feed file (`xml` for Atom, `json` for JSON Feed)."""
    return f"{FEEDS}/{name}.{extension}"


def email(slug: str, extension: str) -> str:
    """A bulletin's email edition: `bulletins/<slug>/courriel.html` or `.txt`."""
    return f"{bulletin(slug).url}courriel.{extension}"


def admin() -> str:
    """The editor's page: `admin/` (served as `admin/index.html`)."""
    return f"{ADMIN}/"


def admin_file(name: str) -> str:
    """A file of the editor: `admin/config.yml`, `admin/index.html`, `admin/decap/…`."""
    return f"{ADMIN}/{name}"


def navigation() -> list[tuple[str, Permalink]]:
    """The site's navigation: its entries only (every page carries it, so it must not grow
    with the stories), as (title, page). MkDocs gets it when mkdocs.yml has no `nav`."""
    facets = [
        (entry.plural[:1].upper() + entry.plural[1:], facet(entry.key))
        for entry in FACETS
        if entry.in_nav
    ]
    return [
        ("Accueil", home()),
        ("Catalogue", catalogue()),
        ("Coups d'œil", coups_doeil()),
        ("Le Relais", bulletins()),
        *facets,
        ("Index thématiques", facet_list()),
        ("Croisements", crosstabs()),
        ("Tableau de bord", dashboard()),
    ]

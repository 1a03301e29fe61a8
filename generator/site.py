"""The pages the generator adds to the site, and what their templates receive.

This module decides which pages exist, at which permalink, with which template in `theme/`
and which data. It does not render HTML (the templates do) and does not import MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from generator.dates import long_date, month_year
from generator.facets import FACETS
from generator.pipeline import Collection
from generator.story import story_src_uri


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
    for story in collection.stories:
        # The leading newline keeps MkDocs from reading a body that starts with `---` or
        # `Key: value` as front matter of its own.
        yield GeneratedPage(
            story_src_uri(story.slug),
            story.title,
            "recit.html",
            markdown="\n" + story.body,
            context={"story": story},
        )


def register(env: Environment, collection: Collection) -> None:
    """Give the templates the collection and the French filters they use."""
    env.filters["date_longue"] = long_date
    env.filters["mois_annee"] = month_year
    env.globals["oqrls"] = collection
    env.globals["oqrls_facets"] = [
        (facet, collection.vocabularies[facet.key])
        for facet in FACETS
        if facet.key in collection.vocabularies
    ]

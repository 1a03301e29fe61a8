"""What search engines and shared links read about a story: a schema.org `Article` in
JSON-LD. Built here with `json.dumps`, placed by the story's template in a <script> block.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin

from generator.model import urls
from generator.model.facets import FACETS, PLACE
from generator.model.publisher import Publisher
from generator.model.story import Story
from generator.model.vocabulary import Vocabulary
from generator.outputs.typography import french_spacing

_SCRIPT_SAFE = MappingProxyType(
    {
        ord("<"): "\\u003c",
        ord(">"): "\\u003e",
        ord("&"): "\\u0026",
        0x2028: "\\u2028",
        0x2029: "\\u2029",
    }
)
"""Characters that could end a <script> block or an HTML comment, or JavaScript strings
(U+2028, U+2029), written as JSON escapes: the data means the same, the HTML stays whole."""


def json_for_script(data: Any) -> str:
    """`data` as JSON that can sit inside `<script type="application/ld+json">` whatever
    the text it holds (a title with `</script>` in it stays text)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # replace(), character by character, only where needed: translate() is slow on
    # French text, on every story page.
    for code, escaped in _SCRIPT_SAFE.items():
        if chr(code) in text:
            text = text.replace(chr(code), escaped)
    return text


def article(
    story: Story,
    page_url: str,
    site_url: str,
    publisher: Publisher,
    vocabularies: Mapping[str, Vocabulary],
    absolute_urls: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The story as a schema.org `Article`: headline, dates, publisher, the regions it covers
    (`spatialCoverage`) and its themes (`about`), with links to their pages. `absolute_urls`
    keeps the absolute URLs made, for the next story (a build's thousand stories share their
    terms)."""
    made = {} if absolute_urls is None else absolute_urls

    def absolute(path: str) -> str:
        if path not in made:
            made[path] = urljoin(site_url, path)
        return made[path]

    organisation = {"@type": "Organization", "name": publisher.organisation}
    if site_url:
        organisation["url"] = site_url
    regions = [
        {
            "@type": "AdministrativeArea",
            "name": term.label,
            "url": absolute(urls.term(PLACE, term.id).url),
        }
        for term in story.terms.get(PLACE, ())
    ]
    themes = [
        {
            "@type": "DefinedTerm",
            "name": term.label,
            "url": absolute(urls.term(facet.key, term.id).url),
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "name": vocabularies[facet.key].label,
                "url": absolute(urls.facet(facet.key).url),
            },
        }
        for facet in FACETS
        if facet.key != PLACE and facet.key in vocabularies
        for term in story.terms.get(facet.key, ())
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": french_spacing(story.title),
        "url": page_url,
        "mainEntityOfPage": page_url,
        "datePublished": story.meta.date.isoformat(),
        "inLanguage": "fr-CA",
        "publisher": organisation,
        "author": organisation,
        "spatialCoverage": regions,
        "about": themes,
    }
    if story.summary:
        data["description"] = french_spacing(story.summary)
    if story.meta.tags:
        data["keywords"] = ", ".join(story.meta.tags)
    return data

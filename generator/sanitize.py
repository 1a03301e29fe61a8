"""Raw HTML in story and bulletin bodies: what brokers may write, and nothing that runs.

Markdown lets a broker write HTML; the body of a story is their text, not code. Every body
is passed through nh3 (the Ammonia sanitizer) once rendered: what Markdown and its
extensions produce (headings and their anchors, tables, images, links, footnotes,
admonitions, `<details>`) and the usual editorial HTML stay; scripts, styles, frames,
forms, `on…` attributes, and links other than http(s), mailto and tel are removed.
The site's pages and the bulletins' email editions are made from the sanitised bodies.
"""

from __future__ import annotations

from types import MappingProxyType

import nh3

TAGS: frozenset[str] = frozenset(nh3.ALLOWED_TAGS | {"section", "figure", "figcaption"})
"""Elements kept (Ammonia's default list: text, lists, tables, images, `<details>`…)."""

ATTRIBUTES = MappingProxyType(
    {
        "*": frozenset({"id", "class", "title", "lang", "dir"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "td": frozenset({"colspan", "rowspan", "align", "style"}),
        "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
        "ol": frozenset({"start", "type", "reversed"}),
        "li": frozenset({"value"}),
        "details": frozenset({"open"}),
        "time": frozenset({"datetime"}),
        "div": frozenset({"data-oqrls-bloc"}),  # the bulletins' blocks (generator.blocks)
    }
)
"""Attributes kept, by element (`*`: on every element)."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or an image may use; relative addresses are always kept."""

STYLE_PROPERTIES: frozenset[str] = frozenset({"text-align"})
"""The one CSS property kept in `style` (Markdown tables align their columns with it)."""


def sanitize_html(html: str) -> str:
    """`html` with only the elements, attributes and addresses above."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )

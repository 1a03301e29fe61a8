"""Raw HTML in story and bulletin bodies: what brokers may write, and nothing that runs.

Markdown lets a broker write HTML; the body of a story is their text, not code. Every body
is passed through nh3 (the Ammonia sanitizer) once rendered: what Markdown and its
extensions produce (headings and their anchors, tables, images, links, footnotes,
admonitions, `<details>`) and the usual editorial HTML stay; scripts, styles, frames,
forms, `on…` attributes, and links other than http(s), mailto and tel are removed.
The site's pages and the bulletins' email editions are made from the sanitised bodies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import nh3
from markdown.extensions.toc import slugify as markdown_slugify

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
        "div": frozenset({"data-oqrls-bloc"}),  # the bulletins' blocks (generator.outputs.blocks)
    }
)
"""Attributes kept, by element (`*`: on every element)."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or an image may use; relative addresses are always kept."""

STYLE_PROPERTIES: frozenset[str] = frozenset({"text-align"})
"""The one CSS property kept in `style` (Markdown tables align their columns with it)."""


TEMPLATE_IDS: frozenset[str] = frozenset(
    {"titre-recit", "recits-lies", "titre-bulletin", "recits-du-numero"}
)
"""Ids the templates of story and bulletin pages give their own elements (theme/)."""

TEMPLATE_ID_PREFIXES: tuple[str, ...] = ("carte-", "oqrls-", "__")
"""Prefixes of the other ids of those pages: story cards, the generator's widgets, and
Material's (`__drawer`, `__toc`…)."""

BODY_ID_PREFIX = "texte-"
"""Put before an id of a body that a template already uses (« ## Récits liés »)."""


def is_template_id(value: str) -> bool:
    return value in TEMPLATE_IDS or value.startswith(TEMPLATE_ID_PREFIXES)


def body_id(value: str) -> str:
    """`value` as an id of a body: never one of the page's own ids."""
    return BODY_ID_PREFIX + value if is_template_id(value) else value


Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class BodySlugify:
    """The table of contents' `slugify` (Python-Markdown's by default), giving a heading that
    repeats a template's id another one (the page's links and its table of contents follow).

    A value, not a closure: each build's configuration makes one, and two made from the same
    `slugify` are equal, with the same `repr` — the preview's caches, keyed by the Markdown
    configuration, stay valid from one build to the next."""

    slugify: Slugify = markdown_slugify
    """The slugify it wraps (mkdocs.yml's `toc.slugify`, if any)."""

    def __call__(self, value: str, separator: str) -> str:
        return body_id(self.slugify(value, separator))


def body_slugify(slugify: Slugify | None = None) -> BodySlugify:
    """`BodySlugify` around `slugify`, or around Python-Markdown's own."""
    if isinstance(slugify, BodySlugify):
        return slugify  # already wrapped (the same configuration read twice)
    return BodySlugify(slugify or markdown_slugify)


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return body_id(value)
    if attribute == "href" and value.startswith("#"):
        return "#" + body_id(value[1:])
    return value


def sanitize_html(html: str) -> str:
    """`html` with only the elements, attributes and addresses above, and no id a template
    of the page already uses."""
    clean = nh3.clean(
        html,
        attribute_filter=_attribute,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )
    # The serializer writes U+00A0 as `&nbsp;`: keep French typography's spaces as they were.
    return clean.replace("&nbsp;", "\u00a0")

"""French typography as the OQLF recommends it for Quebec: a non-breaking space before the
colon and inside « guillemets », so that no line ever starts with that punctuation.

Two entry points: a Markdown extension (`generator.typography`) for story and bulletin bodies,
working on text nodes only, never inside code, URLs or attributes; and `french_spacing_html`,
the same rule over rendered HTML, which the templates apply to the text they generate.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NBSP = "\u00a0"
_BEFORE_COLON = re.compile(r"(?<=\S)[ \t\u202f]*:(?=\s|$)")
_OPENING = re.compile(r"«[ \t\u202f\u00a0]*")
_CLOSING = re.compile(r"[ \t\u202f\u00a0]*»")
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "math"})
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_TEXT_WITH_MARKS = re.compile(r"(?<![^>])[^<>]*[:«»][^<>]*(?=<|$)")
"""Text between two tags (or at either end) that holds a colon or a guillemet."""


def french_spacing(text: str) -> str:
    """« Titre : texte » with non-breaking spaces where French puts a space."""
    if ":" not in text and "«" not in text and "»" not in text:
        return text
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _OPENING.sub("«" + NBSP, text)
    return _CLOSING.sub(NBSP + "»", text)


def french_spacing_html(html: str) -> str:
    """`french_spacing` on the text between the tags of `html`: never in attributes (URLs),
    never inside code, preformatted text, scripts or styles."""
    lowered = html.lower()
    if not any(f"<{tag}" in lowered for tag in _VERBATIM):
        # Nothing verbatim (a story's card, its related stories): only the text between two
        # tags that holds a colon or a guillemet is looked at, each found by one search.
        return _TEXT_WITH_MARKS.sub(lambda match: french_spacing(match[0]), html)
    parts = _TAG.split(html)
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:
            match = _TAG_NAME.match(part)
            if match and match[2].lower() in _VERBATIM and not part.endswith("/>"):
                verbatim += -1 if match[1] else 1
                verbatim = max(verbatim, 0)
        elif not verbatim and part:
            parts[index] = french_spacing(part)
    return "".join(parts)


class _SpacingTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in element:
            if child.tag not in _VERBATIM:
                if child.text and not isinstance(child.text, AtomicString):
                    child.text = french_spacing(child.text)
                self._walk(child)
            if child.tail:
                child.tail = french_spacing(child.tail)


class FrenchTypographyExtension(Extension):
    """Non-breaking spaces of French typography in the text of a Markdown document."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (priority 20): text nodes are final, code is atomic.
        md.treeprocessors.register(_SpacingTreeprocessor(md), "french_spacing", 5)


def makeExtension(**kwargs: Any) -> FrenchTypographyExtension:
    return FrenchTypographyExtension(**kwargs)

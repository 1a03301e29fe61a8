"""French typography as the OQLF recommends it for Quebec.

- a no-break space before the colon and inside « guillemets », a narrow no-break space
  (U+202F) before ; ! ? where the text has a space, so that no line ever starts with that
  punctuation, also when the colon follows a link or bold text (`**Objectif** :`);
- the typographic apostrophe ’ for the straight one typed after a letter (`l'école`); double
  quotes, dashes and ellipses stay as typed (French uses « », typed as such). One rule for
  bodies and generated text alike; Python-Markdown's `smarty`, which did it for bodies
  before, ran a second pass of inline patterns over every text: a third of the time spent
  converting a story.

Two entry points: a Markdown extension (`generator.outputs.typography`) for story and
bulletin bodies, working on text nodes only, never inside code, URLs or attributes; and
`french_spacing_html`, the same rules over rendered HTML, which the templates apply to the
text they generate and to the front-matter values they show.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NBSP = "\u00a0"
NNBSP = "\u202f"
"""Narrow no-break space: before ; ! ? in French (OQLF)."""
APOSTROPHE = "\u2019"

_BEFORE_COLON = re.compile(r"(?<=\S)[ \t\u202f\u00a0]*:(?=\s|$)")
_BEFORE_TALL = re.compile(r"(?<=\S)[ \t\u00a0\u202f]+([;!?])")
_OPENING = re.compile(r"«[ \t\u202f\u00a0]*")
_CLOSING = re.compile(r"[ \t\u202f\u00a0]*»")
_STRAIGHT_APOSTROPHE = re.compile(r"'(?<=[^\W\d_]')")
"""A straight quote after a letter is an apostrophe: l'école, aujourd'hui, qu'il. (The quote
first, then the look back: a pattern that starts with a look-behind is tried at every
character of the text, ten times slower.)"""
_ESCAPED_APOSTROPHE = re.compile(r"(?<=[^\W\d_])&(?:#39|#x27|apos);")
"""The same, as Jinja's and MarkupSafe's escaping writes it in HTML."""
_LEADING_COLON = re.compile(r"^[ \t\u202f\u00a0]*:(?=\s|$)")
_LEADING_TALL = re.compile(r"^[ \t\u00a0\u202f]+([;!?])")
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "math"})
_VERBATIM_START = re.compile("<(?:" + "|".join(sorted(_VERBATIM)) + ")", re.IGNORECASE)
"""Where a verbatim element may start (one search rather than one per element)."""
_INLINE = frozenset(
    {"a", "abbr", "b", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp",
     "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)  # fmt: skip
"""Elements a colon may follow in running text (`[lien](…) :`, `**gras** :`)."""
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_TEXT_WITH_MARKS = re.compile(
    r">([^<>]*(?:[:«»']|[ \t\u00a0\u202f][;!?]|&#39;|&#x27;|&apos;)[^<>]*)(?=<|$)"
)
"""Text after a tag (up to the next one or the end) that one of the rules may change: a
colon, a guillemet, an apostrophe (typed or escaped), or ; ! ? after a space. It starts at
the `>`: a pattern that starts with a look-behind is tried at every character."""
_CLOSING_INLINE = re.compile(r"<\s*/\s*([a-zA-Z0-9]+)\s*>$")


def french_spacing(text: str) -> str:
    """« Titre : texte ; l’école ! » with the spaces and apostrophe of French typography."""
    # Each rule only where its mark is: a text has one of them at most, as a rule, and
    # `in` is much faster than a pattern that finds nothing (tens of thousands of texts).
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP + ":", text)
    if ";" in text or "!" in text or "?" in text:
        text = _BEFORE_TALL.sub(NNBSP + r"\1", text)
    if "«" in text:
        text = _OPENING.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSING.sub(NBSP + "»", text)
    if "'" in text:
        text = _STRAIGHT_APOSTROPHE.sub(APOSTROPHE, text)
    return text


def after_inline(text: str) -> str:
    """The text that follows a link or bold text: its leading `:`, `;`, `!`, `?` get their
    no-break space too (`french_spacing` cannot see the word before them)."""
    text = _LEADING_COLON.sub(NBSP + ":", text)
    return _LEADING_TALL.sub(NNBSP + r"\1", text)


def french_spacing_html(html: str) -> str:
    """`french_spacing` on the text between the tags of `html` and in the labels read to
    screen reader users (`aria-label`): never in other attributes (URLs), never inside code,
    preformatted text, scripts or styles."""
    if 'aria-label="' in html:
        html = _ARIA_LABEL.sub(_spaced_label, html)
    if not _VERBATIM_START.search(html):
        # Nothing verbatim (a story's card, its related stories): only the text between two
        # tags that holds a colon or a guillemet is looked at, each found by one search. The
        # `>` in front stands for the start, which a text may begin with.
        marked = ">" + html
        return _TEXT_WITH_MARKS.sub(lambda match: _spaced(marked, match), marked)[1:]
    parts = _TAG.split(html)
    verbatim = 0
    closed_inline = False
    for index, part in enumerate(parts):
        if index % 2:
            match = _TAG_NAME.match(part)
            name = match[2].lower() if match else ""
            if match and name in _VERBATIM and not part.endswith("/>"):
                verbatim += -1 if match[1] else 1
                verbatim = max(verbatim, 0)
            closed_inline = bool(match and match[1] and name in _INLINE)
        elif not verbatim and part:
            text = after_inline(part) if closed_inline else part
            parts[index] = french_spacing(_unescaped_apostrophes(text))
    return "".join(parts)


_ARIA_LABEL = re.compile(
    r'(<[a-zA-Z][^<>]*?\saria-label=")([^"<>]*(?:[:«»\';!?]|&#39;|&#x27;)[^"<>]*)"'
)
"""An `aria-label` of a tag (not text that shows one: its `<` is escaped) that one of the
rules may change, its value escaped as Jinja does."""


def _spaced_label(match: re.Match[str]) -> str:
    """A tag up to its `aria-label`'s value, the value typeset (’ needs no escaping)."""
    return match[1] + french_spacing(_unescaped_apostrophes(match[2])) + '"'


def typeset_titles(items: Iterable[Any]) -> None:
    """French typography in the titles of navigation items (tabs, drawer, sidebar) or of a
    table of contents, recursively. MkDocs takes the first as written in mkdocs.yml, and
    copies the headings' text into the second without their no-break spaces. Items are
    MkDocs' (Page, Section, Link, AnchorLink), read by their `title` and `children` only."""
    for item in items:
        title = vars(item).get("title")
        if isinstance(title, str):
            item.title = french_spacing_html(title)
        typeset_titles(getattr(item, "children", None) or ())


def _unescaped_apostrophes(text: str) -> str:
    """`&#39;` after a letter, as escaping writes an apostrophe, typed `'` again."""
    return _ESCAPED_APOSTROPHE.sub("'", text) if "&" in text else text


def _spaced(html: str, match: re.Match[str]) -> str:
    """The `>` and the run of text after it in `html`, typeset; after a closing inline tag,
    its leading punctuation too."""
    text = match[1]
    start = match.start(1)
    if text[:1] in " \t\u00a0\u202f:;!?":
        closing = _CLOSING_INLINE.search(html, max(html.rfind("<", 0, start), 0), start)
        if closing and closing[1].lower() in _INLINE:
            text = after_inline(text)
    return ">" + french_spacing(_unescaped_apostrophes(text))


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
                tail = after_inline(child.tail) if child.tag in _INLINE else child.tail
                child.tail = french_spacing(tail)


class FrenchTypographyExtension(Extension):
    """Spaces and apostrophes of French typography in the text of a Markdown document."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (priority 20): text nodes are final, code is atomic;
        # before the table of contents (5), which copies the headings' text.
        md.treeprocessors.register(_SpacingTreeprocessor(md), "french_spacing", 6)


def makeExtension(**kwargs: Any) -> FrenchTypographyExtension:
    return FrenchTypographyExtension(**kwargs)

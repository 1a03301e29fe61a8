"""« Coups d'œil »: a short plain-text summary of every story."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown

MORE_MARKER = "<!-- more -->"
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ0-9])")
_HEADING = re.compile(r"<h[1-6]\b")
_BLOCK = re.compile(r"<(p|li|blockquote)\b[^>]*>(.*?)</\1>", re.DOTALL)


@dataclass(frozen=True)
class SummaryRules:
    """Limits of the « coup d'œil »."""

    max_words: int = 80
    """A derived summary stops at the last whole sentence within this many words."""

    own_summary_warning_words: int = 120
    """A `summary` written by the broker longer than this is a warning."""


def word_count(text: str) -> int:
    return len(text.split())


_RENDERER = markdown.Markdown(extensions=["attr_list", "md_in_html"])
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)


def _introduction(markdown_text: str, max_words: int) -> str:
    """The source's first blocks, enough for a summary: rendering a whole story to summarize
    its first paragraphs would cost more than everything else the pipeline does."""
    heading = _ATX_HEADING.search(markdown_text)
    if heading and markdown_text[: heading.start()].strip():
        markdown_text = markdown_text[: heading.start()]
    kept, words = [], 0
    for block in markdown_text.split("\n\n"):
        kept.append(block)
        words += len(block.split())
        if words > max_words:
            break
    return "\n\n".join(kept)


_MARKUP = re.compile(r"[*_\[\]<>&`\\|#=~]|^[ \t]*(?:[-+>]|\d+[.)])[ \t]|^ {4}|\t", re.MULTILINE)
"""Anything in a block that Markdown would turn into something else than its own words."""


def plain_text(markdown_text: str) -> list[str]:
    """The introduction's paragraphs as plain text: Markdown rendered, then tags removed.

    Rendering with the Markdown library (rather than stripping syntax by hand) means links,
    emphasis, entities and inline HTML all come out as the words a reader would see. A text
    with no Markdown syntax at all is already plain: it skips the rendering.
    """
    if not _MARKUP.search(markdown_text):
        blocks = (" ".join(block.split()) for block in markdown_text.split("\n\n"))
        return [block for block in blocks if block]
    rendered = _RENDERER.reset().convert(markdown_text)
    first_heading = _HEADING.search(rendered)
    if first_heading and "<p" in rendered[: first_heading.start()]:
        rendered = rendered[: first_heading.start()]  # the introduction, when there is one
    paragraphs = []
    for match in _BLOCK.finditer(rendered):
        if match.group(1) != "p":
            continue
        text = html.unescape(_TAG.sub("", match.group(2)))
        text = " ".join(text.split())
        if text:
            paragraphs.append(text)
    return paragraphs


def has_plain_introduction(body: str, rules: SummaryRules) -> bool:
    """Whether the body opens with a plain paragraph, so that its derived summary cannot be
    empty: enough for `oqrls check`, which only warns about a story without one."""
    head = body.split(MORE_MARKER, 1)[0]
    first = _introduction(head, rules.max_words).split("\n\n", 1)[0]
    return bool(first.strip()) and not _MARKUP.search(first)


def derive_summary(body: str, rules: SummaryRules) -> str:
    """The text before `<!-- more -->`, else the first paragraph(s), cut at a sentence."""
    head = body.split(MORE_MARKER, 1)[0] if MORE_MARKER in body else body
    kept: list[str] = []
    words = 0
    first: str | None = None
    for paragraph in plain_text(_introduction(head, rules.max_words)):
        for sentence in _SENTENCE_END.split(paragraph):
            sentence = sentence.strip()
            if not sentence:
                continue
            first = first or sentence
            count = word_count(sentence)
            if words + count > rules.max_words:
                return _finish(kept, first, rules)
            kept.append(sentence)
            words += count
    return _finish(kept, first, rules)


def _finish(kept: list[str], first: str | None, rules: SummaryRules) -> str:
    if kept:
        return " ".join(kept)
    if first is None:
        return ""
    # A first sentence longer than the limit: keep whole words and say it goes on.
    return " ".join(first.split()[: rules.max_words]).rstrip(",;:") + " […]"

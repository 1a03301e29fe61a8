"""« Coups d'œil »: a short plain-text summary of every story."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import markdown

from generator.cache import NO_CACHE, Cache
from generator.model.problems import Problem, Severity

if TYPE_CHECKING:
    from generator.model.story import Story

MORE_MARKER = "<!-- more -->"
_SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class SummaryRules:
    """Limits of the « coup d'œil »."""

    max_words: int = 80
    """A derived summary stops at the last whole sentence within this many words."""

    own_summary_warning_words: int = 120
    """A `summary` written by the broker longer than this is a warning."""


def word_count(text: str) -> int:
    return len(text.split())


EXCERPT_CHARS = 160
"""Length of a « coup d'œil » trimmed for the lists of every story (catalogue, theme pages):
two lines on a desktop, four on a phone, and a catalogue of thousands of stories stays light."""


def excerpt(summary: str, max_chars: int = EXCERPT_CHARS) -> str:
    """The start of a coup d'œil, cut after a whole word, with « … » when it goes on."""
    if len(summary) <= max_chars:
        return summary
    head = summary[: max_chars + 1]
    words = head.split()
    cut = head[: head.rindex(words[-1])] if len(words) > 1 else head[:max_chars]
    return cut.rstrip(" \u00a0\u202f,;:.–—-(«") + "…"


_ATX_HEADING = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)


_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)


def _introduction(markdown_text: str, max_words: int) -> str:
    """The source's first blocks, enough for a summary: rendering a whole story to summarize
    its first paragraphs would cost more than everything else the pipeline does. The link
    definitions of the whole text follow them, so that a reference-style link
    (`[texte][ref]`) reads as its text."""
    introduction = _first_blocks(markdown_text, max_words)
    if "]" in introduction and "]:" in markdown_text:
        references = _REFERENCE.findall(markdown_text)
        if references:
            introduction += "\n\n" + "\n".join(references)
    return introduction


def _first_blocks(markdown_text: str, max_words: int) -> str:
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


_PLAIN = re.compile(r"[^\W_]|[ \t\n.,;:!?'’«»()%/–—\u00a0-]")
_NOT_PLAIN_START = re.compile(
    r"^[ \t]*(?:[-+>]|\d+[.)])[ \t]|^ {4}|^[ \t]*(?:!!!|\?\?\?|:::|[-=]{3,})", re.MULTILINE
)


def _is_plain(text: str) -> bool:
    """Whether a block is only words and punctuation that no Markdown extension rewrites,
    so that it reads the same rendered or not (letters, digits, spaces, . , ; : ! ? ' « » ( ) %
    / and dashes; no line that opens a list, a quote, a code block or an admonition)."""
    return len(_PLAIN.findall(text)) == len(text) and not _NOT_PLAIN_START.search(text)


_VOID = frozenset(
    {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Paragraphs(HTMLParser):
    """The words of the top-level paragraphs of rendered Markdown, up to the first heading
    that follows one. Admonitions, lists, tables and footnotes are not paragraphs of the
    introduction; footnote marks and heading anchors are not words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.stack: list[bool] = []
        """One entry per open element: whether its words are left out."""
        self.current: list[str] | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and self.current is not None:
                self.current.append(" ")
            return
        if not self.stack:
            if tag in _HEADINGS and self.paragraphs:
                self.done = True
            if tag == "p" and not self.done:
                self.current = []
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        skipped = (
            (self.stack and self.stack[-1])
            or (found.get("id") or "").startswith("fnref")
            or "footnote-ref" in classes
            or "headerlink" in classes
            or tag in ("script", "style", "template")
        )
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        self.stack.pop()
        if not self.stack and self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.paragraphs.append(text)
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.stack and not self.stack[-1]:
            self.current.append(data)


class Summarizer:
    """Derives the « coups d'œil » of a build, rendering Markdown as the site does.

    Lifetime: one build. It holds one Markdown converter configured with the site's own
    extensions (an admonition or a footnote in an introduction is rendered, then left out,
    rather than shown as its syntax), reset before each document.
    """

    def __init__(
        self,
        rules: SummaryRules,
        extensions: Sequence[str] = ("toc", "tables", "fenced_code"),
        configs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.rules = rules
        self._extensions = tuple(extensions)
        self._configs = dict(configs or {})
        self._markdown: markdown.Markdown | None = None

    @property
    def extensions_key(self) -> str:
        """The extensions and their options, as part of a cache key."""
        return repr((self._extensions, sorted(self._configs.items())))

    @property
    def converter(self) -> markdown.Markdown:
        """The Markdown converter, made on first use (`oqrls check` rarely needs one)."""
        if self._markdown is None:
            self._markdown = _converter(self._extensions, self._configs)
        return self._markdown

    def plain_text(self, markdown_text: str) -> list[str]:
        """The introduction's paragraphs as plain text: Markdown rendered, then tags removed.

        Rendering with the site's Markdown (rather than stripping syntax by hand) means
        links, emphasis, entities and inline HTML all come out as the words a reader sees.
        A text with no Markdown syntax at all is already plain: it skips the rendering.
        """
        if _is_plain(markdown_text):
            blocks = (" ".join(block.split()) for block in markdown_text.split("\n\n"))
            return [block for block in blocks if block]
        parser = _Paragraphs()
        parser.feed(self.converter.reset().convert(markdown_text))
        parser.close()
        return parser.paragraphs

    def has_plain_introduction(self, body: str) -> bool:
        """Whether the body opens with a plain paragraph, so that its derived summary cannot
        be empty: enough for `oqrls check`, which only warns about a story without one."""
        head = body.split(MORE_MARKER, 1)[0]
        first = _introduction(head, self.rules.max_words).split("\n\n", 1)[0]
        return bool(first.strip()) and _is_plain(first)

    def derive(self, body: str) -> str:
        """The text before `<!-- more -->`, else the first paragraph(s), cut at a sentence."""
        rules = self.rules
        head = body.split(MORE_MARKER, 1)[0] if MORE_MARKER in body else body
        kept: list[str] = []
        words = 0
        first: str | None = None
        for paragraph in self.plain_text(_introduction(head, rules.max_words)):
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

    def summarize(
        self, stories: Iterable[Story], *, checking: bool = False, cache: Cache = NO_CACHE
    ) -> list[Problem]:
        """Give every story its « coup d'œil »; warn about one too long or missing.

        `checking` only looks for the problems: a story that opens with a plain paragraph
        has a summary, and is not summarized. `cache` keeps each derived summary for the
        next build, keyed by the story's file and these rules.
        """
        rules_key = (self.rules, self.extensions_key)
        rules = self.rules
        problems = []
        for story in stories:
            own = story.meta.summary
            if not own and checking and self.has_plain_introduction(story.body):
                continue
            if own:
                story.summary = own
            else:
                story.summary = cache.get(
                    ("summary", story.digest, rules_key),
                    partial(self.derive, story.body),
                )
            words = word_count(story.summary)
            if own and words > rules.own_summary_warning_words:
                problems.append(
                    Problem(
                        story.path,
                        story.located.line_of(("summary",)),
                        "summary",
                        f"coup d'œil de {words} mots : {rules.own_summary_warning_words} au "
                        "plus, pour qu'il reste « simple et rapide »",
                        Severity.WARNING,
                    )
                )
            elif not story.summary:
                problems.append(
                    Problem(
                        story.path,
                        story.body_line,
                        "summary",
                        "aucun coup d'œil : écrivez un champ summary ou un paragraphe "
                        "d'introduction",
                        Severity.WARNING,
                    )
                )
        return problems


def _converter(
    extensions: tuple[str, ...], configs: Mapping[str, Mapping[str, Any]]
) -> markdown.Markdown:
    """A converter with the site's extensions; one that cannot be loaded outside MkDocs
    (an option given as a `!!python/name` tag, read without MkDocs) is left out."""
    try:
        return markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs))
    except Exception:  # any extension's own error
        usable = []
        for name in extensions:
            try:
                markdown.Markdown(extensions=[name], extension_configs={
                    key: value for key, value in configs.items() if key == name
                })  # fmt: skip
            except Exception:
                continue
            usable.append(name)
        usable_configs = {key: value for key, value in configs.items() if key in usable}
        return markdown.Markdown(extensions=usable, extension_configs=usable_configs)


def _finish(kept: list[str], first: str | None, rules: SummaryRules) -> str:
    if kept:
        return " ".join(kept)
    if first is None:
        return ""
    # A first sentence longer than the limit: keep whole words and say it goes on.
    return " ".join(first.split()[: rules.max_words]).rstrip(",;:") + " […]"

"""The change report of a pull request: problems, stories added or changed, facet counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.collection import Collection
from generator.model.story import Story
from generator.model.text import one_line


@dataclass(frozen=True)
class CountChange:
    facet: str
    term: str
    before: int
    after: int


@dataclass(frozen=True)
class Comparison:
    """What a branch changes in the published collection, against its base."""

    added: list[Story]
    changed: list[Story]
    removed: list[Story]
    counts: list[CountChange]


def compare(base: Collection, head: Collection) -> Comparison:
    before = {story.slug: story for story in base.stories}
    after = {story.slug: story for story in head.stories}
    added = [story for slug, story in after.items() if slug not in before]
    removed = [story for slug, story in before.items() if slug not in after]
    changed = [
        story
        for slug, story in after.items()
        if slug in before and (story.meta, story.body) != (before[slug].meta, before[slug].body)
    ]
    counts: list[CountChange] = []
    for key, index in head.indexes.facets.items():
        old = base.indexes.facets.get(key)
        old_counts = {term.id: term.count for term in old.terms} if old else {}
        labels = {term.id: term.label for term in index.terms}
        new_counts = {term.id: term.count for term in index.terms}
        for term_id in sorted(old_counts.keys() | new_counts.keys(), key=str):
            was, now = old_counts.get(term_id, 0), new_counts.get(term_id, 0)
            if was != now:
                counts.append(CountChange(index.label, labels.get(term_id, term_id), was, now))
    return Comparison(added, changed, removed, counts)


def markdown_report(head: Collection, comparison: Comparison | None) -> str:
    """The report as Markdown, for $GITHUB_STEP_SUMMARY or a terminal."""
    lines = ["## Rapport OQRLS", ""]
    lines += [
        f"{len(head.stories)} récit(s) et {len(head.bulletins)} bulletin(s) publiables.",
        "",
        "### Problèmes",
        "",
    ]
    if head.problems:
        lines += [f"- {code_span(str(problem))}" for problem in head.problems]
    else:
        lines.append("Aucun problème.")
    if comparison is None:
        return "\n".join(lines) + "\n"
    for title, stories in (
        ("Récits ajoutés", comparison.added),
        ("Récits modifiés", comparison.changed),
        ("Récits retirés", comparison.removed),
    ):
        lines += ["", f"### {title} ({len(stories)})", ""]
        lines += [
            f"- {as_text(story.title)} ({code_span(story.path.as_posix())})" for story in stories
        ] or ["Aucun."]
    lines += ["", "### Effectifs par facette", ""]
    if comparison.counts:
        lines += ["| Facette | Terme | Avant | Après | Écart |", "|---|---|---:|---:|---:|"]
        lines += [
            f"| {as_text(c.facet)} | {as_text(c.term)} | {c.before} | {c.after} | "
            f"{c.after - c.before:+d} |"
            for c in comparison.counts
        ]
    else:
        lines.append("Aucun changement.")
    return "\n".join(lines) + "\n"


# Content is shown as text in the summary GitHub renders: a title may not add a link, an
# image, a heading or HTML to the page. CommonMark lets any ASCII punctuation be escaped.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def as_text(text: str) -> str:
    """`text` as literal Markdown text on one line: every punctuation mark escaped (links,
    images, emphasis, HTML, table cells, autolinks all need one)."""
    return _PUNCTUATION.sub(r"\\\1", one_line(text))


def code_span(text: str) -> str:
    """`text` as a Markdown code span on one line, whatever backticks it holds (a code span
    is shown literally)."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"

"""The build pipeline, one way: load → validate → enrich → index. No MkDocs here.

This module only orders the stages; the types they share live in `generator.settings` and
`generator.collection`, and each rule in the module of the thing it checks.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from generator.bulletin import validate_bulletins
from generator.cache import BuildCache
from generator.collection import Collection
from generator.facets import FACETS
from generator.incremental import fingerprint
from generator.index import Indexes, build_indexes
from generator.problems import Problem
from generator.related import RelatedStory, related_stories
from generator.settings import Settings
from generator.source import SourceDocument, read_document
from generator.story import Story
from generator.summary import Summarizer
from generator.validate import check_collection, check_related_drafts, validate_story
from generator.vocabulary import load_vocabularies


class _Timer:
    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def story_files(folder: Path) -> list[Path]:
    """Every `*.md` under `folder`, hidden files and folders aside, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*.md")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def build_collection(
    settings: Settings,
    extra_files: Iterable[Path] = (),
    *,
    checking: bool = False,
    cache: BuildCache | None = None,
) -> Collection:
    """Run the pipeline over the stories of `settings` (and any `extra_files`).

    `checking` stops at what can be wrong in the content: the related stories and the
    cross-tabulations, which only pages need, are not computed. `cache` keeps parsed files
    from one build to the next (the preview server's).
    """
    timings: dict[str, float] = {}
    timer = _Timer(timings)
    problems: list[Problem] = []

    with timer.stage("load"):
        vocabularies, vocabulary_problems = load_vocabularies(
            settings.vocabularies_dir, settings.shown(settings.vocabularies_dir)
        )
        problems.extend(vocabulary_problems)
        files = list(dict.fromkeys([*story_files(settings.stories_dir), *extra_files]))
        documents = _read_all(files, settings, problems, cache)
        bulletin_documents = _read_all(
            story_files(settings.bulletins_dir), settings, problems, cache
        )

    with timer.stage("validate"):
        stories: list[Story] = []
        known = fingerprint(vocabularies) if cache is not None else ""
        for slug, document in documents:
            if cache is None:
                story, found = validate_story(document, slug, vocabularies)
            else:
                # The same file, under the same name and vocabularies, gives the same story.
                key = ("story", document.path, document.digest, slug, known)
                story, found = cache.get(key, partial(validate_story, document, slug, vocabularies))
            problems.extend(found)
            if story is not None:
                stories.append(story)
        problems.extend(check_collection(stories))
        published = [s for s in stories if settings.include_drafts or not s.meta.draft]
        problems.extend(check_related_drafts(published, stories))
        published.sort(key=lambda story: (-story.meta.date.toordinal(), story.slug))

    with timer.stage("enrich"):
        summarizer = Summarizer(
            settings.summary_rules, settings.markdown_extensions, settings.markdown_configs
        )
        problems.extend(summarizer.summarize(published, checking=checking, cache=cache))
        bulletins = validate_bulletins(bulletin_documents, published, vocabularies, problems)

    with timer.stage("index"):
        indexes = build_indexes(published, vocabularies, crosstabs=not checking)
        related = {} if checking else _related(published, indexes, settings, cache)

    problems.sort(key=lambda p: (p.path.as_posix(), p.line, p.field, p.message))
    return Collection(vocabularies, published, indexes, related, bulletins, problems, timings)


def _related(
    stories: list[Story], indexes: Indexes, settings: Settings, cache: BuildCache | None
) -> dict[str, list[RelatedStory]]:
    """Related stories, taken from an earlier build when no story changed what they depend
    on (order, terms, hand-picked links): editing a title or a sentence keeps them."""
    if cache is None:
        return related_stories(stories, indexes.facets, settings.related_weights)
    shape = [
        (s.slug, s.meta.date, s.meta.related, [s.meta.ids(facet.key) for facet in FACETS])
        for s in stories
    ]
    key = ("related", fingerprint(shape, dict(settings.related_weights)))

    def compute() -> dict[str, list[tuple[str, str]]]:
        found = related_stories(stories, indexes.facets, settings.related_weights)
        return {
            slug: [(item.story.slug, item.reason) for item in items]
            for slug, items in found.items()
        }

    by_slug = {story.slug: story for story in stories}
    return {
        slug: [RelatedStory(by_slug[other], reason) for other, reason in items]
        for slug, items in cache.get(key, compute).items()
    }


def _read_all(
    files: Iterable[Path], settings: Settings, problems: list[Problem], cache: BuildCache | None
) -> list[tuple[str, SourceDocument]]:
    documents = []
    for file in files:
        read = read_document(file, settings.shown(file), cache)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            documents.append((file.stem, read))
    return documents

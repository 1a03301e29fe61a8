"""The build pipeline, one way: load → validate → enrich → index. No MkDocs here.

This module only orders the stages; the types they share live in `generator.settings` and
`generator.collection`, and each rule in the module of the thing it checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

from generator.cache import NO_CACHE, Cache
from generator.collection import Collection
from generator.digest import fingerprint
from generator.digest import shape as story_shape
from generator.mkdocs_yml import option_line
from generator.model import urls
from generator.model.bulletin import Bulletin, validate_bulletins
from generator.model.content import ContentFiles, generated_collisions, scan
from generator.model.linkcheck import check_links
from generator.model.problems import Problem
from generator.model.publisher import read_publisher
from generator.model.query import Selection
from generator.model.source import SourceDocument, read_document
from generator.model.story import Story
from generator.model.text import quote
from generator.model.validate import check_collection, check_related_drafts, validate_story
from generator.model.vocabulary import load_vocabularies
from generator.outputs import site
from generator.outputs.index import build_indexes
from generator.outputs.related import build_related
from generator.outputs.summary import Summarizer
from generator.settings import Settings


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


def content_files(
    settings: Settings, option: str, folder: Path, problems: list[Problem]
) -> ContentFiles:
    """The files of a content folder (see `generator.model.content`); a folder that does not
    exist is a problem located at its option in mkdocs.yml, unless it is the bulletins'
    default (a site may have no bulletin)."""
    if folder.is_dir():
        found = scan(folder, settings.root, settings.shown)
        problems.extend(found.problems)
        return found
    if option == "stories_dir" or option in settings.written_options:
        what = "des récits" if option == "stories_dir" else "des bulletins"
        message = (
            f"dossier {what} {quote(settings.shown(folder).as_posix())} introuvable : "
            f"vérifiez l'option {option} de mkdocs.yml"
        )
        if settings.config_file is None:
            problems.append(Problem(settings.shown(folder), 1, option, message))
        else:
            line = option_line(settings.config_file, option)
            problems.append(Problem(settings.shown(settings.config_file), line, option, message))
    return ContentFiles()


def build_collection(
    settings: Settings,
    extra_files: Iterable[Path] = (),
    *,
    checking: bool = False,
    cache: Cache = NO_CACHE,
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
            settings.vocabularies_dir, settings.shown(settings.vocabularies_dir), settings.site_url
        )
        problems.extend(vocabulary_problems)
        config_file = settings.config_file
        publisher, publisher_problems = read_publisher(
            settings.extra,
            settings.site_name,
            config_file,
            settings.shown(config_file) if config_file else Path("mkdocs.yml"),
        )
        problems.extend(publisher_problems)
        problems.extend(settings.problems)
        stories_found = content_files(settings, "stories_dir", settings.stories_dir, problems)
        # Folders that overlap (reported with the settings) would read each file twice.
        overlap = any(problem.field == "bulletins_dir" for problem in settings.problems)
        bulletins_found = (
            ContentFiles()
            if overlap
            else content_files(settings, "bulletins_dir", settings.bulletins_dir, problems)
        )
        files = stories_found.documents
        if extra_files:
            files = list(dict.fromkeys([*files, *extra_files]))
        documents = _read_all(files, settings, problems, cache)
        bulletin_documents = _read_all(bulletins_found.documents, settings, problems, cache)
        attachments = {
            **_published(stories_found.attachments, settings.stories_dir, urls.story_attachment),
            **_published(
                bulletins_found.attachments, settings.bulletins_dir, urls.bulletin_attachment
            ),
        }

    with timer.stage("validate"):
        stories: list[Story] = []
        known = fingerprint(vocabularies)
        for slug, document in documents:
            # The same file, under the same name and vocabularies, gives the same story.
            key = ("story", document.path, document.digest, slug, known)
            story, found = cache.get(key, partial(validate_story, document, slug, vocabularies))
            problems.extend(found)
            if story is not None:
                # This build's own copy: enriching it (summary, links) leaves the cached one
                # as it was validated.
                stories.append(replace(story))
        problems.extend(check_collection(stories))
        published = [s for s in stories if settings.include_drafts or not s.meta.draft]
        problems.extend(check_related_drafts(published, stories))
        published.sort(key=lambda story: (-story.meta.date.toordinal(), story.slug))

    with timer.stage("enrich"):
        summarizer = Summarizer(
            settings.summary_rules, settings.markdown_extensions, settings.markdown_configs
        )
        problems.extend(summarizer.summarize(published, checking=checking, cache=cache))
        rejected: list[Bulletin] = []
        shape = story_shape(published)
        bulletins = validate_bulletins(
            bulletin_documents, published, vocabularies, problems, stories, rejected,
            Selection(published, cache, shape),
        )  # fmt: skip
        generated = {
            urls.email(bulletin.slug, extension): settings.root / bulletin.path
            for bulletin in [*bulletins, *rejected] for extension in ("html", "txt")
        }  # fmt: skip
        problems.extend(generated_collisions(attachments, generated, settings.shown))

    with timer.stage("index"):
        indexes = build_indexes(published, vocabularies, crosstabs=not checking)
        related = (
            {}
            if checking
            else build_related(published, indexes.facets, settings.related_weights, cache, shape)
        )

    collection = Collection(
        vocabularies, published, indexes, related, bulletins, problems, timings,
        publisher=publisher, attachments=attachments, vocabularies_digest=known,
        terms_digest=shape, drafts=sum(1 for story in stories if story.meta.draft),
    )  # fmt: skip
    with timer.stage("validate"):
        markdown_files = [*files, *bulletins_found.documents]
        check_links(collection, stories, settings, markdown_files, site.page_sources, rejected)
    problems.sort(key=lambda p: (p.path.as_posix(), p.line, p.field, p.message))
    return collection


def _published(files: list[Path], folder: Path, address: Callable[[str], str]) -> dict[str, Path]:
    return {address(file.relative_to(folder).as_posix()): file for file in files}


def _read_all(
    files: Iterable[Path], settings: Settings, problems: list[Problem], cache: Cache
) -> list[tuple[str, SourceDocument]]:
    documents = []
    for file in files:
        read = read_document(file, settings.shown(file), cache)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            documents.append((file.stem, read))
    return documents

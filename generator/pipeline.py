"""The build pipeline, one way: load → validate → enrich → index. No MkDocs here.

This module only orders the stages; the types they share live in `generator.settings` and
`generator.collection`, and each rule in the module of the thing it checks.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from generator import site, urls
from generator.bulletin import Bulletin, find_story, validate_bulletins
from generator.cache import BuildCache
from generator.collection import Collection
from generator.content import ContentFiles, generated_collisions, scan
from generator.facets import FACETS
from generator.incremental import fingerprint
from generator.index import Indexes, build_indexes
from generator.links import LinkChecker, Source, has_links
from generator.problems import Problem, Severity
from generator.publisher import read_publisher
from generator.query import Selection
from generator.related import (
    Pairs,
    RelatedRun,
    RelatedStory,
    related_objects,
    related_run,
    related_stories,
)
from generator.settings import Settings, option_line
from generator.source import SourceDocument, read_document
from generator.story import Story
from generator.summary import Summarizer
from generator.text import closest, did_you_mean, quote
from generator.validate import (
    check_collection,
    check_related_drafts,
    draft_cited,
    validate_story,
)
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


def content_files(
    settings: Settings, option: str, folder: Path, problems: list[Problem]
) -> ContentFiles:
    """The files of a content folder (see `generator.content`); a folder that does not
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
        rejected: list[Bulletin] = []
        shape = _shape(published) if cache is not None else None
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
        related = {} if checking else _related(published, indexes, settings, cache, shape)

    collection = Collection(
        vocabularies, published, indexes, related, bulletins, problems, timings,
        publisher=publisher, attachments=attachments, vocabularies_digest=known,
        terms_digest=shape or "",
    )  # fmt: skip
    with timer.stage("validate"):
        markdown_files = [*files, *bulletins_found.documents]
        check_links(collection, stories, settings, markdown_files, rejected)
    problems.sort(key=lambda p: (p.path.as_posix(), p.line, p.field, p.message))
    return collection


def check_links(
    collection: Collection,
    every: list[Story],
    settings: Settings,
    markdown_files: list[Path],
    rejected: Sequence[Bulletin] = (),
) -> None:
    """Check the links of every published story and bulletin (see `generator.links`), and
    give each the links MkDocs needs rewritten."""
    bulletins = [*collection.bulletins, *rejected]
    published = {story.slug: story for story in collection.stories}
    drafts = {story.slug: story for story in every if story.slug not in published}
    if (
        not any(has_links(story.body) for story in collection.stories)
        and not any(has_links(segment) for b in bulletins for segment in b.segments
                    if isinstance(segment, str))
        and not any(has_links(draft.body) for draft in drafts.values())
    ):  # fmt: skip
        return  # nothing to check: the list of pages is not worth making
    pages: dict[Path, str | None] = {path.absolute(): None for path in markdown_files}
    bodies: dict[str, str] = {}
    for story in collection.stories:
        pages[(settings.root / story.path).absolute()] = story.permalink.src_uri
        bodies[story.permalink.src_uri] = story.body
    for bulletin in [*collection.bulletins, *rejected]:
        pages[(settings.root / bulletin.path).absolute()] = bulletin.permalink.src_uri
        # A block keeps its line (empty), so that each link is reported at its own line.
        bodies[bulletin.permalink.src_uri] = "\n".join(
            segment if isinstance(segment, str) else "" for segment in bulletin.segments
        )
    checker = LinkChecker(
        site.page_sources(collection),
        set(collection.attachments),
        pages,
        bodies,
        settings.markdown_extensions,
        settings.markdown_configs,
    )
    problems = collection.problems
    for story in collection.stories:

        def story_page(slug: str, line: int, story: Story = story) -> str | None:
            found = published.get(slug)
            if found is not None:
                return found.permalink.src_uri
            draft = drafts.get(slug)
            also: tuple[Problem, ...] = ()
            if draft is not None:
                message = f"le récit {quote(slug)} est un brouillon (draft: true) : il ne sera "
                message += "pas publié, le lien ne mènerait nulle part"
                also = (draft_cited(draft, story.path, "lien"),)
            else:
                message = f"récit {quote(slug)} introuvable" + did_you_mean(
                    closest(slug, published)
                )
            problems.append(Problem(story.path, line, "lien", message, Severity.WARNING, also))
            return None

        source = Source(
            story.path, (settings.root / story.path).absolute(), settings.stories_dir.absolute(),
            story.permalink, story.body, story.body_line, urls.story_attachment,
        )  # fmt: skip
        story.links = checker.check(source, story_page, problems)
    all_stories = {story.slug: story for story in every}
    for bulletin in [*collection.bulletins, *rejected]:

        def bulletin_page(slug: str, line: int, bulletin: Bulletin = bulletin) -> str | None:
            visible = {s.slug: s for s in bulletin.meta_visible(published.values())}
            found = find_story(
                slug, visible, all_stories, bulletin.meta.date, bulletin.path, line, "corps",
                problems,
            )  # fmt: skip
            return found.permalink.src_uri if found is not None else None

        source = Source(
            bulletin.path, (settings.root / bulletin.path).absolute(),
            settings.bulletins_dir.absolute(),
            bulletin.permalink, bodies[bulletin.permalink.src_uri], bulletin.body_line,
            urls.bulletin_attachment,
        )  # fmt: skip
        bulletin.links = checker.check(source, bulletin_page, problems)
    _withhold_draft_attachments(collection, drafts.values(), checker, settings)


def _withhold_draft_attachments(
    collection: Collection, drafts: Iterable[Story], checker: LinkChecker, settings: Settings
) -> None:
    """A file only drafts link (a draft's confidential document) is not published until a
    published story or bulletin links it too; a file nothing links stays published."""
    linked = {target.src_uri for story in collection.stories for target in story.links.values()}
    linked |= {target.src_uri for b in collection.bulletins for target in b.links.values()}
    for draft in drafts:
        source = Source(
            draft.path, (settings.root / draft.path).absolute(), settings.stories_dir.absolute(),
            draft.permalink, draft.body, draft.body_line, urls.story_attachment,
        )  # fmt: skip
        # Its problems are not the build's: a draft is not published.
        for target in checker.check(source, lambda slug, line: None, []).values():
            if target.src_uri not in linked:
                collection.attachments.pop(target.src_uri, None)


def _published(files: list[Path], folder: Path, address: Callable[[str], str]) -> dict[str, Path]:
    return {address(file.relative_to(folder).as_posix()): file for file in files}


def _shape(stories: list[Story]) -> str:
    """A digest of what relates stories and selects them for a bulletin: their order,
    dates, hand-picked related stories and term ids. Plain strings, dates and lists: their
    repr says all of them, and is quick to make."""
    shape = [
        (s.slug, s.meta.date, s.meta.related, [s.meta.ids(facet.key) for facet in FACETS])
        for s in stories
    ]
    return hashlib.sha256(repr(shape).encode("utf-8", "surrogatepass")).hexdigest()


def _related(
    stories: list[Story],
    indexes: Indexes,
    settings: Settings,
    cache: BuildCache | None,
    shape: str | None,
) -> dict[str, list[RelatedStory]]:
    """Related stories, taken from an earlier build when no story changed what they depend
    on (`shape`) and no term was renamed: editing a title or a sentence keeps them."""
    if cache is None or shape is None:
        return related_stories(stories, indexes.facets, settings.related_weights)
    # The reasons name the shared terms: their labels count too.
    labels = [
        (key, term.id, term.label) for key, index in indexes.facets.items() for term in index.terms
    ]
    text = repr((sorted(settings.related_weights.items()), labels))
    key = ("related", shape, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())

    # The last computation, whatever its inputs: `related_run` checks them, and redoes only
    # the lists a term edit can reach (the preview's edits come one story at a time).
    last_key = ("related", "last run")
    last = cache.find(last_key)

    def compute() -> dict[str, Pairs]:
        run = related_run(
            stories, indexes.facets, settings.related_weights,
            previous=last if isinstance(last, RelatedRun) else None,
        )  # fmt: skip
        cache.put(last_key, run)
        return run.pairs

    found = cache.get(key, compute)
    # The same lists as the last build's while they would hold the same story objects (a
    # cached story is the same object from one build to the next; an edited one is new).
    identities = tuple(id(story) for story in stories)
    return cache.get((*key, identities), partial(related_objects, found, stories))


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

"""The build pipeline, one way: load → validate → enrich → index. No MkDocs here."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.bulletin import Bulletin, validate_bulletin
from generator.index import Indexes, build_indexes
from generator.problems import Problem, Severity
from generator.related import DEFAULT_WEIGHTS, RelatedStory, related_stories
from generator.source import SourceDocument, read_document
from generator.story import Story
from generator.summary import SummaryRules, derive_summary, has_plain_introduction, word_count
from generator.validate import check_collection, validate_story
from generator.vocabulary import DEFAULT_VOCABULARIES, Vocabulary, load_vocabularies


@dataclass(frozen=True)
class Settings:
    """Where the content is and what to publish."""

    root: Path
    """Project folder; paths in messages are shown relative to it."""

    stories_dir: Path
    """Folder of the stories, searched recursively for `*.md`."""

    bulletins_dir: Path
    """Folder of the bulletins."""

    vocabularies_dir: Path = DEFAULT_VOCABULARIES
    """Folder of the vocabulary files, one `<facet>.yml` each."""

    include_drafts: bool = False
    """Publish stories marked `draft: true` (the preview server does, the build does not)."""

    site_url: str | None = None
    """Address of the published site (`site_url` of mkdocs.yml), for absolute links."""

    summary_rules: SummaryRules = field(default_factory=SummaryRules)
    """Limits of the « coups d'œil »."""

    related_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Weight of a shared term, per facet, when ranking related stories."""

    def shown(self, path: Path) -> Path:
        """`path` as brokers should read it in a message: relative to the project."""
        # absolute(), not resolve(): no system call per file (thousands of them).
        try:
            return path.absolute().relative_to(_absolute(self.root))
        except ValueError:
            return path


@functools.lru_cache(maxsize=16)
def _absolute(root: Path) -> Path:
    return root.resolve()


@dataclass
class Collection:
    """Everything the pages are made from, computed once per build."""

    vocabularies: dict[str, Vocabulary]
    stories: list[Story]
    """Published stories, newest first (then by slug, so the order never varies)."""

    indexes: Indexes
    """Stories by term of every facet, and the cross-tabulations."""

    related: dict[str, list[RelatedStory]]
    """Related stories of each published story, by slug."""

    bulletins: list[Bulletin] = field(default_factory=list)
    """Valid bulletins, newest first."""

    problems: list[Problem] = field(default_factory=list)
    """Every problem found, sorted by file and line."""

    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage, for the benchmark."""

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


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
    settings: Settings, extra_files: Iterable[Path] = (), *, checking: bool = False
) -> Collection:
    """Run the pipeline over the stories of `settings` (and any `extra_files`).

    `checking` stops at what can be wrong in the content: the related stories and the
    cross-tabulations, which only pages need, are not computed.
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
        documents = _read_all(files, settings, problems)
        bulletin_documents = _read_all(story_files(settings.bulletins_dir), settings, problems)

    with timer.stage("validate"):
        stories: list[Story] = []
        for slug, document in documents:
            story, found = validate_story(document, slug, vocabularies)
            problems.extend(found)
            if story is not None:
                stories.append(story)
        problems.extend(check_collection(stories))
        published = [s for s in stories if settings.include_drafts or not s.meta.draft]
        problems.extend(_related_drafts(published, stories))
        published.sort(key=lambda story: (-story.meta.date.toordinal(), story.slug))

    with timer.stage("enrich"):
        problems.extend(summarize(published, settings.summary_rules, checking=checking))
        bulletins = _bulletins(bulletin_documents, published, vocabularies, problems)

    with timer.stage("index"):
        indexes = build_indexes(published, vocabularies, crosstabs=not checking)
        related = (
            {} if checking else related_stories(published, indexes.facets, settings.related_weights)
        )

    problems.sort(key=lambda p: (p.path.as_posix(), p.line, p.field, p.message))
    return Collection(vocabularies, published, indexes, related, bulletins, problems, timings)


def _read_all(
    files: Iterable[Path], settings: Settings, problems: list[Problem]
) -> list[tuple[str, SourceDocument]]:
    documents = []
    for file in files:
        read = read_document(file, settings.shown(file))
        if isinstance(read, Problem):
            problems.append(read)
        else:
            documents.append((file.stem, read))
    return documents


def _bulletins(
    documents: list[tuple[str, SourceDocument]],
    published: list[Story],
    vocabularies: dict[str, Vocabulary],
    problems: list[Problem],
) -> list[Bulletin]:
    """Validate bulletins against the published stories; no two may share a slug or number."""
    stories = {story.slug: story for story in published}
    bulletins: list[Bulletin] = []
    seen_slugs: dict[str, Path] = {}
    seen_numbers: dict[int, Path] = {}
    for slug, document in documents:
        bulletin, found = validate_bulletin(document, slug, stories, vocabularies)
        problems.extend(found)
        if bulletin is None:
            continue
        other = seen_slugs.setdefault(slug, bulletin.path)
        if other != bulletin.path:
            problems.append(
                Problem(bulletin.path, 1, "fichier", f"nom de fichier déjà utilisé par {other}")
            )
            continue
        number = bulletin.meta.number
        other = seen_numbers.setdefault(number, bulletin.path)
        if other != bulletin.path:
            line = document.front_matter.line_of(("number",))
            problems.append(
                Problem(bulletin.path, line, "number", f"numéro {number} déjà utilisé par {other}")
            )
            continue
        bulletins.append(bulletin)
    bulletins.sort(key=lambda b: (-b.meta.date.toordinal(), -b.meta.number))
    return bulletins


def summarize(
    stories: list[Story], rules: SummaryRules, *, checking: bool = False
) -> list[Problem]:
    """Give every story its « coup d'œil »; warn about one too long or missing.

    `checking` only looks for the problems: a story that opens with a plain paragraph has a
    summary, and is not summarized.
    """
    problems = []
    for story in stories:
        own = story.meta.summary
        if not own and checking and has_plain_introduction(story.body, rules):
            continue
        story.summary = own if own else derive_summary(story.body, rules)
        words = word_count(story.summary)
        if own and words > rules.own_summary_warning_words:
            problems.append(
                Problem(
                    story.path,
                    story.located.line_of(("summary",)),
                    "summary",
                    f"coup d'œil de {words} mots : {rules.own_summary_warning_words} au plus, "
                    "pour qu'il reste « simple et rapide »",
                    Severity.WARNING,
                )
            )
        elif not story.summary:
            problems.append(
                Problem(
                    story.path,
                    story.body_line,
                    "summary",
                    "aucun coup d'œil : écrivez un champ summary ou un paragraphe d'introduction",
                    Severity.WARNING,
                )
            )
    return problems


def _related_drafts(published: list[Story], every: list[Story]) -> list[Problem]:
    """A published story may not point to a draft: the link would lead nowhere."""
    published_slugs = {story.slug for story in published}
    drafts = {story.slug for story in every} - published_slugs
    problems = []
    for story in published:
        for index, slug in enumerate(story.meta.related):
            if slug in drafts:
                problems.append(
                    Problem(
                        story.path,
                        story.located.line_of(("related", index)),
                        "related",
                        f"le récit « {slug} » est un brouillon (draft: true) et ne sera pas publié",
                    )
                )
    return problems

"""What the preview (`mkdocs serve`) shows brokers of their problems, in the browser.

A published build stops at the first error; the preview keeps going, and a story or a
bulletin that fails validation would simply vanish from it. Here it stays at its address as
an error page: its title (or file name), each problem located, what to do. A « Problèmes »
page lists every file with a problem, and a banner on every page of the preview counts
them. No MkDocs here: the plugin adds these pages only when it serves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from generator.cache import NO_CACHE, Cache
from generator.collection import Collection
from generator.model import urls
from generator.model.facets import FACETS
from generator.model.problems import Problem
from generator.model.source import read_document
from generator.model.text import quote
from generator.model.validate import is_page_name
from generator.outputs.site import GeneratedPage
from generator.settings import Settings

ERROR_TEMPLATE = "erreur-recit.html"
PROBLEMS_TEMPLATE = "problemes.html"
BANNER_TEMPLATE = "partials/apercu-bandeau.html"
UNKNOWN_TERM = "terme inconnu"
"""The start of the message of an unknown term (see `generator.model.schema`)."""


@dataclass(frozen=True)
class VocabularyLink:
    """The list of terms a broker can choose from: its page on the site and its file."""

    label: str
    url: str
    """Relative to the site root (`retombees/`)."""
    file: str
    """The vocabulary file, relative to the project (`vocabularies/outcomes.yml`)."""


@dataclass(frozen=True)
class FileProblems:
    """The problems of one file, as the preview shows them."""

    path: str
    """The file, relative to the project (`stories/projet-echo.md`)."""
    kind: str
    """« récit », « bulletin » or « fichier » (a vocabulary, mkdocs.yml)."""
    title: str
    """The title written in the file, or its name when there is none to read."""
    problems: tuple[Problem, ...]
    permalink: urls.Permalink | None
    """Its page in the preview (the error page when it is not published); None when it has
    none (a vocabulary, a file whose name is refused)."""
    published: bool
    """Its page is the story or bulletin itself: only warnings, or errors found across
    files, which the preview does not stop on."""
    vocabularies: tuple[VocabularyLink, ...] = ()
    """The lists of terms to pick from, when a term is unknown."""

    @property
    def url(self) -> str | None:
        """Its page, relative to the site root."""
        return self.permalink.url if self.permalink is not None else None

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


@dataclass(frozen=True)
class PreviewProblems:
    """Every file with a problem in this preview build, errors first."""

    files: tuple[FileProblems, ...] = ()
    drafts: int = 0
    """How many drafts the preview shows (a published build leaves them out)."""
    url: str = field(default_factory=lambda: urls.problems().url)
    """The « Problèmes » page, relative to the site root."""

    @property
    def with_errors(self) -> int:
        return sum(1 for item in self.files if item.errors)

    @property
    def with_warnings(self) -> int:
        return sum(1 for item in self.files if not item.errors)

    @property
    def banner(self) -> tuple[int, int]:
        """What the banner of every page shows (see `banner_html`)."""
        return (self.with_errors, self.with_warnings)


def preview_problems(
    collection: Collection, settings: Settings, cache: Cache = NO_CACHE
) -> PreviewProblems:
    """Group this build's problems by file, with the page where each file's are shown."""
    by_file: dict[Path, list[Problem]] = {}
    for problem in collection.problems:
        for seen in problem.seen_from(lambda path: True):
            by_file.setdefault(seen.path, []).append(seen)
    published = {story.path: story.permalink for story in collection.stories}
    published.update({bulletin.path: bulletin.permalink for bulletin in collection.bulletins})
    taken = set(published.values())
    files: list[FileProblems] = []
    for path, problems in by_file.items():
        problems = sorted(set(problems), key=lambda p: (p.line, p.field, p.message))
        kind, permalink = _address(path, settings)
        page = published.get(path)
        if page is None and permalink is not None and permalink not in taken:
            page = permalink
            taken.add(page)
        files.append(
            FileProblems(
                path.as_posix(),
                kind,
                _title(path, settings, cache) if kind != "fichier" else path.name,
                tuple(problems),
                page,
                path in published,
                tuple(vocabulary_links(problems, collection, settings)),
            )
        )
    files.sort(key=lambda item: (not item.errors, item.path))
    return PreviewProblems(tuple(files), collection.drafts)


def _address(path: Path, settings: Settings) -> tuple[str, urls.Permalink | None]:
    """What the file is, and where its page would be were it valid."""
    absolute = (settings.root / path).absolute()
    for folder, kind, permalink in (
        (settings.stories_dir, "récit", urls.story),
        (settings.bulletins_dir, "bulletin", urls.bulletin),
    ):
        if absolute.suffix == ".md" and absolute.is_relative_to(folder.absolute()):
            slug = absolute.stem
            return kind, (permalink(slug) if is_page_name(slug) else None)
    return "fichier", None


def _title(path: Path, settings: Settings, cache: Cache) -> str:
    """The title as written in the file's front matter, else its name: the document this
    build read, from the cache (the preview's), not parsed again."""
    read = read_document(settings.root / path, path, cache)
    if isinstance(read, Problem):
        return path.name
    data = read.front_matter.data
    title = data.get("title") if isinstance(data, Mapping) else None
    return title.strip() if isinstance(title, str) and title.strip() else path.name


def vocabulary_links(
    problems: Iterable[Problem], collection: Collection, settings: Settings
) -> list[VocabularyLink]:
    """The vocabularies a file names an unknown term of (story, `select`, `::: liste`)."""
    links: list[VocabularyLink] = []
    for facet in FACETS:
        vocabulary = collection.vocabularies.get(facet.key)
        if vocabulary is None:
            continue
        named = f"vocabulaire {quote(vocabulary.label)}"
        if any(UNKNOWN_TERM in p.message and named in p.message for p in problems):
            file = settings.shown(settings.vocabularies_dir / f"{facet.vocabulary}.yml")
            url = urls.facet(facet.key).url
            links.append(VocabularyLink(vocabulary.label, url, file.as_posix()))
    return links


def preview_pages(report: PreviewProblems) -> list[GeneratedPage]:
    """The « Problèmes » page and an error page at the address of each story or bulletin
    that is not published because of its errors."""
    pages = [
        GeneratedPage(
            urls.problems(),
            "Problèmes à corriger",
            PROBLEMS_TEMPLATE,
            context={"rapport": report},
            hide=("navigation", "toc"),
        )
    ]
    for item in report.files:
        if item.permalink is None or item.published:
            continue
        pages.append(
            GeneratedPage(
                item.permalink,
                f"À corriger : {item.title}",
                ERROR_TEMPLATE,
                context={"fichier": item, "rapport": report},
                hide=("navigation", "toc"),
            )
        )
    return pages


def banner_html(env: Environment, report: PreviewProblems, base_url: str) -> str:
    """The banner of every page of the preview, as of this build: a file of its own that
    the pages fetch, rather than part of each page, so that a file becoming valid or not
    renders again only the pages it is shown on. Links start from `base_url`."""
    return env.get_template(BANNER_TEMPLATE).render(rapport=report, base=base_url)

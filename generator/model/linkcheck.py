"""The links of a collection: every published story's and bulletin's, checked against the
pages and attachments of the site, with their messages (a draft cited, a story not found).

`generator.model.links` knows the forms a link takes and how MkDocs resolves it; this module
applies it to a whole collection, once the pipeline has validated it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from generator.collection import Collection
from generator.model import urls
from generator.model.bulletin import Bulletin, find_story
from generator.model.links import LinkChecker, Source, has_links
from generator.model.problems import Problem, Severity
from generator.model.story import Story
from generator.model.text import closest, did_you_mean, quote
from generator.model.validate import draft_cited
from generator.settings import Settings


def check_links(
    collection: Collection,
    every: list[Story],
    settings: Settings,
    markdown_files: list[Path],
    page_sources: Callable[[Collection], set[str]],
    rejected: Sequence[Bulletin] = (),
) -> None:
    """Check the links of every published story and bulletin (see `generator.model.links`),
    and give each the links MkDocs needs rewritten; each problem, located, in the
    collection's. `page_sources` lists the virtual source of every page of the site (only
    asked for when some body has a link). A file only drafts link is withheld."""
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
        page_sources(collection),
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

"""Validation: source documents in, stories and located problems out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from generator.model.facets import FACETS
from generator.model.messages import pydantic_problems
from generator.model.problems import Problem, Severity
from generator.model.schema import DUPLICATE_KEY_MESSAGE, STORY_KEYS, StoryFields, StoryFrontMatter
from generator.model.source import SourceDocument
from generator.model.story import Story
from generator.model.text import closest, did_you_mean, match_key, quote, slugify
from generator.model.vocabulary import Vocabularies
from generator.model.yamlsource import LocatedYaml

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def validate_story(
    document: SourceDocument, slug: str, vocabularies: Vocabularies
) -> tuple[Story | None, list[Problem]]:
    """Check one document against the schema; a story only when it has no error."""
    path, located = document.path, document.front_matter
    problems = [
        Problem(path, line, key, DUPLICATE_KEY_MESSAGE) for key, line in located.duplicate_keys
    ]
    problems.extend(file_name_problems(path, slug, "du récit"))
    if located.data is None:
        problems.append(Problem(path, 1, "en-tête", "l'en-tête YAML est vide"))
        return None, problems
    try:
        meta = StoryFrontMatter.model_validate(located.data, context={"vocabularies": vocabularies})
    except ValidationError as error:
        problems.extend(pydantic_problems(error, path, located, STORY_KEYS))
        return None, problems
    if problems:
        return None, problems
    meta, repeated = _without_repeats(meta, path, located)
    story = Story(
        slug, path, meta, document.body, document.body_line, located, digest=document.digest
    )
    story.resolve_terms(vocabularies)
    return story, repeated


def _without_repeats(
    meta: StoryFields, path: Path, located: LocatedYaml
) -> tuple[StoryFields, list[Problem]]:
    """Each term (and each related story) once: `region: [estrie, "05"]` names Estrie twice,
    which would count the story twice. The repeat is dropped, with a warning where it is."""
    problems: list[Problem] = []
    update: dict[str, list[str]] = {}
    for key in (*(facet.key for facet in FACETS), "related"):
        values: list[str] = getattr(meta, key)
        if len(set(values)) == len(values):
            continue
        kept: list[str] = []
        for index, value in enumerate(values):
            if value in kept:
                written = _written(located, key, index)
                problems.append(
                    Problem(
                        path,
                        located.line_of((key, index)),
                        key,
                        f"{quote(written)} répète {quote(value)}, déjà nommé : retirez la "
                        "répétition (le récit n'est compté qu'une fois)",
                        Severity.WARNING,
                    )
                )
            else:
                kept.append(value)
        update[key] = kept
    return (meta.model_copy(update=update) if update else meta), problems


def _written(located: LocatedYaml, key: str, index: int) -> object:
    """The value as the broker wrote it (an alias, a code), before it became an id."""
    data = located.data.get(key) if isinstance(located.data, dict) else None
    if isinstance(data, list) and index < len(data):
        return data[index]
    return data


RESERVED_NAMES: frozenset[str] = frozenset({"index"})
"""File names the generator's own pages use (`index.md` would be the folder's page)."""


def is_page_name(slug: str) -> bool:
    """Whether a file named `slug` (without `.md`) can be a story's or a bulletin's page."""
    return slug not in RESERVED_NAMES and _SLUG.fullmatch(slug) is not None


def file_name_problems(path: Path, slug: str, whose: str) -> list[Problem]:
    """The naming rule of stories and bulletins: the name becomes the address."""
    if slug in RESERVED_NAMES:
        message = (
            f"nom de fichier {quote(slug + '.md')} réservé : cette adresse est celle d'une "
            "page du site ; choisissez un nom qui décrit le contenu"
        )
    elif not _SLUG.fullmatch(slug):
        message = (
            f"nom de fichier {quote(slug + '.md')} invalide : il devient l'adresse {whose} ; "
            f"utilisez minuscules sans accents, chiffres et traits d'union"
            + did_you_mean([slugify(slug) + ".md"] if slugify(slug) else [])
        )
    else:
        return []
    return [Problem(path, 1, "fichier", message)]


def check_collection(stories: Iterable[Story]) -> list[Problem]:
    """Problems that only show across files: duplicate slugs and titles, dangling `related`."""
    problems: list[Problem] = []
    by_slug: dict[str, Story] = {}
    by_title: dict[str, Story] = {}
    for story in stories:
        first = by_slug.setdefault(story.slug, story)
        if first is not story:
            why = "deux récits ne peuvent pas avoir la même adresse ; renommez l'un des deux"
            problems.append(
                Problem(
                    story.path,
                    1,
                    "fichier",
                    f"nom de fichier déjà utilisé par {first.path.as_posix()} : {why}",
                    also=(
                        Problem(
                            first.path,
                            1,
                            "fichier",
                            f"nom de fichier aussi utilisé par {story.path.as_posix()} : {why}",
                        ),
                    ),
                )
            )
            continue
        same_title = by_title.setdefault(match_key(story.title), story)
        if same_title is not story:
            problems.append(
                Problem(
                    story.path,
                    story.located.line_of(("title",)),
                    "title",
                    f"titre {quote(story.title)} déjà utilisé par {same_title.path.as_posix()}",
                    also=(
                        Problem(
                            same_title.path,
                            same_title.located.line_of(("title",)),
                            "title",
                            f"titre {quote(same_title.title)} aussi utilisé par "
                            f"{story.path.as_posix()}",
                        ),
                    ),
                )
            )
    for story in by_slug.values():
        for index, slug in enumerate(story.meta.related):
            line = story.located.line_of(("related", index))
            if slug == story.slug:
                message = "un récit ne peut pas être lié à lui-même"
            elif slug not in by_slug:
                suggestions = closest(slug, by_slug)
                message = f"récit {quote(slug)} introuvable" + did_you_mean(suggestions)
            else:
                continue
            problems.append(Problem(story.path, line, "related", message))
    return problems


def check_related_drafts(published: list[Story], every: list[Story]) -> list[Problem]:
    """A published story may not point to a draft: the link would lead nowhere."""
    published_slugs = {story.slug for story in published}
    drafts = {story.slug: story for story in every if story.slug not in published_slugs}
    problems = []
    for story in published:
        for index, slug in enumerate(story.meta.related):
            draft = drafts.get(slug)
            if draft is not None:
                problems.append(
                    Problem(
                        story.path,
                        story.located.line_of(("related", index)),
                        "related",
                        f"le récit « {slug} » est un brouillon (draft: true) et ne sera pas publié",
                        also=(draft_cited(draft, story.path, "related"),),
                    )
                )
    return problems


def draft_cited(draft: Story, by: Path, how: str) -> Problem:
    """The other side of a published page pointing to a draft, located in the draft."""
    return Problem(
        draft.path,
        draft.located.line_of(("draft",)),
        "draft",
        f"ce brouillon est cité par {by.as_posix()} ({how}), qui sera publié : publiez-le "
        "ou retirez-l'y",
    )

"""Validation: source documents in, stories and located problems out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import ValidationError

from generator.messages import pydantic_problems
from generator.problems import Problem
from generator.schema import STORY_KEYS, StoryFrontMatter
from generator.source import SourceDocument
from generator.story import Story
from generator.text import closest, did_you_mean, match_key, quote, slugify
from generator.vocabulary import Vocabularies

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def validate_story(
    document: SourceDocument, slug: str, vocabularies: Vocabularies
) -> tuple[Story | None, list[Problem]]:
    """Check one document against the schema; a story only when it has no error."""
    path, located = document.path, document.front_matter
    problems = [
        Problem(path, line, key, "clé en double : seule la dernière valeur serait gardée")
        for key, line in located.duplicate_keys
    ]
    if not _SLUG.fullmatch(slug):
        problems.append(
            Problem(
                path,
                1,
                "fichier",
                f"nom de fichier {quote(slug + '.md')} invalide : il devient l'adresse du récit ; "
                f"utilisez minuscules sans accents, chiffres et traits d'union"
                + did_you_mean([slugify(slug) + ".md"]),
            )
        )
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
    story = Story(
        slug, path, meta, document.body, document.body_line, located, digest=document.digest
    )
    story.resolve_terms(vocabularies)
    return story, []


def check_collection(stories: Iterable[Story]) -> list[Problem]:
    """Problems that only show across files: duplicate slugs and titles, dangling `related`."""
    problems: list[Problem] = []
    by_slug: dict[str, Story] = {}
    by_title: dict[str, Story] = {}
    for story in stories:
        first = by_slug.setdefault(story.slug, story)
        if first is not story:
            problems.append(
                Problem(
                    story.path,
                    1,
                    "fichier",
                    f"nom de fichier déjà utilisé par {first.path.as_posix()} : deux récits ne "
                    "peuvent pas avoir la même adresse ; renommez l'un des deux",
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

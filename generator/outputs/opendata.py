"""The site's machine-readable API: stories.json, vocabularies.json and the story schema."""

from __future__ import annotations

import json
from functools import partial
from typing import Any
from urllib.parse import urljoin

from generator.cache import NO_CACHE, Cache
from generator.collection import Collection
from generator.model import urls
from generator.model.facets import FACETS
from generator.model.schema import story_json_schema
from generator.model.story import Story
from generator.model.vocabulary import Vocabulary

_TEXT_FIELDS = ("rls", "population", "partners", "objectives", "related", "tags")


def _record_text(story: Story, site_url: str) -> str:
    return _compact(story_record(story, site_url))


def _compact(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _dump(document: object, *, compact: bool = False) -> bytes:
    """JSON in UTF-8; `compact` for the large files, read by programs rather than people."""
    text = _compact(document) if compact else json.dumps(document, ensure_ascii=False, indent=2)
    return text.encode("utf-8") + b"\n"


def story_record(story: Story, site_url: str) -> dict[str, Any]:
    """One story of stories.json."""
    record: dict[str, Any] = {
        "slug": story.slug,
        "url": urljoin(site_url, story.url),
        "title": story.title,
        "date": story.meta.date.isoformat(),
    }
    for facet in FACETS:
        record[facet.key] = [
            {"id": term.id, "label": term.label} for term in story.terms.get(facet.key, ())
        ]
    for key in _TEXT_FIELDS:
        record[key] = getattr(story.meta, key)
    record["summary"] = story.summary
    return record


def vocabularies_document(vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    return {
        key: {
            "label": vocabulary.label,
            "description": vocabulary.description,
            "terms": [term.model_dump() for term in vocabulary],
        }
        for key, vocabulary in vocabularies.items()
    }


def open_data_files(
    collection: Collection, site_url: str, cache: Cache = NO_CACHE
) -> dict[str, bytes]:
    """The API files, by path in the site. `cache` (the preview's) keeps each story's
    record, keyed by its file, its summary and the vocabularies (its terms' labels)."""
    vocabularies = collection.vocabularies
    known = collection.vocabularies_digest
    records = [
        cache.get(
            ("open data", story.slug, story.digest, story.summary, site_url, known),
            partial(_record_text, story, site_url),
        )
        for story in collection.stories
    ]
    # The same bytes as the whole list dumped at once.
    stories = ("[" + ",".join(records) + "]\n").encode("utf-8")

    def vocabulary_files() -> dict[str, bytes]:
        return {
            urls.VOCABULARIES_DATA: _dump(vocabularies_document(vocabularies)),
            urls.SCHEMA: _dump(story_json_schema(vocabularies, urljoin(site_url, urls.SCHEMA))),
        }

    key = ("open data", site_url, collection.vocabularies_digest)
    return {urls.STORIES_DATA: stories, **cache.get(key, vocabulary_files)}

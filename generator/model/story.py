"""A validated story, the unit every page of the site is made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model import urls
from generator.model.facets import FACETS
from generator.model.links import Target
from generator.model.schema import StoryFields
from generator.model.vocabulary import Term, Vocabularies
from generator.model.yamlsource import LocatedYaml


@dataclass
class Story:
    """One story: its validated front matter, its Markdown body and its resolved terms."""

    slug: str
    """File name without `.md`; unique across `stories/`, and the last part of its URL."""

    path: Path
    """Source file, as shown in messages."""

    meta: StoryFields
    """Validated front matter; term fields hold vocabulary ids."""

    body: str
    """Markdown body, after the front matter."""

    body_line: int
    """Line of the source file where the body starts."""

    located: LocatedYaml = field(repr=False)
    """Line of every front-matter key, to locate problems found after validation."""

    digest: str = ""
    """SHA-256 of the source file, for caches across rebuilds."""

    terms: dict[str, tuple[Term, ...]] = field(default_factory=dict)
    """Resolved terms by facet key, for display (labels, descriptions)."""

    summary: str = ""
    """Its « coup d'œil », plain text: its own `summary`, or derived from the body (enrich)."""

    links: dict[str, Target] = field(default_factory=dict)
    """Links of the body to write for MkDocs (`recit:`, attachments), by written address."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def permalink(self) -> urls.Permalink:
        return urls.story(self.slug)

    @property
    def url(self) -> str:
        """Permalink, relative to the site root."""
        return self.permalink.url

    def resolve_terms(self, vocabularies: Vocabularies) -> None:
        """Attach the Term objects behind the ids of each facet."""
        for facet in FACETS:
            vocabulary = vocabularies.get(facet.key)
            if vocabulary is None:  # broken vocabulary file, reported on its own
                continue
            ids = self.meta.ids(facet.key)
            self.terms[facet.key] = tuple(vocabulary.get(term_id) for term_id in ids)

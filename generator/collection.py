"""What the pages are made from: the pipeline's output, one per build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model.bulletin import Bulletin
from generator.model.problems import Problem
from generator.model.publisher import Publisher
from generator.model.story import Story
from generator.model.vocabulary import Vocabulary
from generator.outputs.index import Indexes
from generator.outputs.related import RelatedStory


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

    timings: dict[str, float] = field(default_factory=dict, repr=False)
    """Seconds spent in each stage, for the benchmark."""

    publisher: Publisher = field(default_factory=Publisher)
    """Who publishes the site (mkdocs.yml `extra`): citations, sharing, contact."""
    attachments: dict[str, Path] = field(default_factory=dict)
    """Files published as they are, by the path of their URL (see `generator.model.urls`)."""
    vocabularies_digest: str = field(default="", repr=False)
    """Digest of the vocabularies, for the keys of the preview's cache (empty without one)."""
    drafts: int = 0
    """Valid stories marked `draft: true` (shown by the preview, never published)."""
    terms_digest: str = field(default="", repr=False)
    """Digest of the stories' order, dates, hand-picked related stories and term ids, for
    the keys of the preview's cache (empty without one)."""

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]

"""Bulletins (« Le Relais »): front matter, story selection and the editor's directives."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from generator import urls
from generator.messages import pydantic_problems
from generator.problems import Problem
from generator.query import QUERY_KEYS, QueryFields, StoryQuery
from generator.schema import IsoDate, Text
from generator.source import SourceDocument
from generator.story import Story
from generator.text import closest, did_you_mean, quote
from generator.vocabulary import Vocabularies
from generator.yamlsource import LocatedYaml

CARD_DIRECTIVE = re.compile(r"^:::[ \t]*recit[ \t]+(?P<args>.*?)[ \t]*$", re.MULTILINE)
LIST_DIRECTIVE = re.compile(r"^:::[ \t]*liste[ \t]*(?P<args>.*?)[ \t]*$", re.MULTILINE)
STORY_LINK = re.compile(r"\]\(recit:(?P<slug>[^)\s]*)\)")


if TYPE_CHECKING:
    SelectQuery = QueryFields
else:
    SelectQuery = StoryQuery  # the registry's facets, built at import


class BulletinFrontMatter(BaseModel):
    """What an editor writes at the top of a bulletin."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text = Field(title="Titre", description="Titre du numéro")
    number: StrictInt = Field(
        ge=1, title="Numéro", description="Numéro du bulletin (unique), à partir de 1"
    )
    """Issue number."""
    date: IsoDate = Field(
        title="Date de parution",
        description="AAAA-MM-JJ : le numéro ne montre que les récits publiés ce jour-là ou avant",
    )
    """Publication date: the bulletin only sees stories dated on or before it."""
    description: Text = Field(title="Description", description="Une phrase qui présente le numéro")
    stories: list[Text] = Field(
        default_factory=list,
        title="Récits choisis",
        description="Récits montrés dans cet ordre : noms de fichiers sans .md",
    )
    """Slugs of stories, in the order they are shown."""
    select: SelectQuery | None = Field(
        default=None,
        title="Sélection par facettes",
        description="Les récits qui portent au moins un terme de chaque facette remplie, "
        "du plus récent au plus ancien, après les récits choisis",
    )
    """A query over the stories' facets; its matches follow `stories`, newest first."""


@dataclass(frozen=True)
class Block:
    """Something the editor placed in the body: one story's card, or a list of stories."""

    kind: str
    """`carte` or `liste`."""
    stories: tuple[Story, ...]


@dataclass
class Bulletin:
    """A validated bulletin, its selected stories and its body ready for Markdown."""

    slug: str
    path: Path
    meta: BulletinFrontMatter
    stories: list[Story]
    """Selected stories: `stories` in order, then `select` matches, newest first."""
    segments: list[str | Block] = field(default_factory=list)
    """The body in order: Markdown text (story links written `recit:<slug>`) and blocks."""
    located: LocatedYaml | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def permalink(self) -> urls.Permalink:
        return urls.bulletin(self.slug)

    @property
    def url(self) -> str:
        return self.permalink.url

    @property
    def blocks(self) -> list[Block]:
        return [segment for segment in self.segments if isinstance(segment, Block)]


def validate_bulletin(
    document: SourceDocument,
    slug: str,
    stories: dict[str, Story],
    vocabularies: Vocabularies,
) -> tuple[Bulletin | None, list[Problem]]:
    """Check a bulletin and resolve what it shows; a bulletin only when it has no error."""
    path, located = document.path, document.front_matter
    try:
        meta = BulletinFrontMatter.model_validate(
            located.data, context={"vocabularies": vocabularies}
        )
    except ValidationError as error:
        keys = sorted({*BulletinFrontMatter.model_fields, *QUERY_KEYS})
        return None, pydantic_problems(error, path, located, keys)
    problems: list[Problem] = []
    visible = {s: story for s, story in stories.items() if story.meta.date <= meta.date}
    chosen: list[Story] = []
    for index, wanted in enumerate(meta.stories):
        line = located.line_of(("stories", index))
        story = _find(wanted, visible, stories, meta.date, path, line, "stories", problems)
        if story is not None and story not in chosen:
            chosen.append(story)
    if meta.select is not None:
        matches = meta.select.select(visible.values(), meta.date)
        if not matches:
            problems.append(
                Problem(path, located.line_of(("select",)), "select", _empty(meta.date))
            )
        chosen += [story for story in matches if story not in chosen]
    elif not meta.stories:
        problems.append(
            Problem(path, 1, "stories", "aucun récit choisi : ajoutez stories ou select")
        )
    bulletin = Bulletin(slug, path, meta, chosen, located=located)
    bulletin.segments = _segments(document, bulletin, visible, stories, vocabularies, problems)
    return (None if problems else bulletin), problems


def _find(
    wanted: str,
    visible: dict[str, Story],
    every: dict[str, Story],
    until: object,
    path: Path,
    line: int,
    field_name: str,
    problems: list[Problem],
) -> Story | None:
    story = visible.get(wanted)
    if story is not None:
        return story
    if wanted in every:
        message = (
            f"le récit {quote(wanted)} est daté du {every[wanted].meta.date.isoformat()}, après "
            f"le bulletin ({until}) : un bulletin ne montre que des récits déjà publiés"
        )
    else:
        message = f"récit {quote(wanted)} introuvable" + did_you_mean(closest(wanted, every))
    problems.append(Problem(path, line, field_name, message))
    return None


def _empty(until: object) -> str:
    return f"aucun récit publié au plus tard le {until} ne correspond à cette sélection"


def _segments(
    document: SourceDocument,
    bulletin: Bulletin,
    visible: dict[str, Story],
    every: dict[str, Story],
    vocabularies: Vocabularies,
    problems: list[Problem],
) -> list[str | Block]:
    """Split the body into Markdown text and the blocks its directives ask for."""
    lines = document.body.split("\n")
    out: list[str | Block] = []
    for offset, text in enumerate(lines):
        line = document.body_line + offset
        card = CARD_DIRECTIVE.fullmatch(text)
        listing = LIST_DIRECTIVE.fullmatch(text)
        if card:
            story = _find(card["args"], visible, every, bulletin.meta.date, document.path, line,
                          "corps", problems)  # fmt: skip
            if story is not None:
                out.append(Block("carte", (story,)))
            continue
        if listing:
            stories = _listing(listing["args"], bulletin, visible, vocabularies, document.path,
                               line, problems)  # fmt: skip
            if stories:
                out.append(Block("liste", tuple(stories)))
            continue
        for match in STORY_LINK.finditer(text):
            _find(match["slug"], visible, every, bulletin.meta.date, document.path, line,
                  "corps", problems)  # fmt: skip
        if out and isinstance(out[-1], str):
            out[-1] += "\n" + text
        else:
            out.append(text)
    return out


def _listing(
    arguments: str,
    bulletin: Bulletin,
    visible: dict[str, Story],
    vocabularies: Vocabularies,
    path: Path,
    line: int,
    problems: list[Problem],
) -> list[Story]:
    """`::: liste outcomes=urgence,hospitalisation region=estrie limit=3`."""
    query: dict[str, object] = {}
    try:
        words = shlex.split(arguments)
    except ValueError:
        words = ["?"]
    for word in words:
        key, sign, value = word.partition("=")
        if not sign or not key:
            problems.append(
                Problem(path, line, "corps", f"{quote(word)} : écrivez clé=valeur1,valeur2")
            )
            return []
        query[key] = value if key in ("since", "limit") else value.split(",")
    try:
        parsed = StoryQuery.model_validate(query, context={"vocabularies": vocabularies})
    except ValidationError as error:
        located = LocatedYaml(query)
        for problem in pydantic_problems(error, path, located, QUERY_KEYS):
            problems.append(Problem(path, line, "corps", f"{problem.field} : {problem.message}"))
        return []
    stories = parsed.select(visible.values(), bulletin.meta.date)
    if not stories:
        problems.append(Problem(path, line, "corps", _empty(bulletin.meta.date)))
    return stories


def validate_bulletins(
    documents: list[tuple[str, SourceDocument]],
    published: list[Story],
    vocabularies: Vocabularies,
    problems: list[Problem],
) -> list[Bulletin]:
    """Validate bulletins against the published stories; no two may share a slug or number.

    Valid bulletins, newest first; every problem goes to `problems`.
    """
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

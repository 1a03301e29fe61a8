"""Bulletins (« Le Relais »): front matter, story selection and the editor's directives."""

from __future__ import annotations

import datetime
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from generator.model import urls
from generator.model.limits import LIMITS
from generator.model.links import Target
from generator.model.messages import pydantic_problems
from generator.model.problems import Problem
from generator.model.query import QUERY_KEYS, QueryFields, Selection, StoryQuery
from generator.model.schema import IsoDate, Text
from generator.model.source import SourceDocument
from generator.model.story import Story
from generator.model.text import closest, did_you_mean, quote
from generator.model.validate import draft_cited, file_name_problems
from generator.model.vocabulary import Vocabularies
from generator.model.yamlsource import LocatedYaml

CARD_DIRECTIVE = re.compile(r"^:::[ \t]*recit[ \t]+(?P<args>.*?)[ \t]*$", re.MULTILINE)
LIST_DIRECTIVE = re.compile(r"^:::[ \t]*liste[ \t]*(?P<args>.*?)[ \t]*$", re.MULTILINE)


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
    """What the block shows: for a list, its matches not presented elsewhere in the issue."""
    elsewhere: int = 0
    """A list's matches left out because the issue presents them elsewhere (a card, an
    earlier list): a reader meets each story once."""


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
    links: dict[str, Target] = field(default_factory=dict)
    """Links of the body to write for MkDocs (`recit:`, attachments), by written address."""
    body_line: int = 1
    """Line of the file where the body starts."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def issue(self) -> str:
        """The issue's number as readers see it, the one form of the page, the archive, the
        home page, the email editions and the feed: « Numéro 14 »."""
        return f"Numéro {self.meta.number}"

    @property
    def masthead(self) -> str:
        """The newsletter's name and the issue, where the page's header does not show the
        name already (page title, email subject, feed): « Le Relais — Numéro 14 »."""
        return f"Le Relais — {self.issue}"

    @property
    def permalink(self) -> urls.Permalink:
        return urls.bulletin(self.slug)

    @property
    def url(self) -> str:
        return self.permalink.url

    def meta_visible(self, stories: Iterable[Story]) -> list[Story]:
        """The stories this bulletin may show: dated on or before it."""
        return [story for story in stories if story.meta.date <= self.meta.date]

    @property
    def blocks(self) -> list[Block]:
        return [segment for segment in self.segments if isinstance(segment, Block)]

    @property
    def other_stories(self) -> list[Story]:
        """Selected stories no block of the text presents (card or list): those that
        « Les récits de ce numéro » still shows, so that no story is named twice."""
        placed = {story.slug for block in self.blocks for story in block.stories}
        return [story for story in self.stories if story.slug not in placed]


def validate_bulletin(
    document: SourceDocument,
    slug: str,
    stories: dict[str, Story],
    vocabularies: Vocabularies,
    every: dict[str, Story] | None = None,
    selection: Selection | None = None,
) -> tuple[Bulletin | None, list[Problem]]:
    """Check a bulletin and resolve what it shows; a bulletin only when it has no error.
    `selection` answers its queries (by default, over `stories`)."""
    path, located = document.path, document.front_matter
    naming = file_name_problems(path, slug, "du bulletin")
    try:
        meta = BulletinFrontMatter.model_validate(
            located.data, context={"vocabularies": vocabularies}
        )
    except ValidationError as error:
        keys = sorted({*BulletinFrontMatter.model_fields, *QUERY_KEYS})
        return None, naming + pydantic_problems(error, path, located, keys)
    problems: list[Problem] = naming
    every = every if every is not None else stories
    selection = selection if selection is not None else Selection(list(stories.values()))
    visible = {s: story for s, story in stories.items() if story.meta.date <= meta.date}
    chosen: list[Story] = []
    for index, wanted in enumerate(meta.stories):
        line = located.line_of(("stories", index))
        story = find_story(wanted, visible, every, meta.date, path, line, "stories", problems)
        if story is not None and story not in chosen:
            chosen.append(story)
    if meta.select is not None:
        matches = selection.select(meta.select, meta.date)
        if not matches:
            problems.append(
                Problem(path, located.line_of(("select",)), "select", _empty(meta.date))
            )
        chosen += [story for story in matches if story not in chosen]
    elif not meta.stories:
        problems.append(
            Problem(path, 1, "stories", "aucun récit choisi : ajoutez stories ou select")
        )
    bulletin = Bulletin(slug, path, meta, chosen, located=located, body_line=document.body_line)
    bulletin.segments = _segments(
        document, bulletin, visible, every, vocabularies, problems, selection
    )
    return (None if problems else bulletin), problems


def find_story(
    wanted: str,
    visible: dict[str, Story],
    every: dict[str, Story],
    until: datetime.date,
    path: Path,
    line: int,
    field_name: str,
    problems: list[Problem],
) -> Story | None:
    """The story a bulletin names, or a problem saying why it cannot show it (located in
    the bulletin, and in the story when the story is the one to change)."""
    story = visible.get(wanted)
    if story is not None:
        return story
    found = every.get(wanted)
    also: tuple[Problem, ...] = ()
    if found is None:
        message = f"récit {quote(wanted)} introuvable" + did_you_mean(closest(wanted, every))
    elif found.meta.draft:
        message = (
            f"le récit {quote(wanted)} est un brouillon (draft: true) : il ne sera pas publié, "
            "le bulletin ne peut pas le montrer"
        )
        also = (draft_cited(found, path, "bulletin"),)
    else:
        message = (
            f"le récit {quote(wanted)} est daté du {found.meta.date.isoformat()}, après "
            f"le bulletin ({until}) : un bulletin ne montre que des récits déjà publiés"
        )
        also = (
            Problem(
                found.path,
                found.located.line_of(("date",)),
                "date",
                f"le bulletin {path.as_posix()} du {until} cite ce récit, daté après lui : un "
                "bulletin ne montre que des récits déjà publiés",
            ),
        )
    problems.append(Problem(path, line, field_name, message, also=also))
    return None


def _empty(until: object) -> str:
    return f"aucun récit publié au plus tard le {until} ne correspond à cette sélection"


RESERVED_MARK = "data-oqrls-bloc"
"""The attribute of the generator's block placeholders (`generator.outputs.blocks`): HTML written
with it would be taken for a block."""


def _segments(
    document: SourceDocument,
    bulletin: Bulletin,
    visible: dict[str, Story],
    every: dict[str, Story],
    vocabularies: Vocabularies,
    problems: list[Problem],
    selection: Selection,
) -> list[str | Block]:
    """Split the body into Markdown text and the blocks its directives ask for."""
    lines = document.body.split("\n")
    out: list[str | Block] = []
    blocks = 0
    for offset, text in enumerate(lines):
        line = document.body_line + offset
        card = CARD_DIRECTIVE.fullmatch(text)
        listing = LIST_DIRECTIVE.fullmatch(text)
        if (card or listing) and blocks == LIMITS.max_blocks:
            problems.append(
                Problem(document.path, line, "corps", f"{LIMITS.max_blocks} blocs au plus")
            )
        if card or listing:
            blocks += 1
        if card:
            story = find_story(
                card["args"], visible, every, bulletin.meta.date, document.path, line, "corps",
                problems,
            )  # fmt: skip
            out.append(Block("carte", (story,)) if story is not None else "")
            continue
        if listing:
            stories = _listing(listing["args"], bulletin, vocabularies, document.path,
                               line, problems, selection)  # fmt: skip
            # A refused block keeps its line: what follows is reported at its own line.
            out.append(Block("liste", tuple(stories)) if stories else "")
            continue
        if RESERVED_MARK in text:
            problems.append(
                Problem(
                    document.path, line, "corps",
                    f"{quote(RESERVED_MARK)} est réservé au générateur (il marque la place "
                    "des blocs « ::: ») : retirez-le du texte",
                )
            )  # fmt: skip
        if out and isinstance(out[-1], str):
            out[-1] += "\n" + text
        else:
            out.append(text)
    return named_once(out)


def named_once(segments: list[str | Block]) -> list[str | Block]:
    """`segments` where a list leaves out the stories a card of the issue (wherever it is)
    or an earlier list already presents: the editor's cards and order are kept, a reader
    meets each story once. The list still says how many it left out."""
    shown = {
        block.stories[0].slug
        for block in segments
        if isinstance(block, Block) and block.kind == "carte"
    }
    out: list[str | Block] = []
    for segment in segments:
        if isinstance(segment, Block) and segment.kind == "liste":
            new = tuple(story for story in segment.stories if story.slug not in shown)
            shown.update(story.slug for story in new)
            segment = Block("liste", new, len(segment.stories) - len(new))
        out.append(segment)
    return out


def _listing(
    arguments: str,
    bulletin: Bulletin,
    vocabularies: Vocabularies,
    path: Path,
    line: int,
    problems: list[Problem],
    selection: Selection,
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
    stories = selection.select(parsed, bulletin.meta.date)
    if not stories:
        problems.append(Problem(path, line, "corps", _empty(bulletin.meta.date)))
    return stories


def validate_bulletins(
    documents: list[tuple[str, SourceDocument]],
    published: list[Story],
    vocabularies: Vocabularies,
    problems: list[Problem],
    every: list[Story] | None = None,
    rejected: list[Bulletin] | None = None,
    selection: Selection | None = None,
) -> list[Bulletin]:
    """Validate bulletins against the published stories; no two may share a slug or number.

    Valid bulletins, newest first; every problem goes to `problems`. Those refused but
    readable go to `rejected`, for the checks that can still be made (their links).
    """
    stories = {story.slug: story for story in published}
    all_stories = {story.slug: story for story in every} if every is not None else stories
    bulletins: list[Bulletin] = []
    seen_slugs: dict[str, Path] = {}
    seen_numbers: dict[int, tuple[Path, int]] = {}
    for slug, document in documents:
        bulletin, found = validate_bulletin(
            document, slug, stories, vocabularies, all_stories, selection
        )
        problems.extend(found)
        # Even for a bulletin refused for another reason: every problem in one run.
        repeated = _repeated_number(document, seen_numbers)
        if repeated is not None:
            problems.append(repeated)
        if bulletin is None:
            if rejected is not None and found and found[0].path == document.path:
                # Parsed but refused: its links are still worth checking, all at once.
                partial = _parsed(document, slug, vocabularies)
                if partial is not None:
                    rejected.append(partial)
            continue
        other = seen_slugs.setdefault(slug, bulletin.path)
        if other != bulletin.path:
            also = Problem(
                other, 1, "fichier", f"nom de fichier aussi utilisé par {bulletin.path.as_posix()}"
            )
            problems.append(
                Problem(
                    bulletin.path,
                    1,
                    "fichier",
                    f"nom de fichier déjà utilisé par {other.as_posix()}",
                    also=(also,),
                )
            )
            continue
        if repeated is not None:
            continue
        bulletins.append(bulletin)
    bulletins.sort(key=lambda b: (-b.meta.date.toordinal(), -b.meta.number))
    return bulletins


def _repeated_number(document: SourceDocument, seen: dict[int, tuple[Path, int]]) -> Problem | None:
    """A number some earlier bulletin already has (its file and line are kept in `seen`)."""
    data = document.front_matter.data
    number = data.get("number") if isinstance(data, dict) else None
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    line = document.front_matter.line_of(("number",))
    first = seen.setdefault(number, (document.path, line))
    if first[0] == document.path:
        return None
    also = Problem(
        first[0],
        first[1],
        "number",
        f"numéro {number} aussi utilisé par {document.path.as_posix()}",
    )
    message = f"numéro {number} déjà utilisé par {first[0].as_posix()}"
    return Problem(document.path, line, "number", message, also=(also,))


def _parsed(document: SourceDocument, slug: str, vocabularies: Vocabularies) -> Bulletin | None:
    """A bulletin whose front matter is readable, with its body as one text (no blocks)."""
    try:
        meta = BulletinFrontMatter.model_validate(
            document.front_matter.data, context={"vocabularies": vocabularies}
        )
    except ValidationError:
        return None
    lines = [
        "" if CARD_DIRECTIVE.fullmatch(text) or LIST_DIRECTIVE.fullmatch(text) else text
        for text in document.body.split("\n")
    ]
    return Bulletin(
        slug, document.path, meta, [], ["\n".join(lines)], document.front_matter,
        body_line=document.body_line,
    )  # fmt: skip

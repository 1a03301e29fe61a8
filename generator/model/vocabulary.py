"""Controlled vocabularies: YAML data that brokers edit, and matching of terms against them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import urljoin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from generator.model import urls
from generator.model.facets import FACETS, Facet
from generator.model.limits import LIMITS
from generator.model.messages import pydantic_problems
from generator.model.problems import Problem
from generator.model.source import read_bounded
from generator.model.text import match_key, quote, visible
from generator.model.yamlsource import YamlProblem, parse_located

DEFAULT_VOCABULARIES = Path(__file__).parent / "vocabularies"
"""The vocabularies shipped with the generator, written from the OQRLS sources."""


def _visible(value: str) -> str:
    """A label or alias made only of invisible characters would name a term invisibly."""
    if value and not visible(value):
        raise PydanticCustomError("invisible_text", INVISIBLE_TEXT)
    return value


INVISIBLE_TEXT = "ne contient aucun caractère visible (espaces ou caractères invisibles)"


class TermEntry(BaseModel):
    """One entry of a vocabulary file, as brokers write it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str = Field(
        min_length=1, max_length=LIMITS.max_name_chars, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )
    """Stable identifier, used in URLs: lowercase ASCII words joined by hyphens."""

    label: Annotated[str, Field(min_length=1), AfterValidator(_visible)]
    """French label shown to readers."""

    description: str = ""
    """Optional French description shown on the term's page."""

    aliases: tuple[Annotated[str, Field(min_length=1), AfterValidator(_visible)], ...] = ()
    """Other ways brokers may write the term (codes, abbreviations, former names)."""

    abbreviation: str = ""
    """Optional short form for tight places, such as a region's tile on the dashboard
    seen on a phone; the label is used where there is none."""


class VocabularyFile(BaseModel):
    """A vocabulary file: its French title and its terms, in display order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: str = Field(min_length=1)
    """French name of the facet, e.g. « Facteurs de succès »."""

    description: str = ""
    terms: list[TermEntry] = Field(min_length=1)


Term = TermEntry


SUGGESTIONS = 3
"""How many close terms an unknown one is answered with, at most."""
CLOSE = 0.75
"""Likeness (0 to 1) from which two names are a likely typo or rewording of each other."""
LIKELY = 0.5
"""Likeness from which a term is offered as what the broker meant."""

_WORD = re.compile(r"[a-z0-9]+")
_SMALL_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour",
     "sur", "un", "une"}
)  # fmt: skip
"""French words that say nothing of a term (« prévention des chutes »: « des »)."""


def _words(text: str) -> tuple[str, ...]:
    """The words of `text` that carry meaning, without accents, case or plural `s`/`x`."""
    words = _WORD.findall(match_key(text))
    return tuple(
        word[:-1] if len(word) > 3 and word[-1] in "sx" else word
        for word in words
        if word not in _SMALL_WORDS
    )


def _likeness(written: tuple[str, ...], name: tuple[str, ...]) -> float:
    """How close two names are, word order ignored: the whole, and word by word (a word
    that starts the other counts: `engage` and `engagement`)."""
    if not written or not name:
        return 0.0
    whole = difflib.SequenceMatcher(None, " ".join(sorted(written)), " ".join(sorted(name))).ratio()
    if whole < CLOSE:  # letters in common by chance (« chute prevention », « cout reduction »)
        whole *= 0.6

    def word_match(word: str) -> float:
        best = 0.0
        for other in name:
            short, long = sorted((word, other), key=len)
            if len(short) >= 4 and long.startswith(short):
                return 1.0
            best = max(best, difflib.SequenceMatcher(None, word, other).ratio())
        return best if best >= 0.75 else 0.0

    words = sum(word_match(word) for word in written) / max(len(written), len(name))
    return max(whole, words)


@dataclass
class Vocabulary:
    """The terms of one facet, with a lookup by id, label or alias."""

    facet: Facet
    label: str
    description: str
    terms: tuple[Term, ...]
    file: Path | None = None
    """Its file, as brokers see it (relative to the project), for messages."""
    site_url: str | None = None
    """Address of the site its page is on, for messages (its path alone without one)."""
    _by_key: dict[str, Term] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for name in (term.id, term.label, *term.aliases):
                self._by_key.setdefault(match_key(name), term)

    @property
    def page(self) -> str:
        """The address of the page that lists its terms."""
        path = urls.facet(self.facet.key).url
        return urljoin(self.site_url, path) if self.site_url else f"/{path}"

    def find(self, written: str) -> Term | None:
        """The term written as its id, label or alias, ignoring case, accents and dashes."""
        key = match_key(written)
        return self._by_key.get(key) if key else None  # nothing written names no term

    def get(self, term_id: str) -> Term:
        """The term with this id (ids come from validated content, so it exists)."""
        term = self.find(term_id)
        if term is None or term.id != term_id:
            raise KeyError(term_id)
        return term

    def likeness(self, written: str) -> list[tuple[float, Term]]:
        """Every term with its likeness to `written` (0 to 1), best first: by id, label or
        alias, accents, plurals and word order ignored."""
        wanted = _words(written)
        scored = []
        for position, term in enumerate(self.terms):
            names = (term.id, term.label, *term.aliases)
            scored.append((-max(_likeness(wanted, _words(name)) for name in names), position))
        return [(-score, self.terms[position]) for score, position in sorted(scored)]

    def suggest(self, written: str, limit: int = SUGGESTIONS) -> list[str]:
        """Ids of the terms likely meant by an unknown `written` value, best first: the
        closest one always, however far, and the others nearly as close."""
        ranked = self.likeness(written)
        if not ranked:
            return []
        best = ranked[0][0]
        floor = max(LIKELY, best - 0.15)
        return [term.id for score, term in ranked[:limit] if score >= floor or term is ranked[0][1]]

    def hint(self, written: str) -> str:
        """What follows « terme inconnu » in a message: the closest terms, with their
        labels, and where the list of every term is (the site's page, the file)."""
        ranked = self.likeness(written)
        where = f"la liste des termes : {self.page}"
        if self.file is not None:
            where += f" (fichier {self.file.as_posix()})"
        if not ranked:
            return f" ; voyez {where}"
        closest = [self.get(term_id) for term_id in self.suggest(written)]
        shown = " ou ".join(f"{quote(term.id)} ({term.label})" for term in closest)
        if ranked[0][0] < LIKELY:
            return (
                f" : aucun terme n'y ressemble vraiment, le plus proche est {shown} ; voyez {where}"
            )
        return f" : vouliez-vous dire {shown} ? Voyez {where}"

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)


Vocabularies = Mapping[str, Vocabulary]
"""Vocabularies by facet key (`region`, `success_factors`, ...)."""


def load_vocabularies(
    folder: Path, shown_as: Path | None = None, site_url: str | None = None
) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """Read one `<name>.yml` per facet from `folder`; report every problem found.
    `site_url` is the site whose pages list the terms, for messages."""
    vocabularies: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    for facet in FACETS:
        path = folder / f"{facet.vocabulary}.yml"
        display = (shown_as or folder) / path.name
        vocabulary, found = _load_one(facet, path, display, site_url)
        problems.extend(found)
        if vocabulary is not None:
            vocabularies[facet.key] = vocabulary
    return vocabularies, problems


def _load_one(
    facet: Facet, path: Path, display: Path, site_url: str | None = None
) -> tuple[Vocabulary | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(display, 1, "vocabulaire", "fichier de vocabulaire introuvable")]
    raw = read_bounded(path, LIMITS.max_vocabulary_bytes)
    if isinstance(raw, str):
        return None, [Problem(display, 1, "fichier", raw)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(display, 1, "fichier", "le fichier n'est pas encodé en UTF-8")]
    try:
        located = parse_located(text.replace("\r\n", "\n"))
    except YamlProblem as error:
        return None, [Problem(display, error.line, "yaml", error.message)]
    try:
        parsed = VocabularyFile.model_validate(located.data)
    except ValidationError as error:
        return None, pydantic_problems(error, display, located, sorted(VocabularyFile.model_fields))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    ids: dict[str, int] = {}
    for index, term in enumerate(parsed.terms):
        line = located.line_of(("terms", index))
        first = ids.setdefault(term.id, line)
        if first != line:
            message = f"identifiant {quote(term.id)} déjà utilisé par le terme de la ligne {first}"
            problems.append(Problem(display, line, "terms", message))
            continue
        for name in (term.id, term.label, *term.aliases):
            owner = seen.setdefault(match_key(name), term.id)
            if owner != term.id:
                line = located.line_of(("terms", index))
                message = f"{quote(name)} désigne déjà le terme {quote(owner)}"
                problems.append(Problem(display, line, "terms", message))
    vocabulary = Vocabulary(
        facet, parsed.label, parsed.description, tuple(parsed.terms), display, site_url
    )
    return (None if problems else vocabulary), problems

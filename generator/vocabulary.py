"""Controlled vocabularies: YAML data that brokers edit, and matching of terms against them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from generator.facets import FACETS, Facet
from generator.limits import LIMITS
from generator.messages import pydantic_problems
from generator.problems import Problem
from generator.source import read_bounded
from generator.text import closest, match_key, quote, visible
from generator.yamlsource import YamlProblem, parse_located

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


@dataclass
class Vocabulary:
    """The terms of one facet, with a lookup by id, label or alias."""

    facet: Facet
    label: str
    description: str
    terms: tuple[Term, ...]
    _by_key: dict[str, Term] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for name in (term.id, term.label, *term.aliases):
                self._by_key.setdefault(match_key(name), term)

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

    def suggest(self, written: str) -> list[str]:
        """Ids of the terms closest to an unknown `written` value."""
        names = {name: term.id for term in self.terms for name in (term.id, term.label)}
        return list(dict.fromkeys(names[name] for name in closest(written, names)))

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)


Vocabularies = Mapping[str, Vocabulary]
"""Vocabularies by facet key (`region`, `success_factors`, ...)."""


def load_vocabularies(
    folder: Path, shown_as: Path | None = None
) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """Read one `<name>.yml` per facet from `folder`; report every problem found."""
    vocabularies: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    for facet in FACETS:
        path = folder / f"{facet.vocabulary}.yml"
        display = (shown_as or folder) / path.name
        vocabulary, found = _load_one(facet, path, display)
        problems.extend(found)
        if vocabulary is not None:
            vocabularies[facet.key] = vocabulary
    return vocabularies, problems


def _load_one(facet: Facet, path: Path, display: Path) -> tuple[Vocabulary | None, list[Problem]]:
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
    vocabulary = Vocabulary(facet, parsed.label, parsed.description, tuple(parsed.terms))
    return (None if problems else vocabulary), problems

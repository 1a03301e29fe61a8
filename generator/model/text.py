"""Small text helpers shared by the pipeline: matching keys, slugs, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from types import MappingProxyType

_DASHES = MappingProxyType(
    dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
)
_APOSTROPHES = MappingProxyType(dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u00b4\u0060"), "'"))


def match_key(text: str) -> str:
    """Fold text for matching terms: case, accents, typographic dashes and apostrophes."""
    text = text.translate(_DASHES).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = without_accents.casefold().replace("œ", "oe").replace("æ", "ae")
    return " ".join(folded.split())


def slugify(text: str) -> str:
    """A readable ASCII slug: « Projet Écho » → `projet-echo`."""
    return re.sub(r"[^a-z0-9]+", "-", match_key(text)).strip("-")


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to `word`, best first, compared without case or accents."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(match_key(candidate), candidate)
    keys = difflib.get_close_matches(match_key(word), list(by_key), n=limit, cutoff=0.6)
    return [by_key[key] for key in keys]


def quote(text: object) -> str:
    """French quotation marks: « text » (plain spaces: messages are read in terminals)."""
    return f"« {text} »"


def did_you_mean(suggestions: list[str]) -> str:
    """« vouliez-vous dire « a » ou « b » ? », or an empty string when there is none."""
    if not suggestions:
        return ""
    return " : vouliez-vous dire " + " ou ".join(quote(s) for s in suggestions) + " ?"

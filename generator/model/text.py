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
    if not text.isascii():
        # Invisible format characters (zero-width space, soft hyphen) make no new title.
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
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


FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)
"""Characters no page, feed or email may carry: controls (XML 1.0 refuses those of C0;
ESC would reach terminals and pages raw), noncharacters and lone surrogates. Tab and line
break stay; invisible format characters (zero-width space, soft hyphen) are harmless."""


def forbidden_character(text: str) -> tuple[int, int, str] | None:
    """The first forbidden character of `text`: its line (0-based), column (1-based) and a
    French description naming its code point; None when there is none."""
    found = FORBIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    start = found.start()
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column, describe_character(found[0])


def describe_character(char: str) -> str:
    """« caractère de contrôle U+0007 (invisible) », for a message."""
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cc":
        return f"caractère de contrôle {code} (invisible)"
    return f"caractère {code} (interdit en XML)"


def one_line(text: str) -> str:
    """A path or message as one printable line: a control character (a line break in a file
    name) is written as its code."""
    return (
        FORBIDDEN_CHARACTERS.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
        .replace("\n", "\\n")
        .replace("\t", "\\t")
    )


def visible(text: str) -> bool:
    """Whether `text` shows anything: not only spaces and invisible format characters
    (zero-width space, soft hyphen, word joiner…)."""
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Cf", "Mn", "Me", "Zs")
        for char in text
    )

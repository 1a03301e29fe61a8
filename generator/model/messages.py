"""Turning pydantic validation errors into located French messages for brokers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.model.problems import Problem
from generator.model.text import closest, did_you_mean, quote
from generator.model.yamlsource import LocatedYaml

_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "missing": "champ obligatoire manquant",
        "string_type": "doit être un texte{got}",
        "string_too_short": "ne doit pas être vide",
        "string_too_long": "{max_length} caractères au plus{got}",
        "string_pattern_mismatch": "format invalide{got} : lettres minuscules sans accents, "
        "chiffres et traits d'union seulement",
        "list_type": "doit être une liste (une ligne « - valeur » par élément){got}",
        "tuple_type": "doit être une liste (une ligne « - valeur » par élément){got}",
        "too_short": "doit contenir au moins {min_length} élément",
        "int_type": "doit être un nombre entier{got}",
        "int_parsing": "doit être un nombre entier{got}",
        "int_from_float": "doit être un nombre entier{got}",
        "greater_than_equal": "doit valoir au moins {ge}{got}",
        "greater_than": "doit être plus grand que {gt}{got}",
        "finite_number": "doit être un nombre fini{got}",
        "bool_type": "doit valoir true (oui) ou false (non){got}",
        "bool_parsing": "doit valoir true (oui) ou false (non){got}",
        "date_parsing": "date impossible{got} : vérifiez le mois et le jour",
        "date_from_datetime_parsing": "date impossible{got} : vérifiez le mois et le jour",
        "date_type": "doit être une date au format AAAA-MM-JJ{got}",
        "model_type": "l'en-tête doit être une suite de lignes « clé: valeur »{got}",
        "dict_type": "l'en-tête doit être une suite de lignes « clé: valeur »{got}",
    }
)


def message_template(kind: str) -> str:
    """The French message of a pydantic error `kind`, with its `{placeholders}` (the CMS
    shows the same ones before saving)."""
    return _MESSAGES[kind]


def pydantic_problems(
    error: ValidationError,
    path: Path,
    located: LocatedYaml,
    known_keys: Sequence[str],
) -> list[Problem]:
    """One located problem per pydantic error, in French, naming the bad value."""
    problems = []
    for detail in error.errors(include_url=False):
        location = tuple(detail["loc"])
        field = str(location[0]) if location else "en-tête"
        line = located.line_of(location)
        problems.append(Problem(path, line, field, _message(detail, known_keys)))
    return problems


def _message(detail: ErrorDetails, known_keys: Sequence[str]) -> str:
    kind = detail["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        key = str(detail["loc"][-1])
        return f"clé inconnue {quote(key)}" + did_you_mean(closest(key, known_keys))
    template = _MESSAGES.get(kind)
    if template is None:
        # Our own errors (PydanticCustomError) already carry a French message.
        return detail["msg"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    context["got"] = shown_value(detail.get("input"))
    message = template.format(**context)
    if kind == "too_short" and context.get("min_length", 1) > 1:
        message += "s"
    return message


def shown_value(value: object) -> str:
    """« (reçu : « value ») » for scalars; a word for the kind of value otherwise."""
    if isinstance(value, dict):
        return " (reçu : une suite de clés)"
    if isinstance(value, list):
        return " (reçu : une liste)"
    if value is None:
        return " (reçu : rien)"
    if isinstance(value, bool):
        return f" (reçu : {str(value).lower()})"
    if isinstance(value, int | float):
        return f" (reçu : le nombre {value})"
    return f" (reçu : {quote(value)})"

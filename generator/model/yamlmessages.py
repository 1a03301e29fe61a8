"""The YAML parser's problems, in French: what `generator.model.yamlsource` tells a broker
when a front matter, a vocabulary or mkdocs.yml cannot be read."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import yaml

from generator.model.limits import Limits

YAML_MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "found character '\\t' that cannot start any token": "tabulation interdite en YAML : "
        "indentez avec des espaces",
        "mapping values are not allowed here": "« : » inattendu : une valeur qui contient « : » "
        "doit être entre guillemets, ou l'indentation est incorrecte",
        "found unexpected end of stream": "guillemet ou crochet non fermé",
        "could not find expected ':'": "« : » attendu après la clé (guillemet non fermé ou "
        "indentation incorrecte ?)",
        "expected <block end>, but found '<block mapping start>'": "indentation incorrecte",
        "expected <block end>, but found '<block sequence start>'": "indentation incorrecte",
        "expected <block end>, but found '-'": "indentation incorrecte de la liste",
        "found undefined alias": "alias YAML inconnu",
        # The same problems, as libyaml words them.
        "found a tab character that violates indentation": "tabulation interdite en YAML : "
        "indentez avec des espaces",
        "found a tab character where an indentation space is expected": "tabulation interdite "
        "en YAML : indentez avec des espaces",
        "mapping values are not allowed in this context": "« : » inattendu : une valeur qui "
        "contient « : » doit être entre guillemets, ou l'indentation est incorrecte",
        "did not find expected key": "indentation incorrecte (ou guillemet non fermé)",
        "did not find expected '-' indicator": "indentation incorrecte de la liste",
        "found character that cannot start any token": "caractère inattendu en début de valeur "
        "(mettez la valeur entre guillemets)",
        "did not find expected node content": "valeur manquante ou caractère inattendu",
        "did not find expected ',' or ']'": "crochet « ] » non fermé ou virgule manquante",
        "did not find expected ',' or '}'": "accolade « } » non fermée ou virgule manquante",
        "found unknown escape character": "« \\ » suivi d'un caractère inconnu entre guillemets "
        "doubles : écrivez « \\\\ », ou mettez la valeur entre guillemets simples",
        "did not find expected hexdecimal number": "code « \\x » ou « \\u » invalide entre "
        "guillemets doubles : écrivez « \\\\ », ou mettez la valeur entre guillemets simples",
        "found invalid Unicode character escape code": "code « \\u » invalide entre guillemets "
        "doubles",
        "found undefined tag handle": "étiquette « ! » inconnue : mettez la valeur entre "
        "guillemets",
        "did not find URI escaped octet": "étiquette « ! » invalide : mettez la valeur entre "
        "guillemets",
        "did not find expected tag URI": "étiquette « ! » invalide : mettez la valeur entre "
        "guillemets",
        "did not find expected alphabetic or numeric character": "nom manquant après « & » ou "
        "« * » (ancre ou alias) : mettez la valeur entre guillemets",
        "did not find expected comment or line break": "texte inattendu après la valeur ou "
        "après « | » ou « > » : mettez la valeur entre guillemets",
        "did not find expected whitespace or line break": "espace attendue après « : », « - » "
        "ou l'étiquette",
        "did not find expected <document start>": "un seul document est permis : retirez la "
        "ligne « ... » ou « % »",
        "found unexpected document indicator": "un seul document est permis : retirez la ligne "
        "« --- » ou « ... »",
        "block sequence entries are not allowed in this context": "« - » inattendu : "
        "indentation incorrecte de la liste",
        "found unknown directive name": "ligne « % » inconnue : retirez-la",
        "found incompatible YAML document": "version de YAML non prise en charge : retirez la "
        "ligne « %YAML »",
    }
)


def written_tag(tag: str) -> str:
    """A tag as the broker wrote it: `!!int` rather than `tag:yaml.org,2002:int`."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def shorten(text: str, width: int = 40) -> str:
    """A value short enough to quote in a one-line message."""
    return text if len(text) <= width else f"{text[:width]}… ({len(text)} caractères)"


def too_deep(limits: Limits) -> str:
    return f"YAML invalide : plus de {limits.max_yaml_depth} niveaux de listes ou de clés imbriqués"


def describe(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    french = YAML_MESSAGES.get(problem)
    if french is None:
        for english, translated in YAML_MESSAGES.items():
            if problem.startswith(english):
                french = translated
                break
    detail = f"{french} ({problem})" if french else f"syntaxe non reconnue ({problem})"
    return f"YAML invalide : {detail}"

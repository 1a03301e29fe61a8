"""Reading YAML with the line of every key, so problems can be located."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

Location = tuple[str | int, ...]


_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentLoader(_BASE_LOADER):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's when available: ten times faster), minus timestamps.

    Dates stay text so the schema parses them: PyYAML would raise a bare ValueError on an
    impossible date such as 2011-02-30, and would turn `2011-05-11 10:00` into a datetime.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML's own class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class LocatedYaml:
    """A parsed YAML document and the 1-based line of each key and list item in it."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    """Keys written twice in the same mapping, with the line of the second one."""

    def line_of(self, location: Location, default: int = 1) -> int:
        """The line of `location`, or of its nearest enclosing key when it has none."""
        for end in range(len(location), 0, -1):
            line = self.lines.get(location[:end])
            if line is not None:
                return line
        return default


class YamlProblem(Exception):
    """A YAML syntax error, with the 1-based line where the parser gave up."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_located(text: str, first_line: int = 1) -> LocatedYaml:
    """Parse one YAML document whose first line is line `first_line` of its file."""
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
        located = LocatedYaml(None)
        if node is not None:
            located.data = _Builder(loader, first_line, located).build(node, ())
    except yaml.MarkedYAMLError as error:
        # At the end of the file the parser only knows where it gave up; the quote or bracket
        # left open (the context) is where the broker has to look.
        gave_up_at_end = (error.problem or "").startswith("found unexpected end of stream")
        mark = (error.context_mark if gave_up_at_end else None) or error.problem_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlProblem(line, _describe(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, str(error)) from None
    finally:
        loader.dispose()
    return located


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    """Builds the data and records the line of every key and item in one walk of the nodes.

    Text scalars (nearly all of a front matter) are taken as they are; other scalars and
    anything unusual (merge keys) go through PyYAML's own constructor.
    """

    def __init__(self, loader: Any, offset: int, out: LocatedYaml) -> None:
        self.loader = loader
        self.offset = offset
        self.out = out
        self.open: set[int] = set()

    def build(self, node: yaml.Node, location: Location) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR else self.loader.construct_object(node, True)
        if id(node) in self.open:
            raise YamlProblem(
                self.offset + node.start_mark.line, "YAML invalide : structure récursive (alias)"
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = []
                lines = self.out.lines
                for index, item in enumerate(node.value):
                    lines[(*location, index)] = self.offset + item.start_mark.line
                    if item.tag == _STR and type(item) is yaml.ScalarNode:
                        items.append(item.value)  # the usual case, without a call
                    else:
                        items.append(self.build(item, (*location, index)))
                return items
            if isinstance(node, yaml.MappingNode):
                if any(key.tag == _MERGE for key, _ in node.value):
                    return self.loader.construct_object(node, True)
                mapping: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    key = self.build(key_node, location)
                    if not isinstance(key, str | int | float | bool) and key is not None:
                        raise YamlProblem(
                            self.offset + key_node.start_mark.line,
                            "YAML invalide : une clé doit être un simple mot",
                        )
                    line = self.offset + key_node.start_mark.line
                    if key in mapping:
                        self.out.duplicate_keys.append((str(key), line))
                    step = key if isinstance(key, str | int) else str(key)
                    self.out.lines[(*location, step)] = line
                    mapping[key] = self.build(value_node, (*location, step))
                return mapping
            return self.loader.construct_object(node, True)
        finally:
            self.open.discard(id(node))


_YAML_MESSAGES: Mapping[str, str] = MappingProxyType(
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
    }
)


def _describe(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    french = _YAML_MESSAGES.get(problem)
    if french is None:
        for english, translated in _YAML_MESSAGES.items():
            if problem.startswith(english):
                french = translated
                break
    detail = f"{french} ({problem})" if french else problem
    return f"YAML invalide : {detail}"

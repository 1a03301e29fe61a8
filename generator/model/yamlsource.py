"""Reading YAML with the line of every key, so problems can be located."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.model.limits import LIMITS, Limits
from generator.model.text import (
    FORBIDDEN_CHARACTERS,
    describe_character,
    forbidden_character,
    quote,
)
from generator.model.yamlmessages import describe, shorten, too_deep, written_tag

Location = tuple[str | int, ...]


_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2's core schema rather than YAML 1.1's: `017` stays the text « 017 » (not the octal
# number 15), `yes`, `no`, `on` and `off` stay words, `1_000` and `1:20` stay text. Dates stay
# text too, so the schema parses them: PyYAML would raise a bare ValueError on an impossible
# date such as 2011-02-30, and would turn `2011-05-11 10:00` into a datetime.
_CORE_SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("tag:yaml.org,2002:int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", "~nN"),
    ("tag:yaml.org,2002:merge", r"<<", "<"),
)


def _resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in _CORE_SCHEMA:
        compiled = re.compile(f"^(?:{pattern})$")
        for char in first:
            table.setdefault(char, []).append((tag, compiled))
    table.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile("^$")))
    return table


class ContentLoader(_BASE_LOADER):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's when available: ten times faster), YAML 1.2 scalars."""

    yaml_implicit_resolvers = _resolvers()


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


def parse_located(
    text: str, first_line: int = 1, *, tolerant_tags: bool = False, limits: Limits = LIMITS
) -> LocatedYaml:
    """Parse one YAML document whose first line is line `first_line` of its file.

    The document is built from the parser's events in one pass, never recursively: nesting
    deeper than `limits.max_yaml_depth`, or more than `limits.max_yaml_values` values once
    aliases are expanded, is refused at the line where it happens. `tolerant_tags` reads
    tags PyYAML cannot construct (`!!python/name:`, `!ENV` in mkdocs.yml) as None.
    """
    forbidden = forbidden_character(text)
    if forbidden is not None:
        line, column, what = forbidden
        raise YamlProblem(
            first_line + line, f"{what} en colonne {column} : il ne peut être publié ; retirez-le"
        )
    loader = ContentLoader(text)
    try:
        return _EventBuilder(loader, first_line, limits, tolerant_tags).build()
    except yaml.MarkedYAMLError as error:
        # At the end of the file the parser only knows where it gave up; the quote or bracket
        # left open (the context) is where the broker has to look.
        problem = error.problem or ""
        # So does a bracket left open, or a key without its « : »: the parser gives up on
        # the next line, the bracket or the key is where it started (the context).
        at_context = problem.startswith(_AT_CONTEXT)
        mark = (error.context_mark if at_context else None) or error.problem_mark
        line = first_line + (mark.line if mark else 0)
        # libyaml (PyYAML ≥ 6.0.4) may refuse deep brackets before they reach our own limit.
        if error.problem == "exceeded maximum nesting depth":
            raise YamlProblem(line, too_deep(limits)) from None
        raise YamlProblem(line, describe(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, str(error)) from None
    finally:
        loader.dispose()


_AT_CONTEXT = (
    "found unexpected end of stream",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "could not find expected ':'",
)
"""Parser problems best located where their context (a quote, a bracket, a key) starts."""

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Open:
    """A list or mapping being built: its value, where it is, and what it has cost."""

    __slots__ = ("anchor", "expect_key", "key", "key_line", "location", "merges", "size", "value")

    def __init__(self, value: list[Any] | dict[Any, Any], location: Location, anchor: Any) -> None:
        self.value = value
        self.location = location
        self.anchor = anchor
        self.size = 1
        self.expect_key = True
        self.key: Any = None
        self.key_line = 0
        self.merges: list[tuple[Any, int]] = []


class _EventBuilder:
    """Builds the data and records the line of every key and item from the event stream.

    Text scalars (nearly all of a front matter) are taken as they are; other scalars go
    through PyYAML's own constructors. An alias shares the value of its anchor (no copy) but
    counts its full size against the budget, which is what a reader of the data walks.
    """

    def __init__(self, loader: Any, offset: int, limits: Limits, tolerant_tags: bool) -> None:
        self.loader = loader
        self.offset = offset
        self.limits = limits
        self.tolerant = tolerant_tags
        self.out = LocatedYaml(None)
        self.stack: list[_Open] = []
        self.anchors: dict[Any, tuple[Any, int]] = {}
        self.open_anchors: set[Any] = set()
        self.values = 0

    def build(self) -> LocatedYaml:
        loader = self.loader
        get_event = loader.get_event
        first_chars = loader.yaml_implicit_resolvers
        stack, lines, offset = self.stack, self.out.lines, self.offset
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value = event.value
                if event.style == '"' and FORBIDDEN_CHARACTERS.search(value):
                    self._escaped_control(event)
                if (
                    stack
                    and event.tag is None
                    and event.anchor is None
                    and not (event.implicit[0] and (not value or value[0] in first_chars))
                ):
                    # The usual case, inlined: text in a list or a mapping.
                    self.values += 1
                    if self.values > self.limits.max_yaml_values:
                        self._count(0, event)
                    parent = stack[-1]
                    parent.size += 1
                    container = parent.value
                    line = offset + event.start_mark.line
                    if type(container) is list:
                        lines[(*parent.location, len(container))] = line
                        container.append(value)
                    elif parent.expect_key:
                        if value in container:
                            self.out.duplicate_keys.append((value, line))
                        lines[(*parent.location, value)] = line
                        parent.key, parent.key_line = value, line
                        parent.expect_key = False
                    elif parent.key is _MergeKey:
                        self._place(value, event, 0)
                    else:
                        container[parent.key] = value
                        parent.expect_key = True
                    continue
                self._add(self._scalar(event), event, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end(event)
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        self._line(event), "YAML invalide : un seul document est permis (« --- »)"
                    )
            elif kind is yaml.StreamEndEvent:
                return self.out

    def _escaped_control(self, event: Any) -> None:
        """A control character written as an escape (`"\\a"`) is refused like a raw one."""
        found = FORBIDDEN_CHARACTERS.search(event.value)
        assert found is not None
        raise YamlProblem(
            self._line(event),
            f"{describe_character(found[0])} écrit entre guillemets : il ne peut être publié ; "
            "retirez-le",
        )

    def _line(self, event: Any) -> int:
        return self.offset + int(event.start_mark.line)

    def _count(self, size: int, event: Any) -> None:
        self.values += size
        if self.values > self.limits.max_yaml_values:
            raise YamlProblem(
                self._line(event),
                f"YAML invalide : plus de {self.limits.max_yaml_values} valeurs une fois les "
                "alias (*nom) développés ; écrivez chaque valeur sans alias",
            )

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted: text as written
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        if tag == _MERGE:
            return _MergeKey
        explicit = event.tag not in (None, "!")
        if explicit and not self.tolerant:
            # Content is plain YAML 1.2 data: a tag (`!!timestamp`, `!!binary`, `!!int abc`)
            # would bring PyYAML's YAML 1.1 readings back, or crash on an impossible value.
            raise YamlProblem(
                self._line(event),
                f"YAML invalide : étiquette {quote(written_tag(event.tag))} non permise ; "
                "écrivez la valeur sans étiquette (entre guillemets si c'est un texte)",
            )
        constructor = self.loader.yaml_constructors.get(tag)
        if constructor is None and self.tolerant:
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, True)
        except (ValueError, TypeError, OverflowError, AttributeError, yaml.YAMLError):
            # Python reads at most 4 300 digits as a number; a tag may name an impossible value.
            raise YamlProblem(
                self._line(event),
                f"YAML invalide : valeur illisible {quote(shorten(event.value))} ; "
                "mettez-la entre guillemets si c'est un texte",
            ) from None

    def _start(self, event: Any, value: list[Any] | dict[Any, Any]) -> None:
        if len(self.stack) >= self.limits.max_yaml_depth:
            raise YamlProblem(self._line(event), too_deep(self.limits))
        self._count(1, event)
        location = self._child_location(event)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Open(value, location, event.anchor))

    def _child_location(self, event: Any) -> Location:
        """Where the value that starts with `event` goes, recording the line of its item."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if isinstance(parent.value, list):
            location = (*parent.location, len(parent.value))
            self.out.lines[location] = self._line(event)
            return location
        if parent.expect_key:
            raise YamlProblem(self._line(event), "YAML invalide : une clé doit être un simple mot")
        key = parent.key
        return (*parent.location, key if isinstance(key, str | int) else str(key))

    def _end(self, event: Any) -> None:
        done = self.stack.pop()
        value = done.value
        if isinstance(value, dict) and done.merges:
            for merged, line in done.merges:
                for key, item in merged.items():
                    if key not in value:
                        value[key] = item
                        self.out.lines.setdefault((*done.location, key), line)
        if done.anchor is not None:
            self.open_anchors.discard(done.anchor)
            self.anchors[done.anchor] = (value, done.size)
        self._place(value, event, done.size)

    def _alias(self, event: Any) -> None:
        if event.anchor in self.open_anchors:
            raise YamlProblem(self._line(event), "YAML invalide : structure récursive (alias)")
        if event.anchor not in self.anchors:
            raise YamlProblem(self._line(event), "YAML invalide : alias YAML inconnu")
        value, size = self.anchors[event.anchor]
        self._count(size, event)
        if not self.stack:
            self.out.data = value
            return
        self._place(value, event, size)

    def _add(self, value: Any, event: Any, size: int) -> None:
        self._count(size, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, size)
        self._place(value, event, size)

    def _place(self, value: Any, event: Any, size: int) -> None:
        """Put a finished value into the list or mapping being built."""
        if not self.stack:
            self.out.data = value
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            location = (*parent.location, len(parent.value))
            self.out.lines.setdefault(location, self._line(event))
            parent.value.append(value)
            return
        if parent.expect_key:
            if value is _MergeKey:
                parent.key, parent.key_line = _MergeKey, self._line(event)
                parent.expect_key = False
                return
            # Keys are words (or numbers, such as a vocabulary's region codes): `null:`,
            # `true:` or `1.5:` would turn into something else than what is written.
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise YamlProblem(
                    self._line(event), "YAML invalide : une clé doit être un simple mot"
                )
            line = self._line(event)
            if value in parent.value:
                self.out.duplicate_keys.append((str(value), line))
            step = value if isinstance(value, str | int) else str(value)
            self.out.lines[(*parent.location, step)] = line
            parent.key, parent.key_line = value, line
            parent.expect_key = False
            return
        parent.expect_key = True
        if parent.key is _MergeKey:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(item, dict) for item in merged):
                raise YamlProblem(
                    parent.key_line, "YAML invalide : « << » doit fusionner des clés (alias)"
                )
            parent.merges.extend((item, parent.key_line) for item in merged)
            return
        parent.value[parent.key] = value


class _MergeKeyType:
    """The `<<` key of YAML 1.1 merges, told apart from any text key."""


_MergeKey: Any = _MergeKeyType()


CORE_SCALARS = _CORE_SCHEMA
"""The plain scalars' types as (tag, pattern, first characters): the browser editor reads
YAML by the same patterns (`generator.tools.cms`)."""

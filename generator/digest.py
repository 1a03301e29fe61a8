"""Digests of what the generator reads: the one place they are made.

A digest stands for a value in a cache key or a comparison: it changes when anything a
page could show of the value changes. The preview's page digests (`generator.adapter.incremental`),
the pipeline's keys for validated stories (`fingerprint` of the vocabularies) and for
bulletin selections and related stories (`shape`) all come from here.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
from collections.abc import Mapping
from pathlib import Path
from types import FunctionType, MethodType

from pydantic import BaseModel

from generator.model.facets import FACETS
from generator.model.story import Story

Memo = dict[int, tuple[object, str]]
"""Digests of objects already read, by identity; each object is held so its id stays its own."""


def fingerprint(*values: object, memo: Memo | None = None) -> str:
    """A digest of `values` that changes when anything a template could print of them does.

    A story counts as its file's digest (its front matter and body), its path and its
    summary. Dataclass fields hidden from `repr` (locations, timings, lookup tables) do not
    count. A method counts as the object it belongs to. Unknown objects count by their
    `repr`, which at worst changes on every build: a page that shows one is always rendered
    again, never stale. `memo` keeps the digest of each story and larger object by
    identity: pass one per build, where no object changes, so that one shown on a thousand
    pages is read once.
    """
    out: list[str] = []
    memo = {} if memo is None else memo
    for value in values:
        _feed(out, value, memo)
    return hashlib.sha256("".join(out).encode("utf-8", "surrogatepass")).hexdigest()


_SCALARS = (type(None), bool, int, float)


def _feed(out: list[str], value: object, memo: Memo) -> None:
    # Exact types first: a preview digests some hundred thousand values per build.
    kind = type(value)
    if kind is str:
        out.append(f"s{len(value)}:{value}")  # type: ignore[arg-type]
        return
    if kind in _SCALARS:
        out.append(f"n{value!r};")
        return
    known = memo.get(id(value))
    if known is not None:
        out.append(known[1])
    elif kind is Story:
        # Everything else a story holds (meta, terms, body) follows from these and the
        # vocabularies, which every page depends on.
        story: Story = value  # type: ignore[assignment]
        fields = (story.slug, story.path.as_posix(), story.digest, story.summary)
        text = "".join(f"{len(item)}:{item}" for item in fields)
        # Short, as each story is shown on many pages: its digest.
        memo[id(value)] = (
            value,
            "story" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        )
        out.append(memo[id(value)][1])
    elif (
        (kind in (list, tuple, dict) and len(value) > 8)  # type: ignore[arg-type]
        or hasattr(kind, "__dataclass_fields__")
        or issubclass(kind, BaseModel)
    ):
        inner: list[str] = []
        _feed_structure(inner, value, memo)
        text = "".join(inner)
        if len(text) > 200:  # a large object, likely shown on many pages: its digest
            text = "h" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        memo[id(value)] = (value, text)  # the value is kept: its id stays its own
        out.append(text)
    elif isinstance(value, str):  # a subclass (Markup)
        out.append(f"s{len(value)}:{value}")
    else:
        _feed_structure(out, value, memo)


def _feed_structure(out: list[str], value: object, memo: Memo) -> None:
    kind = type(value)
    if kind is not dict and hasattr(kind, "__dataclass_fields__") and kind is not type:
        # Before the checks against abstract classes, which are slow (Mapping).
        out.append(f"c{kind.__qualname__};")
        for item in dataclasses.fields(value):  # type: ignore[arg-type]
            if item.repr:
                out.append(f"f{item.name};")
                _feed(out, getattr(value, item.name), memo)
    elif kind is dict or (kind is not list and kind is not tuple and isinstance(value, Mapping)):
        mapping: Mapping[object, object] = value  # type: ignore[assignment]
        out.append(f"{{{len(mapping)};")
        keys: list[object] = (
            sorted(mapping)  # type: ignore[type-var]  # strings, in their own order
            if all(type(key) is str for key in mapping)
            else sorted(mapping, key=repr)
        )
        for key in keys:
            _feed(out, key, memo)
            _feed(out, mapping[key], memo)
    elif kind is list or kind is tuple or isinstance(value, (list, tuple)):
        out.append(f"[{len(value)};")  # type: ignore[arg-type]
        for item in value:  # type: ignore[attr-defined]
            if type(item) is str:  # the most common item, without a call
                out.append(f"s{len(item)}:{item}")
            else:
                _feed(out, item, memo)
    elif isinstance(value, (set, frozenset)):
        out.append(f"({len(value)};")
        for item in sorted(value, key=repr):
            _feed(out, item, memo)
    elif isinstance(value, (datetime.date, datetime.time)):
        out.append(f"t{value.isoformat()};")
    elif isinstance(value, Path):
        _feed(out, value.as_posix(), memo)
    elif isinstance(value, enum.Enum):
        out.append(f"e{value.value!r};")
    elif isinstance(value, BaseModel):
        out.append(f"m{type(value).__qualname__};")
        _feed(out, value.model_dump(mode="json"), memo)
    elif isinstance(value, MethodType):
        out.append(f"method{value.__name__};")
        _feed(out, value.__self__, memo)
    elif isinstance(value, FunctionType):
        # A function in the settings (mkdocs.yml's `toc.slugify`) counts as its code, not
        # its address, which changes when the configuration is read again.
        out.append(f"function{value.__module__}.{value.__qualname__};")
    else:
        text = f"{type(value).__qualname__}:{value!r}"
        out.append(f"r{len(text)}:{text}")


def shape(stories: list[Story]) -> str:
    """A digest of what relates stories and selects them for a bulletin: their order,
    dates, hand-picked related stories and term ids. Plain strings, dates and lists: their
    repr says all of them, and is quick to make."""
    items = [
        (s.slug, s.meta.date, s.meta.related, [s.meta.ids(facet.key) for facet in FACETS])
        for s in stories
    ]
    return hashlib.sha256(repr(items).encode("utf-8", "surrogatepass")).hexdigest()

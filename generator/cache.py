"""The one cache of the generator: values worth keeping from one build to the next.

Lifetime: a `BuildCache` belongs to whoever runs builds — the MkDocs plugin instance, which
lives across the rebuilds of `mkdocs serve` — and is passed down explicitly; nothing is
cached in a module. Each value is keyed by everything it depends on (a file's bytes, a
template's source, the data a template prints), so a stale value cannot be found. Entries
that a build did not use are dropped when it ends: the cache never holds more than about
one build's worth. `oqrls check` and the core called on its own have `NO_CACHE`, which
computes every value and keeps none: each stage has one code path, cached or not (the plugin
always has a `BuildCache`; a one-off `mkdocs build` simply drops it at its end).

A cached value is shared by every build that asks for it: nothing changes it once stored
(a stage that derives more from it makes a new object). One exception, by design: the
preview's memo of what each template reads (`generator.adapter.incremental.Renders.reads`)
grows as templates are parsed, under a key that holds the site's digest.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar

from jinja2.bccache import Bucket, BytecodeCache

T = TypeVar("T")


class Cache(Protocol):
    """What the stages ask of a cache."""

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of `key`, computed by `compute()` when not kept."""

    def find(self, key: Hashable) -> object | None:
        """The value kept under `key`, or None."""

    def put(self, key: Hashable, value: object) -> None:
        """Keep `value` under `key` (or not: see `NoCache`)."""


class NoCache:
    """The cache of a one-off build: computes every value, keeps none, holds no state."""

    __slots__ = ()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        return compute()

    def find(self, key: Hashable) -> object | None:
        return None

    def put(self, key: Hashable, value: object) -> None:
        return None


NO_CACHE = NoCache()
"""The default of every stage that can use a cache: compute, keep nothing."""


class BuildCache:
    """Values by key, kept while builds keep asking for them."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, object] = {}
        """Every value, by its full key."""
        self._used: set[Hashable] = set()
        """Keys asked for since the current build started."""
        self.hits = 0
        """Values found rather than computed, since the current build started."""

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of `key`, computed by `compute()` the first time it is asked for."""
        self._used.add(key)
        if key in self._entries:
            self.hits += 1
            return self._entries[key]  # type: ignore[return-value]
        value = compute()
        self._entries[key] = value
        return value

    def find(self, key: Hashable) -> object | None:
        """The value of `key` if a build stored it (None otherwise); it stays in use."""
        self._used.add(key)
        return self._entries.get(key)

    def put(self, key: Hashable, value: object) -> None:
        """Store `value` under `key`, in use by the current build."""
        self._used.add(key)
        self._entries[key] = value

    def start_build(self) -> None:
        """A build begins: nothing is in use yet."""
        self._used.clear()
        self.hits = 0

    def end_build(self) -> None:
        """A build ended: forget what it did not use (edited files, renamed stories)."""
        self._entries = {key: value for key, value in self._entries.items() if key in self._used}

    def __len__(self) -> int:
        return len(self._entries)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in a `BuildCache`: MkDocs makes a new environment
    for every build, which would compile Material's templates again after each edit. Keyed
    by the template and its source's checksum, so an edited template is compiled anew."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.cache.find(("bytecode", bucket.key, bucket.checksum))
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(("bytecode", bucket.key, bucket.checksum), bucket.bytecode_to_string())

"""The preview's incremental rendering: which generated pages an edit leaves as they were.

A generated page's HTML is a function of three things: its templates (the one it names, the
ones that one extends and includes), the data those templates read, and the site around it
(mkdocs.yml, the theme, the vocabularies, the list of pages its Markdown may link to). Each
page gets a digest of exactly those inputs; a page whose digest is the one of the HTML
already written is not rendered again.

Which data a page reads is found in its templates, not declared by hand: each template is
parsed and every name it reads is noted, with the attributes read from it (`term.stories`,
`oqrls.stories | length`). A page depends on those attributes of its context and of the
content globals (see `generator.outputs.site.content_globals`), so a term page follows its own
stories, not the whole collection, and a designer who makes a template show something more
makes its pages follow that too. Names read whole (passed to a macro, looped over) count
whole. No MkDocs here: the plugin asks, and tells MkDocs which pages are unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.adapter.reads import Plan, Reads, plan_for, reads_digest, template_reads
from generator.cache import BuildCache
from generator.digest import Memo, fingerprint

_LINKS = ("](", "]:", "<")
"""Marks of Markdown that may point to another page (a link, a reference, raw HTML or an
autolink; `recit:` links are links): its HTML follows the list of pages."""


def folders_digest(folders: Iterable[Path]) -> str:
    """A digest of every file under `folders` by name, size and time of change: editing a
    template or a stylesheet changes it. Hidden folders are left out (Material's thousands
    of icons, in `.icons`, do not change between two previews)."""
    entries: list[object] = []
    for folder in folders:
        entries.append(str(folder))
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(name for name in dirs if not name.startswith("."))
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                entries += [path, stat.st_size, stat.st_mtime_ns]
    return fingerprint(entries)


@dataclass(frozen=True)
class PageInputs:
    """Everything one generated page's HTML is made from, besides its data."""

    src_uri: str
    title: str
    template: str
    markdown: str
    context: Mapping[str, Any]
    filled: object = None
    """What the plugin puts in the rendered page besides (a bulletin's blocks)."""


class Renders:
    """Digests of the generated pages of one build, and what the previous builds wrote.

    A page is fresh when the HTML file at its destination is the one written, unchanged
    since, for the same digest: a cleaned site folder, a file touched by hand or any input
    changed makes it stale. What was written is kept in the plugin's `BuildCache`.
    """

    def __init__(
        self,
        env: Environment,
        cache: BuildCache,
        site: str,
        content: Mapping[str, object],
        page_list: Iterable[str],
    ) -> None:
        self.env = env
        """The theme's templates, to find what each one reads."""
        self.cache = cache
        self.site = site
        """Digest of what every page shows: settings, mkdocs.yml, theme, vocabularies."""
        self.content = content
        """The content globals the templates may read (`oqrls`, ...)."""
        self.page_list = fingerprint(list(page_list))
        """Digest of every page's source, in order: links in Markdown are resolved against
        them, the sitemap lists them."""
        self.digests: dict[str, str] = {}
        """The digest of each generated page of this build, by source."""
        self._reads: dict[str, Reads] = {}
        self._plans: dict[tuple[str, tuple[str, ...]], Plan] = {}
        self._memo: Memo = {}

    def reads(self, template: str) -> Reads:
        if template not in self._reads:
            parsed: dict[str, Reads] = self.cache.get(("template files", self.site), dict)
            self._reads[template] = template_reads(self.env, template, parsed)
        return self._reads[template]

    def digest(self, page: PageInputs) -> str:
        """The digest of `page`'s inputs, remembered for `is_fresh` and `written`."""
        reads = self.reads(page.template)
        data = {**self.content, **page.context}
        plan_key = (page.template, tuple(data))
        plan = self._plans.get(plan_key)
        if plan is None:
            plan = self._plans[plan_key] = plan_for(reads, data)
        links = self.page_list if any(mark in page.markdown for mark in _LINKS) else ""
        value = fingerprint(
            self.site, page.src_uri, page.title, page.template, page.markdown, links,
            reads_digest(reads, data, self._memo, plan), fingerprint(page.filled, memo=self._memo),
        )  # fmt: skip
        self.digests[page.src_uri] = value
        return value

    def digest_other(self, name: str, *inputs: object) -> str:
        """The digest of a file the theme makes from the site as a whole (the sitemap): the
        list of pages, what every page shows and `inputs`."""
        self.digests[name] = fingerprint(self.site, self.page_list, name, *inputs)
        return self.digests[name]

    def is_fresh(self, src_uri: str, destination: str) -> bool:
        """Whether the HTML at `destination` is the one of the page's current digest."""
        stamp = self.cache.find(("written", destination, self.digests[src_uri]))
        return stamp is not None and stamp == _stamp(destination)

    def written(self, src_uri: str, destination: str) -> None:
        """The page's HTML was written at `destination` for its current digest."""
        stamp = _stamp(destination)
        if stamp is not None:
            self.cache.put(("written", destination, self.digests[src_uri]), stamp)

    def keep(self, src_uri: str, name: str, value: object) -> None:
        """Keep `value`, made while rendering the page, for the builds that will not render
        it again (a bulletin's filled body, which its email edition needs)."""
        self.cache.put(("kept", name, self.digests[src_uri]), value)

    def kept(self, src_uri: str, name: str) -> object | None:
        """What `keep` kept for the page's current digest, if anything."""
        return self.cache.find(("kept", name, self.digests[src_uri]))


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def remove_stale(site_dir: Path, before: Iterable[str], now: Iterable[str]) -> list[str]:
    """Delete the files a previous build wrote under `site_dir` that this one did not (a
    deleted story's page): a rebuild that leaves the folder in place must not serve them.
    Emptied folders go too. Returns what was deleted."""
    root = site_dir.resolve()
    removed = []
    for path in sorted(set(before) - set(now)):
        target = Path(path)
        if not target.resolve().is_relative_to(root) or not target.is_file():
            continue
        target.unlink()
        removed.append(path)
        parent = target.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed

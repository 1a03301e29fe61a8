"""The site's search index, built by Pagefind while MkDocs renders the site.

Pagefind's binary ships in the `pagefind[bin]` wheel; its documented Python API drives it
(`PagefindIndex`, used as its context manager: leaving it writes the bundle, or, after an
error, only stops the binary). Pagefind reads only the searched part of each story and
bulletin, its article (the element marked `data-pagefind-body`, see `GeneratedPage.article`),
rendered once per build: a story's as soon as MkDocs has rendered its Markdown, a bulletin's
once its blocks are in (the plugin's on_env).

Why batches of files rather than one `add_html_file` per page: the library reads each answer
of the binary a tenth of a second after the previous one (`asyncio.sleep(0.1)` in its reader,
pagefind 1.5.2), whatever the number of requests in flight: a thousand pages would take 100 s.
So `SearchIndex.add` writes each article as a small HTML file in a staging folder of its own
(a temporary folder: never docs_dir nor site_dir), and every `BATCH` articles hands the
folder to Pagefind with one `add_directory` request, which its binary reads on the other
core while MkDocs renders the next pages. Once every article is in, leaving the context
writes the bundle while MkDocs lays out the pages; `write` waits for it at the end.

What is indexed is chosen in the templates (`data-pagefind-*`, see theme/partials/
recherche-fiche.html): the title weighs most, then what the story is about (its fiche, as
sentences), then its text. Left out here: heading anchors (¶), which Python-Markdown adds.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from html import escape
from pathlib import Path
from typing import Any

IGNORED = (".headerlink",)
"""Left out of the index, for elements no template of ours writes: heading anchors (¶)."""

BATCH = 100
"""Articles handed to Pagefind in one request: each answer costs the library's reader a
tenth of a second (see the module's docstring), so fewer, larger requests."""

_DOCUMENT = '<!DOCTYPE html><html lang="{language}"><body>{article}</body></html>'
"""What Pagefind reads for one article: it indexes only inside an `<html>` element, and
takes the page's language from it (a staging file, never a page of the site)."""


def searchable(html: str) -> str:
    """An article as Pagefind reads it.

    Typographic apostrophes (’) are written straight: Pagefind cuts words at a straight
    apostrophe only, and « l’école » would be found by « lécole » but not by « école » (the
    results page, recherche.js, shows them typographic again). A space goes between a link
    and the next one (a card's chips): Pagefind separates blocks, not inline elements, and
    « intervenants » then « Prévention » would read « intervenantsPrévention ».
    """
    return html.replace("\u2019", "'").replace("</a><a", "</a> <a")


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


class SearchIndex:
    """A Pagefind index fed article by article, for one build.

    Lifetime: made when MkDocs starts rendering pages, written (`write`) or abandoned
    (`close`) when the build ends. Its own thread runs Pagefind's asynchronous API; `add`
    only writes a file and, every `BATCH` articles, hands their folder to that thread.
    """

    def __init__(self, language: str, bundle: Path, *, batch: int = BATCH) -> None:
        self._language = escape(language)
        """The site's language, as its pages declare it (`<html lang>`)."""
        self._bundle = bundle
        """Where Pagefind writes its files."""
        self._batch_size = batch
        self._staging = Path(tempfile.mkdtemp(prefix="oqrls-recherche-"))
        """The articles as files, one folder per batch (removed by `close`)."""
        self._batches = 0
        self._in_batch = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._folders: asyncio.Queue[Path | None] = asyncio.Queue()
        """Batches handed to Pagefind's thread; None once every article is in."""
        self._work: asyncio.Task[None] = self._run(self._start()).result(timeout=60)
        """Pagefind indexing the batches, then writing the bundle."""
        self._finished = False

    def _run(self, work: Coroutine[Any, Any, Any]) -> Future[Any]:
        """`work` run in Pagefind's thread."""
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _start(self) -> asyncio.Task[None]:
        return asyncio.create_task(self._feed())

    async def _feed(self) -> None:
        from pagefind.index import IndexConfig, PagefindIndex

        config = IndexConfig(exclude_selectors=list(IGNORED), output_path=str(self._bundle))
        async with PagefindIndex(config=config) as index:
            pending = []
            while (folder := await self._folders.get()) is not None:
                pending.append(asyncio.ensure_future(index.add_directory(str(folder))))
            await asyncio.gather(*pending)
        # Leaving the context without an error wrote the bundle to `output_path`.

    def add(self, url: str, article: str) -> None:
        """Queue the article of the page at `url` (from the site root, `recits/a/`)."""
        if self._finished:
            raise SearchIndexError(f"{url} : article ajouté après le début de l'écriture")
        folder = self._staging / f"{self._batches:05d}"
        path = folder / url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        # str(): on Markup, replace would escape what it puts back.
        document = _DOCUMENT.format(language=self._language, article=searchable(str(article)))
        path.write_text(document, encoding="utf-8")
        self._in_batch += 1
        if self._in_batch >= self._batch_size:
            self._send()

    def _send(self) -> None:
        """Hand the current batch's folder to Pagefind's thread."""
        if self._in_batch:
            folder = self._staging / f"{self._batches:05d}"
            self._loop.call_soon_threadsafe(self._folders.put_nowait, folder)
            self._batches += 1
            self._in_batch = 0

    def start_writing(self) -> None:
        """Every article is in: Pagefind indexes what is left and writes the bundle, in its
        own thread and process, while the build goes on."""
        if not self._finished:
            self._send()
            self._loop.call_soon_threadsafe(self._folders.put_nowait, None)
            self._finished = True

    def write(self) -> None:
        """Wait until the bundle is written (started now if `start_writing` was not
        called); Pagefind then stops."""
        try:
            self.start_writing()
            self._run(self._wait()).result(timeout=900)
        except Exception as error:  # Pagefind's own errors, or a time-out
            raise SearchIndexError(str(error) or type(error).__name__) from None
        finally:
            self.close()

    async def _wait(self) -> None:
        await self._work

    async def _cancel(self) -> None:
        # Cancelled inside Pagefind's context, whose exit then stops it without writing.
        self._work.cancel()
        with contextlib.suppress(BaseException):
            await self._work

    def close(self) -> None:
        """Stop Pagefind (without writing, if it has not written yet) and the thread."""
        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                self._run(self._cancel()).result(timeout=60)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=60)
        shutil.rmtree(self._staging, ignore_errors=True)

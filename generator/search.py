"""The site's search index, built by Pagefind while the pages are written.

Pagefind's binary ships in the `pagefind[bin]` wheel; its Python API drives it as a service.
Each story and bulletin page is handed to it as it is rendered (`SearchIndex.add`, by
batches of `BATCH`), from a worker thread with every request in flight at once, so the
indexing runs on the other core while MkDocs renders the rest; `SearchIndex.write` then
writes the bundle. Only the elements marked `data-pagefind-body` are read, less what the
same on every story would only make heavier (`IGNORED`); the page language (`fr`) selects
French stemming. Pagefind's filters are not used: their files come out in a different
order on every run, and the site must build byte for byte the same.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from generator import urls

INDEXED = (f"{urls.STORIES}/", f"{urls.BULLETINS}/")
"""The pages worth searching (by URL); Pagefind need not read the thousands of others."""

IGNORED = (
    ".headerlink",
    ".oqrls-recit__date",
    ".oqrls-fiche dt",
    ".oqrls-lies",
)
"""Left out of the index: heading anchors (¶), and in a story, its publication date, the
labels of its card (« Population », « Partenaires »: the same words on every story, which
weighed most in the index) and its related stories (other stories' titles). The card's
values — regions, partners, terms — stay searchable."""


BATCH = 50
"""Pages handed to Pagefind's thread at once. Each hand-over wakes that thread, which then
takes the interpreter from the rendering a while: page by page, a thousand wake-ups cost
two seconds of the build."""


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def _service_class() -> Any:
    """Pagefind's service, reading its answers as they come.

    The library's own reader waits a tenth of a second before each answer: ten pages a
    second, whatever the number in flight (100 s for 1,000 stories). This one reads them
    back to back; the protocol (base64 JSON messages, each followed by a comma) is the
    library's.
    """
    from pagefind.service import PagefindService

    class Service(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            try:
                while True:
                    output = await stdout.readuntil(b",")
                    _answer(self._responses, json.loads(base64.b64decode(output[:-1])))
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
                # Pagefind stopped or spoke garbage: every request still waiting fails.
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(SearchIndexError(f"Pagefind : {error!r}"))

    return Service


def _answer(waiting: dict[int, Any], response: Any) -> None:
    """Resolve the request `response` answers (as the library's reader does)."""
    if not isinstance(response, dict):
        return
    payload = response.get("payload") or {}
    message_id = response.get("message_id")
    if message_id is None and payload.get("original_message"):
        message_id = json.loads(payload["original_message"]).get("message_id")
    future = waiting.get(message_id) if message_id is not None else None
    if future is None or future.done():
        return
    if payload.get("type") == "Error":
        future.set_exception(SearchIndexError(str(payload.get("message"))))
    else:
        future.set_result(payload)


class SearchIndex:
    """A Pagefind index fed page by page, for one build.

    Lifetime: made when the build starts rendering, written (or closed) when it ends. Its
    own thread runs Pagefind's asynchronous API; `add` only queues a page there.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._pending: list[Future[Any]] = []
        self._batch: list[tuple[str, str]] = []
        """Pages not yet handed to Pagefind's thread."""
        try:
            self._index = self._run(self._start(), timeout=120)
        except SearchIndexError:
            self.close()
            raise

    def _run(self, work: Any, timeout: float) -> Any:
        try:
            return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=timeout)
        except Exception as error:  # the service's own errors, or a time-out
            raise SearchIndexError(str(error) or type(error).__name__) from None

    @staticmethod
    async def _start() -> Any:
        from pagefind.index import IndexConfig

        service = await _service_class()().launch()
        return await service.create_index(IndexConfig(exclude_selectors=list(IGNORED)))

    def add(self, url: str, html: str) -> None:
        """Queue the page at `url` (from the site root, `recits/a/`) if it is searchable."""
        if url.startswith(INDEXED):
            self._batch.append(("/" + url, html))
            if len(self._batch) >= BATCH:
                self._send()

    def _send(self) -> None:
        """Hand the pages queued so far to Pagefind's thread, in one wake-up."""
        pages, self._batch = self._batch, []
        if pages:
            self._pending.append(asyncio.run_coroutine_threadsafe(self._add(pages), self._loop))

    async def _add(self, pages: list[tuple[str, str]]) -> None:
        await asyncio.gather(
            *(self._index.add_html_file(url=url, content=html) for url, html in pages)
        )

    def write(self, bundle: Path) -> None:
        """Wait for every page, then write the bundle to `bundle`; the service then stops."""

        self._send()

        async def finish() -> None:
            await asyncio.gather(*(asyncio.wrap_future(future) for future in self._pending))
            await self._index.write_files(output_path=str(bundle))

        try:
            self._run(finish(), timeout=900)
        finally:
            self.close()

    def close(self) -> None:
        """Stop Pagefind and the thread (a failed build does not write the bundle)."""

        index = getattr(self, "_index", None)
        if not self._thread.is_alive():
            return
        if index is not None:
            # Leaving Pagefind's context as after an error stops it without writing again.
            with contextlib.suppress(SearchIndexError):
                self._run(index.__aexit__(SearchIndexError, None, None), timeout=60)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=60)

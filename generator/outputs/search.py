"""The site's search index, built by Pagefind while MkDocs renders the site.

Pagefind's binary ships in the `pagefind[bin]` wheel; its Python API drives it as a service.
It reads only the searched part of each story and bulletin, its article (the element marked
`data-pagefind-body`, see `GeneratedPage.article`), rendered once per build: a story's as
soon as MkDocs has rendered its Markdown, a bulletin's once its blocks are in (the plugin's
on_env). Articles are queued (`SearchIndex.add`) and handed over by batches of `BATCH`,
every request in flight; Pagefind indexes them on the other core while MkDocs renders the
next pages, then writes its bundle (`SearchIndex.start_writing`) while MkDocs lays out the
pages. Reading the article alone, not the whole page, costs Pagefind a sixth less (1,000
stories: 6.0 s of its time instead of 7.0), and the bundle is the same.
Left out of the article's index: what the same on every story would only make heavier
(`IGNORED`); the page language (`fr-CA`) selects French stemming. Pagefind's filters are not
used: their files come out in a different order on every run, and the site must build byte
for byte the same.

Then `lighten` rewrites the bundle's word index, so that no search downloads much. Pagefind
cuts its index into chunks of about 20,000 positions, and a search fetches only the chunks of
its words; but it never splits a word, and « de », « la », « à », « les » are on every page,
dozens of times: their chunks grew with the site (400 KB at 5,000 stories, half of a search's
worst download, paid by any query with a word near them in the alphabet). Such a word keeps,
on each page, only its best positions — in a title or heading first, then the first in the
text — as many as let it fit in one chunk (all of them on a small site, one at 5,000
stories). Only words that big are touched: the most common ones, which weigh next to nothing
in the ranking. Every page that has the word keeps it (a query finds the same pages, function
words included), a title still counts, the text shown is the page's own. Readers lose, for
those words only: ranking by how often a page uses them, Pagefind's marking of their other
occurrences in an excerpt (recherche.js marks them again), and exact « phrase » queries
through their dropped positions. The chunks are then cut again to the same size, counting
the accented forms (« à » for « a ») that Pagefind leaves out of its count, which made some
chunks twice as big. The format read is Pagefind 1.5's (`INDEX_FORMATS`); with another, the
bundle stays as Pagefind wrote it and the build warns. It takes 3 to 5 s at 5,000 stories,
in a process of its own while MkDocs lays out the pages.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import hashlib
import itertools
import json
import os
import re
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

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


_BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|div|dd|dt|td|th|article|section|header|footer|ul|ol|dl|blockquote)>(?=<)"
    r"|</a>(?=<a[\s>])"
)
"""The end of a block, or of a link right before another (a card's chips). Without groups,
and replaced by a template rather than a function: six times faster over a page."""


_DOCUMENT = '<html lang="{language}"><body>{article}</body></html>'
"""What Pagefind is handed for one article: it indexes only inside an `<html>` element, and
takes the page's language from it (not a page of the site: readers never see it)."""


def searchable(html: str) -> str:
    """An article as Pagefind reads it.

    Typographic apostrophes (’) are written straight: Pagefind cuts words at a straight
    apostrophe only, and « l’école » would be found by « lécole » but not by « école » (the
    results page, recherche.js, shows them typographic again). A space follows the end of
    each block (paragraph, list item, heading…) and of a link right before another: Pagefind
    joins their texts with nothing between (a card's chips « Nouvelles compétences des
    intervenants » and « Prévention » read « intervenantsPrévention »).
    """
    return _BLOCK_END.sub(r"\g<0> ", html.replace("\u2019", "'"))


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


async def _lighten_apart(bundle: Path) -> str | None:
    """`lighten(bundle)` in a Python process of its own (`python -m generator.outputs.search`): in
    the build's, it would take the interpreter from the pages being laid out (3 to 4 s of
    it at 5,000 stories). A plain command, not multiprocessing: that would run the build's
    main script again in the child, and an unguarded one would build the site twice."""
    if not sys.executable:  # an embedded interpreter: no Python to start
        return lighten(bundle)
    package = str(Path(__file__).resolve().parents[2])  # the folder of `generator`
    paths = [package, *filter(None, [os.environ.get("PYTHONPATH")])]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", __name__, str(bundle),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
    )  # fmt: skip
    out, err = await process.communicate()
    if process.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise SearchIndexError(f"allègement de l'index ({process.returncode}) : {last[0]}")
    reason = json.loads(out)
    return reason if isinstance(reason, str) else None


class SearchIndex:
    """A Pagefind index fed article by article, for one build.

    Lifetime: made when the build has rendered every page's Markdown, written (or closed)
    when it ends. Its own thread runs Pagefind's asynchronous API; `add` only queues an
    article there.
    """

    def __init__(self, language: str, bundle: Path, *, lightened: bool = True) -> None:
        self._language = escape(language)
        """The site's language, as its pages declare it (`<html lang>`)."""
        self._bundle = bundle
        """Where Pagefind writes its files."""
        self._lightened = lightened
        """Whether `lighten` rewrites the bundle once written (the tests also compare the
        bundle as Pagefind writes it)."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._pending: list[Future[Any]] = []
        self._batch: list[tuple[str, str]] = []
        """Articles not yet handed to Pagefind's thread."""
        self._writing: Future[Any] | None = None
        """Pagefind writing the bundle, once every article is in."""
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

    def add(self, url: str, article: str) -> None:
        """Queue the article of the page at `url` (from the site root, `recits/a/`)."""
        if self._writing is not None:
            raise SearchIndexError(f"{url} : article ajouté après le début de l'écriture")
        # str(): on Markup, replace and sub would escape what they put back.
        document = _DOCUMENT.format(language=self._language, article=searchable(str(article)))
        self._batch.append(("/" + url, document))
        if len(self._batch) >= BATCH:
            self._send()

    def start_writing(self) -> None:
        """Every article is in: Pagefind indexes what is left and writes the bundle, then
        `lighten` rewrites it, in their own thread and processes, while the build goes on."""
        self._send()
        pending = list(self._pending)

        async def finish() -> str | None:
            await asyncio.gather(*(asyncio.wrap_future(future) for future in pending))
            await self._index.write_files(output_path=str(self._bundle))
            return await _lighten_apart(self._bundle) if self._lightened else None

        self._writing = asyncio.run_coroutine_threadsafe(finish(), self._loop)

    def _send(self) -> None:
        """Hand the articles queued so far to Pagefind's thread, in one wake-up."""
        pages, self._batch = self._batch, []
        if pages:
            self._pending.append(asyncio.run_coroutine_threadsafe(self._add(pages), self._loop))

    async def _add(self, pages: list[tuple[str, str]]) -> None:
        await asyncio.gather(
            *(self._index.add_html_file(url=url, content=html) for url, html in pages)
        )

    def write(self) -> str | None:
        """Wait until the bundle is written and lightened (started now if `start_writing`
        was not called); the service then stops. Returns why the index was left as
        Pagefind wrote it (see `lighten`), if it was."""
        try:
            if self._writing is None:
                self.start_writing()
            assert self._writing is not None
            unlightened: str | None = self._wait(self._writing, timeout=900)
        finally:
            self.close()
        return unlightened

    def _wait(self, work: Future[Any], timeout: float) -> Any:
        try:
            return work.result(timeout=timeout)
        except Exception as error:  # the service's own errors, or a time-out
            raise SearchIndexError(str(error) or type(error).__name__) from None

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


# --- Lightening the word index (see the module's docstring) ------------------------------------
# Pagefind 1.5's format (pagefind/src/index/ in its sources): each file is gzip of
# « pagefind_dcd » then CBOR made of integers, text and arrays only. A chunk is [[word…]];
# a word [stem, pages, [[accented form, pages]…]]; pages [[page, positions, meta positions]…],
# each page number counted from the word's previous page, so a word's bytes do not depend on
# its chunk. Positions: a negative number -w-1 gives the weight w (24 in the text, more in
# titles and headings) of the absolute position after it; the others are steps from the
# previous position. The metadata file (pagefind.<language>_<hash>.pf_meta, named in
# pagefind-entry.json) is [version, pages, chunks [[from, to, file]…], filters, sorts, fields].

CHUNK_SIZE = 20_000
"""Pagefind's own chunk size, in its units (one per position, one per page of a word): no
word may weigh more, and the chunks are cut again to it."""

INDEX_FORMATS = ("1.5.",)
"""The Pagefind versions whose index `lighten` can read."""

_SIGNATURE = b"pagefind_dcd"
_BARE_WEIGHT = 25
"""The weight Pagefind writes without a marker (first in its order)."""


class _FormatError(Exception):
    """The bundle is not laid out as expected."""


def _int_sizes() -> bytes:
    """Bytes taken by a CBOR integer, from its first byte (0: not an integer)."""
    sizes = bytearray(256)
    for byte in range(0x40):
        info = byte & 31
        if info < 28:
            sizes[byte] = 1 if info < 24 else 1 + (1 << (info - 24))
    return bytes(sizes)


_INT_SIZE = _int_sizes()


def _head(data: bytes, i: int, major: int) -> tuple[int, int]:
    """Value and end of the CBOR head of type `major` at `i`."""
    byte = data[i]
    if byte >> 5 != major:
        raise _FormatError(f"CBOR : type {byte >> 5} au lieu de {major} à l'octet {i}")
    info = byte & 31
    if info < 24:
        return info, i + 1
    if info > 27:
        raise _FormatError(f"CBOR : longueur indéfinie à l'octet {i}")
    size = 1 << (info - 24)
    return int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


def _skip(data: bytes, i: int, count: int) -> int:
    """Past `count` integers from `i`: the hot loop, one table look-up each."""
    sizes = _INT_SIZE
    for _ in range(count):
        i += sizes[data[i]]
    return i


def _read(data: bytes, i: int) -> tuple[Any, int]:
    """One CBOR item of integers, text and arrays."""
    major = data[i] >> 5
    value, i = _head(data, i, major)
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 3:
        return data[i : i + value].decode(), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _read(data, i)
            items.append(item)
        return items, i
    raise _FormatError(f"CBOR : type {major} inattendu")


def _put_head(out: bytearray, major: int, value: int) -> None:
    if value < 24:
        out.append(major << 5 | value)
        return
    size = 1 if value < 1 << 8 else 2 if value < 1 << 16 else 4 if value < 1 << 32 else 8
    out.append(major << 5 | (24 + size.bit_length() - 1))
    out += value.to_bytes(size, "big")


def _write(out: bytearray, item: Any) -> None:
    if isinstance(item, int):
        if item >= 0:
            _put_head(out, 0, item)
        else:
            _put_head(out, 1, -1 - item)
    elif isinstance(item, str):
        encoded = item.encode()
        _put_head(out, 3, len(encoded))
        out += encoded
    else:
        _put_head(out, 4, len(item))
        for element in item:
            _write(out, element)


def _unpack(raw: bytes) -> bytes:
    data = gzip.decompress(raw)
    if not data.startswith(_SIGNATURE):
        raise _FormatError("signature de Pagefind absente")
    return data[len(_SIGNATURE) :]


def _pack(data: bytes) -> bytes:
    # mtime=0: the same index, the same bytes. Level 6: 1 % larger than Pagefind's 9, four
    # times faster.
    return gzip.compress(_SIGNATURE + data, compresslevel=6, mtime=0)


@dataclass
class _Word:
    """One word of the index: its stem, its CBOR bytes, its size in Pagefind's units."""

    stem: str
    data: bytes
    size: int


class _Page(NamedTuple):
    """Where one page of a word lies in the word's bytes, as read to cut its positions."""

    start: int
    positions_head: int  # the head of its positions array…
    positions: int  # …their first number…
    length: int  # …and how many numbers they take,
    markers: int  # of which weight markers
    meta: int  # its positions in the title (kept as they are)
    meta_count: int
    end: int

    def in_text_order(self, data: bytes) -> bool:
        """All its positions have one weight: its first numbers are its first positions."""
        return self.markers == 0 or (self.markers == 1 and data[self.positions] >> 5 == 1)

    def ranked(self, data: bytes) -> list[tuple[int, int]]:
        """Its (weight, position) pairs, best first: highest weight (a title, a heading),
        then first in the text."""
        pairs, weight, position, absolute, i = [], _BARE_WEIGHT, 0, False, self.positions
        for _ in range(self.length):
            byte = data[i]
            if byte < 24:  # a small step, as most are
                value, i, negative = byte, i + 1, False
            else:
                negative = byte >= 0x20
                value, i = _head(data, i, negative)
            if negative:
                weight, absolute = value, True  # the marker -w-1 is CBOR's -1-w
                continue
            position = value if absolute else position + value
            absolute = False
            pairs.append((weight, position))
        pairs.sort(key=lambda pair: (-pair[0], pair[1]))
        return pairs


def _write_positions(out: bytearray, kept: list[tuple[int, int]]) -> int:
    """Append `kept` (weight, position) pairs as Pagefind lays them out (its
    positions_to_packed_page); how many numbers that takes."""
    body, numbers, weight, last = bytearray(), 0, _BARE_WEIGHT, 0
    for pair_weight, position in sorted(
        kept, key=lambda pair: (0 if pair[0] == _BARE_WEIGHT else pair[0], pair[1])
    ):
        if pair_weight != weight:
            _put_head(body, 1, pair_weight)
            _put_head(body, 0, position)
            numbers, weight = numbers + 2, pair_weight
        else:
            _put_head(body, 0, position - last)
            numbers += 1
        last = position
    _put_head(out, 4, numbers)
    out += body
    return numbers


_Parts = list[bytes | _Page]
"""A word read for cutting: its bytes as they are, and its pages."""


def _array(data: bytes, i: int) -> tuple[int, int]:
    """Length and end of the array head at `i` (inline for the usual short one)."""
    byte = data[i]
    if 0x80 <= byte < 0x98:
        return byte - 0x80, i + 1
    return _head(data, i, 4)


def _skip_pages(data: bytes, i: int) -> tuple[int, int]:
    """Size (units) and end of the pages at `i`: [[page, [positions], [meta positions]]…].
    The hot loop of `lighten` (millions of numbers for thousands of stories): kept flat."""
    count, i = _array(data, i)
    size = 0
    sizes = _INT_SIZE
    for _ in range(count):
        if data[i] != 0x83:
            raise _FormatError(f"page : 3 champs attendus à l'octet {i}")
        i += 1 + sizes[data[i + 1]]
        byte = data[i]
        if 0x80 <= byte < 0x98:
            positions = byte - 0x80
            i += 1
        else:
            positions, i = _head(data, i, 4)
        for _ in range(positions):
            i += sizes[data[i]]
        if data[i] == 0x80:  # no position in the title, as a rule
            i += 1
            size += positions + 1
            continue
        meta_count, i = _array(data, i)
        for _ in range(meta_count):
            i += sizes[data[i]]
        size += positions + meta_count + 1
    return size, i


def _read_pages(data: bytes, i: int, parts: _Parts) -> tuple[int, int]:
    """As `_skip_pages`, with each page's layout appended to `parts`."""
    head = i
    count, i = _array(data, i)
    parts.append(data[head:i])
    size = 0
    sizes = _INT_SIZE
    for _ in range(count):
        if data[i] != 0x83:
            raise _FormatError(f"page : 3 champs attendus à l'octet {i}")
        start = i
        positions_head = i + 1 + sizes[data[i + 1]]
        positions, i = _array(data, positions_head)
        first, markers = i, 0
        for _ in range(positions):
            byte = data[i]
            markers += byte >> 5  # 1 for a negative number: a weight marker
            i += sizes[byte]
        meta = i
        meta_count, i = _array(data, i)
        i = _skip(data, i, meta_count)
        parts.append(_Page(start, positions_head, first, positions, markers, meta, meta_count, i))
        size += positions + meta_count + 1
    return size, i


def _scan_word(data: bytes, i: int, parts: _Parts | None = None) -> tuple[str, int, int]:
    """Stem, size (units) and end of the word at `i`."""
    head = i
    if data[i] != 0x83:
        raise _FormatError(f"mot : 3 champs attendus à l'octet {i}")
    length, i = _head(data, i + 1, 3)
    stem = data[i : i + length].decode()
    i += length
    if parts is not None:
        parts.append(data[head:i])
    size, i = _skip_pages(data, i) if parts is None else _read_pages(data, i, parts)
    head = i
    variants, i = _head(data, i, 4)
    if parts is not None:
        parts.append(data[head:i])
    for _ in range(variants):
        head = i
        if data[i] != 0x82:
            raise _FormatError(f"variante : 2 champs attendus à l'octet {i}")
        length, i = _head(data, i + 1, 3)
        i += length
        if parts is not None:
            parts.append(data[head:i])
        variant_size, i = _skip_pages(data, i) if parts is None else _read_pages(data, i, parts)
        size += variant_size
    return stem, size, i


def _scan_chunk(data: bytes) -> list[_Word]:
    count, i = _head(data, 1, 4) if data[:1] == b"\x81" else (-1, 0)
    if count < 0:
        raise _FormatError("morceau : 1 champ attendu")
    words = []
    for _ in range(count):
        start = i
        stem, size, i = _scan_word(data, i)
        words.append(_Word(stem, data[start:i], size))
    if i != len(data):
        raise _FormatError("morceau : octets en trop")
    return words


def _capped(word: _Word, budget: int) -> _Word:
    """`word` with, on each page, only its `keep` best positions: the largest `keep` (at
    least 1) that fits `budget`. Every page keeps the word."""
    data = word.data
    parts: _Parts = []
    _scan_word(data, 0, parts)
    pages = [part for part in parts if isinstance(part, _Page)]
    ranked = {page.start: page.ranked(data) for page in pages if not page.in_text_order(data)}
    # What keeping one more position adds, over all pages: the position, and a weight marker
    # for the first of each weight (an estimate for mixed weights: the encoding decides).
    longest = max(page.length for page in pages)
    steps = [0] * (longest + 2)
    ending = [0] * (longest + 2)
    size = 0
    for page in pages:
        size += page.meta_count + 1
        pairs = ranked.get(page.start)
        if pairs is None:
            ending[page.length - page.markers] += 1
            steps[1] += page.markers
        else:
            seen = set()
            for rank, (weight, _position) in enumerate(pairs, start=1):
                steps[rank] += 1 + (weight not in seen and weight != _BARE_WEIGHT)
                seen.add(weight)
    reaching = 0
    for rank in range(longest, 0, -1):
        reaching += ending[rank]
        steps[rank] += reaching
    keep = 1
    size += steps[1]
    while keep < longest and size + steps[keep + 1] <= budget:
        keep += 1
        size += steps[keep]
    while True:
        out, size = bytearray(), 0
        for part in parts:
            if not isinstance(part, _Page):
                out += part
                continue
            pairs = ranked.get(part.start)
            numbers = min(part.length, keep + part.markers) if pairs is None else -1
            if numbers == part.length:
                out += data[part.start : part.end]
            else:
                out += data[part.start : part.positions_head]
                if pairs is None:
                    _put_head(out, 4, numbers)
                    out += data[part.positions : _skip(data, part.positions, numbers)]
                else:
                    numbers = _write_positions(out, pairs[:keep])
                out += data[part.meta : part.end]
            size += numbers + part.meta_count + 1
        if size <= budget or keep == 1:
            return _Word(word.stem, bytes(out), size)
        keep -= 1


def _chunked(words: list[_Word], size: int) -> list[list[_Word]]:
    """The words in order, cut before the one that would take a chunk past `size`."""
    chunks: list[list[_Word]] = []
    current: list[_Word] = []
    total = 0
    for word in words:
        if current and total + word.size > size:
            chunks.append(current)
            current, total = [], 0
        current.append(word)
        total += word.size
    if current:
        chunks.append(current)
    return chunks


def _ranges(chunks: list[list[_Word]]) -> list[list[str]]:
    """Each chunk's [from, to] bounds as Pagefind draws them (chunk_meta in its sources): the
    shortest prefixes that tell neighbouring chunks apart."""
    ranges = [[chunk[0].stem, chunk[-1].stem] for chunk in chunks]
    for before, after in itertools.pairwise(ranges):
        last, first = before[1], after[0]
        common = 0
        for a, b in zip(first, last, strict=False):
            if a != b:
                break
            common += 1
        if last[: common + 1] >= before[0]:
            before[1] = last[: common + 1]
        after[0] = first[: common + 1]
    return ranges


def _name(language: str, data: bytes, length: int, taken: set[str]) -> str:
    """A file name from the content's hash, longer on a collision (as Pagefind does)."""
    digest = hashlib.sha1(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    name = f"{language}_{digest[:length]}"
    taken.add(name)
    return name


def _lighten_language(
    bundle: Path, language: str, meta_path: Path, chunk_size: int, files: dict[Path, bytes]
) -> str:
    """Cut the words of one language's index into `files` (path: CBOR); its new metadata
    file's hash."""
    meta_data = _unpack(meta_path.read_bytes())
    meta, _end = _read(meta_data, 0)
    again = bytearray()
    _write(again, meta)
    if bytes(again) != meta_data:
        raise _FormatError("métadonnées : relues autrement qu'écrites")
    words: list[_Word] = []
    for _from, _to, name in meta[2]:
        words += _scan_chunk(_unpack((bundle / "index" / f"{name}.pf_index").read_bytes()))
    if any(a.stem >= b.stem for a, b in itertools.pairwise(words)):
        raise _FormatError("mots hors d'ordre")
    words = [_capped(word, chunk_size) if word.size > chunk_size else word for word in words]
    chunks = _chunked(words, chunk_size)
    taken = {path.stem for path in files}
    meta[2] = []
    for chunk, (first, last) in zip(chunks, _ranges(chunks), strict=True):
        head = bytearray(b"\x81")
        _put_head(head, 4, len(chunk))
        data = bytes(head) + b"".join(word.data for word in chunk)
        name = _name(language, data, 7, taken)
        files[bundle / "index" / f"{name}.pf_index"] = data
        meta[2].append([first, last, name])
    out = bytearray()
    _write(out, meta)
    name = _name(language, bytes(out), len(language) + 8, taken)
    files[bundle / f"pagefind.{name}.pf_meta"] = bytes(out)
    return name


def lighten(bundle: Path, chunk_size: int = CHUNK_SIZE) -> str | None:
    """Rewrite the word index of the Pagefind bundle at `bundle` (see the module's
    docstring). Returns why it was left as Pagefind wrote it, if it was."""
    files: dict[Path, bytes] = {}
    replaced: list[Path] = []
    try:
        entry_path = bundle / "pagefind-entry.json"
        entry_text = entry_path.read_text(encoding="utf-8")
        entry = json.loads(entry_text)
        version = str(entry.get("version"))
        if not version.startswith(INDEX_FORMATS):
            known = ", ".join(INDEX_FORMATS)
            return f"format d'index de Pagefind {version} inconnu (connus : {known})"
        for language, about in sorted(entry["languages"].items()):
            meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
            name = _lighten_language(bundle, language, meta_path, chunk_size, files)
            replaced.append(meta_path)
            # The entry file names each language's metadata file: the one new name changes.
            field = f'"hash":"{about["hash"]}"'
            if entry_text.count(field) != 1:
                raise _FormatError("pagefind-entry.json : nom des métadonnées introuvable")
            entry_text = entry_text.replace(field, f'"hash":"{name}"')
    except (_FormatError, IndexError, KeyError, TypeError, ValueError, OSError) as error:
        return f"index illisible ({error})"
    # Written only once all is read; the old chunks and metadata then go.
    for path in [*(bundle / "index").glob("*.pf_index"), *replaced]:
        if path not in files:
            path.unlink()
    # zlib lets go of the interpreter: the chunks compress on every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for path, packed in zip(files, pool.map(_pack, files.values()), strict=True):
            path.write_bytes(packed)
    entry_path.write_text(entry_text, encoding="utf-8")
    return None


if __name__ == "__main__":  # `_lighten_apart`: why the bundle was left unlightened, or null
    print(json.dumps(lighten(Path(sys.argv[1]))))

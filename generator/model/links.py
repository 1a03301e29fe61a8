"""The links a story or a bulletin makes: found in every Markdown form, checked as the strict
build checks them, and written for MkDocs as addresses it resolves.

A broker may write, in a story or a bulletin:

- `recit:<nom>` (optionally `#ancre`): the page of a story, by its file name;
- a path relative to the file, as an editor previews it: `photo.png`, `docs/rapport.pdf`
  (an attachment next to the story) or `autre-recit.md` (another story);
- a path relative to the page's address, as MkDocs reads it: `../regions/estrie.md`;
- `#ancre` (a heading of the same page) and external `http(s)`, `mailto` and `tel` links.

Links are found by rendering the body with the site's Markdown extensions (inline links with
or without a title, reference-style links, images, raw HTML), so that what is checked is
what will be published. Each one that needs it is then rewritten in the Markdown as the path
MkDocs expects from the page's virtual source, which MkDocs resolves to the final URL.
"""

from __future__ import annotations

import bisect
import posixpath
import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.model import urls
from generator.model.problems import Problem, Severity
from generator.model.text import closest, did_you_mean, quote

STORY_SCHEME = "recit"
"""`recit:<nom>` links to the story of that file name."""

EXTERNAL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may use to leave the site (the sanitiser keeps no other)."""

_RAW_LINK = re.compile(r"\b(?:href|src)\s*=", re.IGNORECASE)


def has_links(body: str) -> bool:
    """Whether `body` may hold a link or an image: most stories have none, and are not
    rendered for nothing (plain `in` tests first: a regular expression costs more)."""
    return "](" in body or "]:" in body or ("=" in body and bool(_RAW_LINK.search(body)))


@dataclass(frozen=True)
class Target:
    """Where a link leads on the site: a page's virtual source or a file, and an anchor."""

    src_uri: str
    """`recits/projet-echo.md`, `recits/images/a.png` (see `generator.model.urls`)."""

    fragment: str = ""

    def link_from(self, page: urls.Permalink) -> str:
        """The address MkDocs resolves (and checks) from `page`."""
        relative = posixpath.relpath(self.src_uri, posixpath.dirname(page.src_uri) or ".")
        return relative + (f"#{self.fragment}" if self.fragment else "")

    def url_from(self, page: urls.Permalink) -> str:
        """The address a browser resolves from `page`'s URL (for raw HTML, which MkDocs
        leaves as it is)."""
        path = self.path
        relative = posixpath.relpath(path or ".", page.url or ".")
        if path.endswith("/") or not path:
            relative = relative.rstrip("/") + "/" if relative != "." else "./"
        return relative + (f"#{self.fragment}" if self.fragment else "")

    @property
    def path(self) -> str:
        """Its URL path from the site root."""
        return urls.Permalink(self.src_uri).url if self.src_uri.endswith(".md") else self.src_uri

    def absolute(self, site_url: str) -> str:
        """The full URL (for the plain-text email)."""
        return urljoin(site_url, self.path) + (f"#{self.fragment}" if self.fragment else "")


@dataclass
class Found:
    """What rendering a body shows: its links (in order) and the ids of its elements."""

    links: list[tuple[str, bool]] = field(default_factory=list)
    """Each link or image address as Markdown parsed it, and whether it is an image."""

    ids: set[str] = field(default_factory=set)


class _Collector(Treeprocessor):
    def __init__(self, md: markdown.Markdown, found: Callable[[], Found]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        found = self.found()
        for element in root.iter():
            if element.tag == "a" and element.get("href") is not None:
                found.links.append((str(element.get("href")), False))
            elif element.tag == "img" and element.get("src") is not None:
                found.links.append((str(element.get("src")), True))
            if element.get("id"):
                found.ids.add(str(element.get("id")))
        for raw in self.md.htmlStash.rawHtmlBlocks:
            parser = _RawHtml(found)
            parser.feed(str(raw))
            parser.close()


class _RawHtml(HTMLParser):
    def __init__(self, found: Found) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.found.links.append((str(values["href"]), False))
        if tag == "img" and values.get("src") is not None:
            self.found.links.append((str(values["src"]), True))
        if values.get("id"):
            self.found.ids.add(str(values["id"]))


class _CollectorExtension(Extension):
    def __init__(self, found: Callable[[], Found]) -> None:
        super().__init__()
        self.found = found

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline patterns (20) and the table of contents' ids (5).
        md.treeprocessors.register(_Collector(md, self.found), "oqrls_links", 1)


@dataclass(frozen=True)
class Source:
    """A story or bulletin body to check, and where it comes from."""

    path: Path
    """Its file, as shown in messages."""
    file: Path
    """Its file on disk."""
    folder: Path
    """The content folder it is in (`stories/`, `bulletins/`)."""
    page: urls.Permalink
    """Its page."""
    body: str
    body_line: int
    attachment: Callable[[str], str]
    """Where an attachment of its folder is published (`urls.story_attachment`…)."""


StoryFinder = Callable[[str, int], "str | None"]
"""For a `recit:` link: the story's page source, or None after reporting why not."""


class LinkChecker:
    """Checks the links of one build's bodies; lifetime: one build.

    `pages` are the virtual sources of every page the site will have, `files` the published
    attachments (both by their `src_uri`), `documents` the Markdown files of the content
    folders by path (to follow `autre-recit.md`), mapped to their page source when published.
    """

    def __init__(
        self,
        pages: set[str],
        files: set[str],
        documents: Mapping[Path, str | None],
        bodies: Mapping[str, str],
        extensions: Sequence[str],
        configs: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.pages = pages
        self.files = files
        # A name typed in one Unicode form links a file saved in the other (macOS writes
        # « é » as e + accent, NFD; keyboards type it as one character, NFC).
        self._files_nfc = {unicodedata.normalize("NFC", file): file for file in files}
        self.documents = {path.absolute(): src for path, src in documents.items()}
        self.bodies = bodies
        """The Markdown body of each story and bulletin page, by its source (for anchors)."""
        self._found = Found()
        self._ids: dict[str, set[str]] = {}
        self._markdown = _converter(extensions, configs, lambda: self._found)

    def render(self, body: str) -> Found:
        """The links and ids of `body`, as the site's Markdown renders it."""
        self._found = Found()
        self._markdown.reset().convert(body)
        return self._found

    def ids(self, src_uri: str) -> set[str]:
        """The ids of a page's Markdown body: the anchors a link to it may name."""
        if src_uri not in self._ids:
            self._ids[src_uri] = self.render(self.bodies.get(src_uri, "")).ids
        return self._ids[src_uri]

    def check(
        self, source: Source, find_story: StoryFinder, problems: list[Problem]
    ) -> dict[str, Target]:
        """Report the broken links of `source`; where its links to the site lead, by written
        address (to rewrite them for MkDocs, or as full URLs)."""
        if not has_links(source.body):
            return {}
        found = self.render(source.body)
        self._ids.setdefault(source.page.src_uri, found.ids)
        lines = _Lines(source.body, source.body_line)
        targets: dict[str, Target] = {}
        for address, image in found.links:
            line = lines.find(address)

            def report(message: str, line: int = line) -> None:
                problems.append(Problem(source.path, line, "lien", message, Severity.WARNING))

            target = self._resolve(source, address, image, line, find_story, report)
            if target is not None:
                targets[address] = target
        return targets

    def _resolve(
        self,
        source: Source,
        address: str,
        image: bool,
        line: int,
        find_story: StoryFinder,
        report: Callable[[str], None],
    ) -> Target | None:
        parts = urlsplit(address)
        scheme = parts.scheme.lower()
        shown = quote(address)
        if scheme == STORY_SCHEME:
            slug = unquote(parts.path)
            src = find_story(slug, line)
            if src is None:
                return None
            return self._anchored(Target(src, parts.fragment), shown, report)
        if image and (scheme or parts.netloc):
            report(
                f"image {shown} d'un autre site : le site ne demande rien à un autre site "
                "(elle serait bloquée) ; placez le fichier à côté du récit"
            )
            return None
        if scheme in EXTERNAL_SCHEMES or (parts.netloc and not scheme):
            return None
        if scheme:
            report(
                f"adresse {shown} refusée : un lien mène à une page du site, à un fichier joint, "
                "ou à une adresse http(s), mailto ou tel (il serait retiré de la page)"
            )
            return None
        if address.startswith(("/", "\\")):
            report(
                f"adresse absolue {shown} : écrivez-la relative au fichier (ex. : "
                "« photo.png », « recit:projet-echo »), elle resterait sans vérification"
            )
            return None
        path = unquote(parts.path)
        if not path:
            if parts.fragment and parts.fragment not in self.ids(source.page.src_uri):
                report(f"ancre {shown} introuvable dans ce texte")
            return None
        # As the editor previews it: relative to the file.
        on_disk = Path(posixpath.normpath((source.file.parent / path).as_posix()))
        if on_disk.is_relative_to(source.folder.absolute()):
            relative = on_disk.relative_to(source.folder.absolute()).as_posix()
            published = self._file(source.attachment(relative))
            if published is not None:
                return Target(published, parts.fragment)
            if on_disk in self.documents:
                src = self.documents[on_disk]
                if src is None:
                    report(f"lien {shown} vers un récit ou un bulletin qui ne sera pas publié")
                    return None
                return self._anchored(Target(src, parts.fragment), shown, report)
        # As MkDocs reads it: relative to the page's address.
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(source.page.src_uri), path))
        file = self._file(uri)
        if file is not None:
            return Target(file, parts.fragment)
        if uri in self.pages:
            return self._anchored(Target(uri, parts.fragment), shown, report)
        what = "image" if image else "lien"
        report(
            f"{what} {shown} : aucun fichier ni aucune page à cette adresse (un fichier joint "
            "s'écrit relatif au fichier du récit, ex. « photo.png » à côté de lui)"
            + did_you_mean(closest(path, [*self.files, *self.pages]))
        )
        return None

    def _file(self, src_uri: str) -> str | None:
        """The published file at `src_uri`, whichever Unicode form either is written in."""
        if src_uri in self.files:
            return src_uri
        return self._files_nfc.get(unicodedata.normalize("NFC", src_uri))

    def _anchored(self, target: Target, shown: str, report: Callable[[str], None]) -> Target:
        if target.fragment and target.fragment not in self.ids(target.src_uri):
            report(f"ancre « #{target.fragment} » introuvable dans la page de {shown}")
        return target


def _converter(
    extensions: Sequence[str],
    configs: Mapping[str, Mapping[str, Any]],
    found: Callable[[], Found],
) -> markdown.Markdown:
    collector = _CollectorExtension(found)
    try:
        return markdown.Markdown(
            extensions=[*extensions, collector], extension_configs=dict(configs)
        )
    except Exception:  # an extension that cannot load outside MkDocs
        return markdown.Markdown(extensions=["toc", "tables", "attr_list", collector])


class _Lines:
    """The line of each link: where its address is next written, as a whole, after the
    previous link (links come in the order of the text).

    Every address-like word of the body is indexed once, so that thousands of links cost
    a look-up each rather than a reading of the whole body each.
    """

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.first = first_line
        self.line_starts = [0, *(found.end() for found in re.finditer("\n", body))]
        self.words: dict[str, list[int]] = {}
        for found in _WORD.finditer(body):
            self.words.setdefault(found[0], []).append(found.start())
        self.cursor = 0
        self.missed: dict[str, int] = {}

    def find(self, address: str) -> int:
        places = self.words.get(address)
        if places:
            index = bisect.bisect_left(places, self.cursor)
            place = places[index] if index < len(places) else places[0]
            self.cursor = place + 1
            return self._line(place)
        # Written otherwise (with escapes Markdown removed, or a space): its first mention.
        if address not in self.missed:
            place = self.body.find(address)
            self.missed[address] = self._line(place) if place != -1 else self.first
        return self.missed[address]

    def _line(self, offset: int) -> int:
        return self.first + bisect.bisect_right(self.line_starts, offset) - 1


_WORD = re.compile(r"""[^\s()<>"'=]+""")
"""What an address is written as, between the signs that surround one in Markdown and HTML
(`](…)`, `<…>`, `href="…"`, `href=…`): `#ancre-1` is not found in `#ancre-10`."""


def rewrite(text: str, targets: Mapping[str, Target], page: urls.Permalink) -> str:
    """`text` with each link of `targets` written as MkDocs resolves it from `page`, and
    each address of its raw HTML as the browser resolves it from the page's URL."""
    addresses = {address: target.link_from(page) for address, target in targets.items()}
    text = _replace(text, {old: new for old, new in addresses.items() if old != new})
    if "=" not in text:
        return text
    raw = {address: target.url_from(page) for address, target in targets.items()}
    for address, new in raw.items():
        # Quoted or not: `<a href=recit:x>` is HTML too (left as written, nh3 would then
        # drop the unknown address and publish a dead link).
        pattern = re.compile(
            r"""(\b(?:href|src)=["']?)""" + re.escape(address) + r"""(?=["'\s>])"""
        )
        text = pattern.sub(lambda match, new=new: match[1] + new, text)  # type: ignore[misc]
    return text


def absolute(text: str, targets: Mapping[str, Target], site_url: str) -> str:
    """`text` with each link of `targets` written as a full URL."""
    return _replace(text, {address: t.absolute(site_url) for address, t in targets.items()})


def _replace(text: str, addresses: Mapping[str, str]) -> str:
    for address, new in addresses.items():
        pattern = re.compile(
            r"(\]\([ \t]*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)" + re.escape(address) + r"(?=[>\s)]|$)",
            re.MULTILINE,
        )
        text = pattern.sub(lambda match, new=new: match[1] + new, text)  # type: ignore[misc]
    return text

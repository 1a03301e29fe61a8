"""Running the core pipeline on a folder of files written by a test."""

from __future__ import annotations

import json
import re
import shutil
import sys
import sysconfig
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.collection import Collection
from generator.pipeline import build_collection
from generator.settings import Settings


def collect(root: Path, files: dict[str, str | bytes], *, drafts: bool = False) -> Collection:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    settings = Settings(root, root / "stories", root / "bulletins", include_drafts=drafts)
    return build_collection(settings)


def messages(root: Path, files: dict[str, str | bytes]) -> list[str]:
    return [str(problem) for problem in collect(root, files).problems]


MERGE_TAG = re.compile(r"\*\|[A-Z_:]+\|\*")
"""A mailing tool's merge tag (Mailchimp's `*|UNSUB|*`), such as the unsubscribe link."""


class PageLinks(HTMLParser):
    """The addresses (href, src) and ids of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for attribute in ("href", "src"):
            value = values.get(attribute)
            if value is not None and not (tag == "link" and values.get("rel") == "preconnect"):
                self.links.append(value)


def page_links(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text("utf-8"))
    return parser


def broken_links(site: Path, site_url: str = "https://oqrls.example.org/") -> list[str]:
    """Every internal href/src of every page that leads to no file, or to no such anchor."""
    parsed: dict[Path, PageLinks] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        links = parsed.setdefault(page, page_links(page))
        page_url = urljoin(site_url, page.relative_to(site).as_posix())
        for link in links.links:
            if MERGE_TAG.fullmatch(link):
                continue  # replaced by the mailing tool when Le Relais is sent
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(site_url).netloc:
                continue
            target = site / unquote(parts.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                anchors = parsed.setdefault(target, page_links(target)).ids
                if unquote(parts.fragment) not in anchors:
                    broken.append(f"{page.relative_to(site)} → {link} (ancre)")
    return broken


def installed_tool(name: str) -> str | None:
    """A command that pip installed next to the running Python, else one on PATH.

    `.venv/bin/python -m pytest` runs without an activated environment: its tools are in
    `.venv/bin` (`.venv\\Scripts` on Windows), which need not be on PATH.
    """
    folders = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for folder in folders:
        for candidate in (
            folder / name,
            folder / f"{name}.exe",
            folder / "Scripts" / f"{name}.exe",
        ):
            if candidate.is_file():
                return str(candidate)
    return shutil.which(name)


def catalogue_terms(html: str) -> list[dict[str, list[str]]]:
    """Each story's terms as the catalogue's script reads them: positions in the panel's
    checkbox lists (one list per facet), decoded back into term ids."""
    groups = re.findall(r'<fieldset data-facette="([a-z_]+)">(.*?)</fieldset>', html, re.S)
    boxes = [(key, re.findall(rf'name="{key}" value="([a-z0-9-]+)"', body)) for key, body in groups]
    data = re.search(r'<script type="application/json" id="oqrls-catalogue-donnees">(.*?)<', html)
    assert data is not None
    return [
        {key: [ids[p] for p in at] for (key, ids), at in zip(boxes, story, strict=True)}
        for story in json.loads(data[1])
    ]

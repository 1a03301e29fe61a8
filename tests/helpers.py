"""Running the core pipeline on a folder of files written by a test."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.collection import Collection
from generator.model.facets import FACETS
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.pipeline import build_collection
from generator.settings import Settings
from tests.conftest import make_project, story_text


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


# -- Content written by tests -----------------------------------------------------------------

BULLETIN_STORIES = {
    "stories/a.md": story_text(title="A", date="2012-01-01", region="estrie", outcomes=["urgence"]),
    "stories/b.md": story_text(title="B", date="2012-06-01", region="laval", outcomes=["urgence"]),
    "stories/c.md": story_text(
        title="C", date="2013-01-01", region="estrie", outcomes=["prevention"]
    ),
    "stories/futur.md": story_text(title="F", date="2020-01-01", region="estrie"),
}  # fmt: skip
"""Four stories for bulletin selections: two regions, two outcomes, one after every number."""


def bulletin_text(body: str = "Éditorial.\n", **fields: Any) -> str:
    """A bulletin file: a valid number 3 updated with `fields` (None removes a key)."""
    data = {
        "title": "Numéro d'essai",
        "number": 3,
        "date": "2013-03-05",
        "description": "Un numéro.",
        **fields,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\n{body}"


def random_collection(root: Path, count: int, seed: int) -> Collection:
    """`count` valid stories with random terms of every facet, through the core pipeline."""
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    rng = random.Random(seed)
    files = {}
    for number in range(count):
        fields = {
            facet.key: rng.sample([t.id for t in vocabularies[facet.key]], rng.randint(1, 3))
            for facet in FACETS
        }
        fields["date"] = f"{rng.randint(2005, 2015)}-{rng.randint(1, 12):02d}-01"
        files[f"stories/r{number:03d}.md"] = story_text(title=f"Récit {number}", **fields)
    collection = collect(root, files)
    assert collection.problems == []
    return collection


# -- Builds ----------------------------------------------------------------------------------

BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
"""A test build: no Material banner, and a fixed date so that builds compare byte for byte."""


def build_site(cwd: Path, target: Path) -> Path:
    """`mkdocs build --strict` of the site in `cwd` into `target` (the test fails if it fails)."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=cwd, env={**os.environ, **BUILD_ENV}, capture_output=True, text=True,
        check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return target


def generated_collection(root: Path) -> Path:
    """Thirty random stories over every facet, long titles and summaries, and a bulletin,
    built: a site the templates have never seen. Returns the built site."""
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    project = make_project(root)
    rng = random.Random(12)
    slugs = []
    for number in range(30):
        slug = f"recit-genere-{number:02d}"
        slugs.append(slug)
        fields: dict[str, Any] = {
            facet.key: rng.sample([t.id for t in vocabularies[facet.key]], rng.randint(1, 3))
            for facet in FACETS
        }
        words = "accompagnement concertation proximité territoire prévention partenaires"
        title = " ".join(rng.choices(words.split(), k=rng.randint(3, 14))).capitalize()
        paragraphs = [
            " ".join(rng.choices(words.split(), k=rng.randint(20, 60))).capitalize() + "."
            for _ in range(3)
        ]
        body = "\n\n".join([paragraphs[0], "## Le contexte", *paragraphs[1:]]) + "\n"
        if number % 3 == 0:
            fields["summary"] = paragraphs[2]
        project.story(
            slug,
            body=body,
            title=f"{title} ({number})",
            date=f"{rng.randint(2009, 2013)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            rls=[f"RLS numéro {number}"],
            **fields,
        )
    project.write(
        "bulletins/numero-essai.md",
        bulletin_text(
            "Éditorial du numéro.\n\n::: recit recit-genere-03\n",
            date="2014-01-15",
            stories=slugs[:2],
            select={"region": [t.id for t in vocabularies["region"]][:5], "limit": 3},
        ),
    )
    return build_site(project.root, project.root / "site")


# -- A server under test ---------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_until(condition: Callable[[], object], seconds: float = 30) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False). A server that is not
    up yet (OSError) counts as not yet. For a positive signal only: to check that something
    did not happen, first wait for something that did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@contextmanager
def mkdocs_serve(root: Path, port: int, log: Path) -> Iterator[str]:
    """`mkdocs serve` of the project at `root` on loopback, as a broker runs it (live reload
    on); its log in `log`. Yields its address once it serves; the server is stopped after,
    and its log must hold no traceback."""
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while "Serving on" not in log.read_text("utf-8"):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve ne démarre pas :\n{log.read_text('utf-8')}")
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    assert "Traceback" not in log.read_text("utf-8")

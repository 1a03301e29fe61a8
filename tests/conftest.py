"""Shared fixtures: throw-away OQRLS projects built with the real MkDocs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers from what a test uses, so that none is forgotten: `browser` for a test that
    needs Chromium (the `chromium` fixture), `build` for one that reads a shared build of a
    site. `validator` (the HTML checker, Java) is set by its module."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "chromium" in used:
            item.add_marker(pytest.mark.browser)
        if used & {"repo_site", "generated_site"}:
            item.add_marker(pytest.mark.build)


VALID_STORY: dict[str, Any] = {
    "title": "Une initiative exemplaire",
    "date": "2012-03-04",
    "region": "estrie",
    "population": "Personnes âgées du territoire",
    "partners": ["CSSS", "Organisme communautaire"],
    "success_factors": ["vision-commune"],
    "outcomes": ["accessibilite"],
}


def story_text(body: str = "Le texte du récit.\n", **fields: Any) -> str:
    """A story file: VALID_STORY updated with `fields` (a value of None removes the key)."""
    data = {**VALID_STORY, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


@dataclass
class Project:
    """A site folder with the repo's mkdocs.yml and theme, and stories of the test's own."""

    root: Path

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def story(self, slug: str, body: str = "Le texte du récit.\n", **fields: Any) -> Path:
        fields.setdefault("title", f"Initiative {slug}")
        return self.write(f"stories/{slug}.md", story_text(body, **fields))

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        return subprocess.run(
            [sys.executable, "-m", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def build(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run("mkdocs", "build", "--strict", *extra)

    def check(self, *paths: str) -> subprocess.CompletedProcess[str]:
        return self.run("generator.tools.cli", "check", *paths)

    def html(self, relative: str) -> str:
        return (self.root / "site" / relative).read_text(encoding="utf-8")


def make_project(root: Path) -> Project:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "stories").mkdir(exist_ok=True)
    (root / "bulletins").mkdir(exist_ok=True)
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "site-test")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's own site, built once for the whole session (`--strict`, fixed date) and
    shared by every module that reads it: read it, never write into it."""
    from tests.helpers import build_site

    return build_site(REPO, tmp_path_factory.mktemp("depot") / "site")


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 30-story collection with a bulletin, built once for the session."""
    from tests.helpers import generated_collection

    return generated_collection(tmp_path_factory.mktemp("genere") / "p")


@pytest.fixture(scope="session")
def chromium() -> None:
    """Chromium and Playwright are there (else skip, or fail in CI). Every test that drives the
    browser asks for this fixture, directly or through another: that makes it a `browser`
    test (`pytest_collection_modifyitems`), left out of the fast loop."""
    require_chromium()


@pytest.fixture(scope="module")
def browser(chromium: None) -> Iterator[Any]:
    """Debian's Chromium under Playwright, for the browser tests of a module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tree_hash() -> Callable[[Path], dict[str, bytes]]:
    def snapshot(folder: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }

    return snapshot

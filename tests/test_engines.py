"""The site's engine can change: ProperDocs builds the unchanged repository like MkDocs does."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def _build(engine: str, target: Path) -> list[str]:
    """Build the repository's site with `engine` into `target`; every published page."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-d", str(target)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return sorted(page.relative_to(target).as_posix() for page in target.rglob("index.html"))


def test_properdocs_publishes_the_same_pages_as_mkdocs(tmp_path: Path) -> None:
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("ProperDocs est requis en CI (paquet properdocs)")
        pytest.skip("properdocs absent")
    mkdocs = _build("mkdocs", tmp_path / "mkdocs")
    properdocs = _build("properdocs", tmp_path / "properdocs")
    assert "index.html" in mkdocs and "catalogue/index.html" in mkdocs
    assert properdocs == mkdocs

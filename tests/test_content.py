"""The repo's own example content: checked, and built with --strict."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.pipeline import build_collection
from generator.settings import Settings
from tests.conftest import REPO


def test_repo_stories_are_valid_and_complete() -> None:
    collection = build_collection(Settings(REPO, REPO / "stories", REPO / "bulletins"))
    assert [str(p) for p in collection.problems] == []
    assert len(collection.stories) >= 12


def test_repo_site_builds_strict(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pages = sorted(p.parent.name for p in (tmp_path / "site/recits").glob("*/index.html"))
    assert pages == sorted(p.stem for p in (REPO / "stories").rglob("*.md"))
    home = (tmp_path / "site/index.html").read_text("utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_oqrls_check_on_a_broken_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(REPO / "stories", copy / "stories")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    story = next(iter(sorted((copy / "stories").glob("*.md"))))
    text = story.read_text("utf-8").replace("success_factors:", "sucess_factors:", 1)
    story.write_text(text, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.tools.cli", "check"],
        cwd=copy, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    rel = story.relative_to(copy).as_posix()
    assert f"{rel}:1: success_factors: champ obligatoire manquant" in result.stdout
    assert (
        ": sucess_factors: clé inconnue « sucess_factors » : vouliez-vous dire « success_factors »"
        in result.stdout
    )

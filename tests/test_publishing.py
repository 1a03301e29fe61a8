"""Publishing: workflows lint clean, builds are reproducible, links resolve, open data agrees."""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from generator.pipeline import build_collection
from generator.settings import Settings
from tests.conftest import REPO, Project, make_project
from tests.helpers import broken_links


def _build(project: Project, target: Path, epoch: str = "1700000000") -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=project.root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(repo_site: Path, tmp_path: Path) -> None:
    _build(Project(REPO), tmp_path / "again")
    first, second = _tree(repo_site), _tree(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_page_is_the_same_whether_its_article_went_to_pagefind_first(
    repo_site: Path, tmp_path: Path
) -> None:
    """With a search index, a story's or a bulletin's article is rendered before the pages
    and handed to Pagefind, then placed in its page; without (the preview), the page
    includes it. Both give the same page, and Pagefind reads what the page shows."""
    project = make_project(tmp_path / "sans-recherche")
    for folder in ("stories", "bulletins"):
        shutil.copytree(REPO / folder, project.root / folder, dirs_exist_ok=True)
    config = project.root / "mkdocs.yml"
    marker = "      bulletins_dir: bulletins\n"
    text = config.read_text("utf-8")
    assert marker in text
    config.write_text(text.replace(marker, marker + "      search: false\n"), "utf-8")
    _build(project, tmp_path / "site")
    searched = [*repo_site.glob("recits/*/index.html"), *repo_site.glob("bulletins/*/index.html")]
    assert len(searched) > 10
    assert not (tmp_path / "site" / "pagefind").exists()
    for page in searched:
        unsearched = tmp_path / "site" / page.relative_to(repo_site)
        assert page.read_text("utf-8") == unsearched.read_text("utf-8"), page
    # Pagefind read each article in the pages' language (its French stemming), text and
    # all: the last words of each story's text.
    entry = json.loads((repo_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    lang = re.search(r'<html lang="([^"]+)"', searched[0].read_text("utf-8"))
    assert lang is not None and list(entry["languages"]) == [lang[1].lower()]
    fragments = {}
    for path in (repo_site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(data)
        fragments[fragment["url"]] = fragment["content"]
    assert len(fragments) == len(searched)
    for page in repo_site.glob("recits/*/index.html"):
        html = page.read_text("utf-8")
        body = html[html.index('class="oqrls-recit__corps') :]
        last = re.findall(r"<p>(.*?)</p>", body, re.S)[-1]
        words = re.sub(r"<[^>]+>", " ", last).replace("\u2019", "'").split()
        url = "/" + page.parent.relative_to(repo_site).as_posix() + "/"
        assert " ".join(words[-4:]) in " ".join(fragments[url].split()), url


def test_no_broken_internal_link_or_anchor(repo_site: Path) -> None:
    assert broken_links(repo_site) == []


def test_broken_story_link_fails_the_strict_build(project: Project) -> None:
    project.story("a", body="Voir [l'autre](../b.md) et [une section](#absente).\n\n## Présente\n")
    result = project.build()
    assert result.returncode == 1
    assert "recits/a.md" in result.stderr and "b.md" in result.stderr
    assert "#absente" in result.stderr


def test_open_data_agrees_with_the_stories(repo_site: Path) -> None:
    collection = build_collection(Settings(REPO, REPO / "stories", REPO / "bulletins"))
    stories = json.loads((repo_site / "stories.json").read_text("utf-8"))
    assert [s["slug"] for s in stories] == [s.slug for s in collection.stories]
    for record, story in zip(stories, collection.stories, strict=True):
        assert record["url"] == f"https://oqrls.example.org/recits/{story.slug}/"
        assert record["title"] == story.title and record["date"] == story.meta.date.isoformat()
        assert [t["id"] for t in record["success_factors"]] == story.meta.success_factors
        assert [t["label"] for t in record["region"]] == [t.label for t in story.terms["region"]]
        assert record["summary"] == story.summary and record["partners"] == story.meta.partners
    vocabularies = json.loads((repo_site / "vocabularies.json").read_text("utf-8"))
    assert [t["id"] for t in vocabularies["region"]["terms"]][:2] == [
        "bas-saint-laurent",
        "saguenay-lac-saint-jean",
    ]


def test_schema_accepts_every_repo_story_and_rejects_bad_ones(repo_site: Path) -> None:
    schema = json.loads((repo_site / "schema/story.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((REPO / "stories").glob("*.md")):
        front = path.read_text("utf-8").split("---")[1]
        data = yaml.safe_load(front)
        data["date"] = str(data["date"])
        assert list(validator.iter_errors(data)) == [], path
    assert "vision-commune" in json.dumps(schema["properties"]["success_factors"])
    assert not validator.is_valid({"title": "x", "sucess_factors": []})
    good = {
        "title": "T",
        "date": "2012-01-01",
        "region": "estrie",
        "population": "P",
        "partners": ["A"],
        "success_factors": ["leadership"],
        "outcomes": ["prevention"],
    }
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "region": "nulle-part"})


def test_empty_site_still_builds_with_feeds_and_data(tmp_path: Path) -> None:
    project = make_project(tmp_path / "vide")
    _build(project, tmp_path / "site")
    assert json.loads((tmp_path / "site/stories.json").read_text("utf-8")) == []
    assert (tmp_path / "site/flux/recits.xml").is_file()

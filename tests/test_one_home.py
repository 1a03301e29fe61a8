"""Each concept has one home: a URL folder, a facet, a cache, the bulletins' placeholders.

The first two tests change that one home in a copy of the generator, as a developer would,
and build a whole site with it.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

import generator
from generator import site
from generator.blocks import BulletinBodies, MissingBodyError, bulletin_markdown
from generator.cache import BuildCache
from generator.collection import Collection
from generator.pipeline import build_collection
from generator.settings import Settings
from tests.conftest import REPO, Project, make_project, story_text
from tests.helpers import broken_links, catalogue_terms, collect


def _copy_generator(root: Path) -> Path:
    """A copy of the generator's code under `root`, importable with PYTHONPATH=root."""
    target = root / "code" / "generator"
    shutil.copytree(REPO / "generator", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _build_with(code: Path, project: Project) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(code.parent),
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project.root, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_renaming_the_stories_folder_is_a_one_line_change(tmp_path: Path) -> None:
    code = _copy_generator(tmp_path)
    urls_py = code / "urls.py"
    source = urls_py.read_text("utf-8")
    assert source.count('STORIES = "recits"') == 1
    urls_py.write_text(source.replace('STORIES = "recits"', 'STORIES = "histoires"'), "utf-8")
    project = make_project(tmp_path / "site")
    shutil.copytree(REPO / "stories", project.root / "stories", dirs_exist_ok=True)
    shutil.copytree(REPO / "bulletins", project.root / "bulletins", dirs_exist_ok=True)

    result = _build_with(code, project)

    assert result.returncode == 0, result.stderr
    built = project.root / "site"
    assert not (built / "recits").exists()
    slugs = sorted(path.stem for path in (REPO / "stories").glob("*.md"))
    assert sorted(p.name for p in (built / "histoires").iterdir()) == slugs
    assert broken_links(built) == []
    records = json.loads((built / "stories.json").read_text("utf-8"))
    assert all("/histoires/" in record["url"] for record in records)
    feed = (built / "flux/recits.xml").read_text("utf-8")
    assert "/histoires/" in feed and "/recits/" not in feed.replace("flux/recits.", "")
    email = (built / "bulletins/constats-travail-en-rls/courriel.html").read_text("utf-8")
    assert "/histoires/" in email and "/recits/" not in email


NEW_FACET = (
    '    Facet(\n        "approaches", "approaches", "approches", "approche", "approches",\n'
    '        "Approches d\'intervention",\n'
    '        "Même approche", "Mêmes approches",\n    ),\n'
)
APPROACHES = """label: Approches d'intervention
description: La manière d'aller vers la population.
terms:
  - id: proximite
    label: Intervention de proximité
  - id: pairs-aidants
    label: Pairs aidants
"""


def test_adding_a_facet_is_a_registry_entry_and_a_vocabulary_file(tmp_path: Path) -> None:
    code = _copy_generator(tmp_path)
    facets_py = code / "facets.py"
    source = facets_py.read_text("utf-8")
    marker = ')  # fmt: skip\n"""Every facet'
    assert source.count(marker) == 1
    facets_py.write_text(source.replace(marker, NEW_FACET + marker), "utf-8")
    (code / "vocabularies" / "approaches.yml").write_text(APPROACHES, "utf-8")
    project = make_project(tmp_path / "site")
    project.story("a", approaches=["Intervention de proximité"])
    project.story("b", approaches="pairs-aidants", date="2013-01-01")
    project.story("c")

    result = _build_with(code, project)

    assert result.returncode == 0, result.stderr
    built = project.root / "site"
    overview = (built / "approches/index.html").read_text("utf-8")
    assert "Approches d" in overview and "Intervention de proximité" in overview
    term = (built / "approches/proximite/index.html").read_text("utf-8")
    assert "recits/a/" in term and "recits/c/" not in term
    catalogue = (built / "catalogue/index.html").read_text("utf-8")
    assert 'name="approaches" value="proximite"' in catalogue
    # The catalogue's script reads story b's new-facet term (b is the newest, listed first).
    assert catalogue_terms(catalogue)[0]["approaches"] == ["pairs-aidants"]
    schema = json.loads((built / "schema/story.schema.json").read_text("utf-8"))
    assert "proximite" in json.dumps(schema["properties"]["approaches"])
    records = {r["slug"]: r for r in json.loads((built / "stories.json").read_text("utf-8"))}
    assert records["a"]["approaches"] == [{"id": "proximite", "label": "Intervention de proximité"}]
    vocabularies = json.loads((built / "vocabularies.json").read_text("utf-8"))
    assert [t["id"] for t in vocabularies["approaches"]["terms"]] == ["proximite", "pairs-aidants"]
    story_page = (built / "recits/a/index.html").read_text("utf-8")
    assert "approches/proximite/" in story_page
    # A wrong term of the new facet is refused like any other, located and in French.
    project.story("d", approaches=["inconnue"])
    refused = _build_with(code, project)
    assert refused.returncode != 0
    assert "stories/d.md:" in refused.stderr and "approaches: terme inconnu" in refused.stderr


def _modules() -> list[ModuleType]:
    names = [info.name for info in pkgutil.iter_modules(generator.__path__)]
    return [importlib.import_module(f"generator.{name}") for name in names]


def test_no_module_holds_mutable_state() -> None:
    """Caches and tables live on instances; module constants cannot be changed."""
    found = []
    for module in _modules():
        for name, value in vars(module).items():
            if name.startswith("__") or getattr(value, "__module__", module.__name__) not in (
                module.__name__,
                None,
            ):
                continue
            if isinstance(value, dict | list | set | bytearray):
                found.append(f"{module.__name__}.{name}: {type(value).__name__}")
            if hasattr(value, "cache_info") or hasattr(value, "cache_clear"):
                found.append(f"{module.__name__}.{name}: functools cache")
    assert found == []


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(REPO / "theme"), autoescape=True)


def test_a_card_follows_its_story_when_the_file_is_renamed(tmp_path: Path) -> None:
    cache = BuildCache()
    text = story_text(region="estrie")
    first = collect(tmp_path, {"stories/ancien-nom.md": text})
    cache.start_build()
    site.register(_env(), first, "/", cache)
    cache.end_build()

    (tmp_path / "stories/ancien-nom.md").rename(tmp_path / "stories/nouveau-nom.md")
    settings = Settings(tmp_path, tmp_path / "stories", tmp_path / "bulletins")
    cache.start_build()
    second = build_collection(settings, cache=cache)
    env = _env()
    site.register(env, second, "/", cache)
    cache.end_build()

    card = str(env.globals["oqrls_cards"]["nouveau-nom"])  # type: ignore[index]
    assert "/recits/nouveau-nom/" in card and "ancien-nom" not in card


def test_the_cache_drops_what_the_last_build_did_not_use() -> None:
    cache = BuildCache()
    cache.start_build()
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    cache.end_build()
    cache.start_build()
    assert cache.get("a", lambda: 99) == 1 and cache.hits == 1
    cache.end_build()
    assert len(cache) == 1
    cache.start_build()
    assert cache.get("b", lambda: 3) == 3


def _one_bulletin(tmp_path: Path) -> Collection:
    bulletin = (
        "---\ntitle: Numéro\nnumber: 1\ndate: 2020-01-01\ndescription: D.\nstories: [a]\n---\n\n"
        "Texte avant.\n\n::: recit a\n\nTexte après.\n"
    )
    return collect(tmp_path, {"stories/a.md": story_text(), "bulletins/n1.md": bulletin})


def test_a_bulletin_without_its_rendered_body_is_an_error(tmp_path: Path) -> None:
    (bulletin,) = _one_bulletin(tmp_path).bulletins
    bodies = BulletinBodies({"a": Markup("<article>carte a</article>")}, lambda block: Markup(""))
    with pytest.raises(MissingBodyError, match=r"n1\.md"):
        bodies.body(bulletin)
    with pytest.raises(MissingBodyError, match="1 bloc"):
        bodies.fill(bulletin, "<p>Texte avant.</p>")
    import markdown

    html = markdown.markdown(bulletin_markdown(bulletin))
    filled = bodies.fill(bulletin, html)
    assert "<article>carte a</article>" in filled and "oqrls-bloc" not in filled
    assert bodies.body(bulletin) == filled


def test_schema_requires_one_item_where_the_contract_does(tmp_path: Path) -> None:
    import jsonschema

    from generator.opendata import story_schema

    collection = collect(tmp_path, {"stories/a.md": story_text()})
    schema = story_schema(collection.vocabularies, "https://exemple.org/schema.json")
    validator = jsonschema.Draft202012Validator(schema)
    good = {
        "title": "T", "date": "2012-01-01", "region": "estrie", "population": "P",
        "partners": ["A"], "success_factors": ["leadership"], "outcomes": ["prevention"],
    }  # fmt: skip
    assert validator.is_valid(good)
    for key in ("success_factors", "outcomes", "partners", "region"):
        assert not validator.is_valid({**good, key: []}), key
    assert validator.is_valid({**good, "sectors": []})
    assert schema["properties"]["success_factors"]["description"].startswith("Facteurs")

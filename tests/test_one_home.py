"""Each concept has one home: a URL folder, a facet, a cache, the bulletins' placeholders.

The first two tests change that one home in a copy of the generator, as a developer would,
and build a whole site with it.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

import generator
from generator.cache import BuildCache
from generator.collection import Collection
from generator.outputs import site
from generator.outputs.blocks import BulletinBodies, MissingBodyError, bulletin_markdown
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
    urls_py = code / "model" / "urls.py"
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


def test_renaming_a_folder_the_navigation_lists_is_a_one_line_change(tmp_path: Path) -> None:
    """The navigation is made from `urls.py` too: renaming the catalogue moves its tab."""
    code = _copy_generator(tmp_path)
    urls_py = code / "model" / "urls.py"
    source = urls_py.read_text("utf-8")
    assert source.count('CATALOGUE = "catalogue"') == 1
    urls_py.write_text(source.replace('CATALOGUE = "catalogue"', 'CATALOGUE = "repertoire"'))
    project = make_project(tmp_path / "site")
    shutil.copytree(REPO / "stories", project.root / "stories", dirs_exist_ok=True)
    shutil.copytree(REPO / "bulletins", project.root / "bulletins", dirs_exist_ok=True)

    result = _build_with(code, project)

    assert result.returncode == 0, result.stderr
    built = project.root / "site"
    assert not (built / "catalogue").exists() and (built / "repertoire/index.html").is_file()
    assert broken_links(built) == []
    home = (built / "index.html").read_text("utf-8")
    assert 'href="repertoire/"' in home and 'href="catalogue/"' not in home


def test_the_navigation_lists_the_pages_of_urls_py(repo_site: Path) -> None:
    """mkdocs.yml writes no `nav`: every tab is a page `urls.navigation()` names, in order."""
    from generator.model import urls

    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "\nnav:" not in config
    home = (repo_site / "index.html").read_text("utf-8")
    tabs = re.findall(r'<li class="md-tabs__item[^"]*">\s*<a href="([^"]*)"', home)
    expected = [page.url or "." for _, page in urls.navigation()]
    assert [tab.removeprefix("./") or "." for tab in tabs] == expected


NEW_FACET = (
    '    Facet(\n        "approaches", "approaches", "approches", "approche", "approches",\n'
    '        "Approches d\'intervention",\n'
    '        "Même approche", "Mêmes approches", in_nav=True, on_card=True,\n'
    '        dashboard="Nombre de récits qui suivent chaque approche.",\n    ),\n'
)
NEW_CROSSTAB = '    ("approaches", "outcomes"),\n'
"""A cross-tabulation of the new facet, added to the registry's `CROSSTABS`."""
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
    facets_py = code / "model" / "facets.py"
    source = facets_py.read_text("utf-8")
    marker = ')  # fmt: skip\n"""Every facet'
    assert source.count(marker) == 1
    source = source.replace(marker, NEW_FACET + marker)
    crosstabs = '    (PLACE, "success_factors"),\n'
    assert source.count(crosstabs) == 1
    facets_py.write_text(source.replace(crosstabs, crosstabs + NEW_CROSSTAB), "utf-8")
    (code / "model" / "vocabularies" / "approaches.yml").write_text(APPROACHES, "utf-8")
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
    # The registry's declarations reach the cards, the navigation, the dashboard and the
    # cross-tables.
    cards = (built / "coups-doeil/index.html").read_text("utf-8")
    assert re.search(
        r'oqrls-carte__etiquette">Approches d’intervention\s:</span>\s*'
        r'<a class="oqrls-puce" href="[^"]*approches/proximite/">Intervention de proximité</a>',
        cards,
    ), cards
    home = (built / "index.html").read_text("utf-8")
    assert re.search(r"md-tabs__link[^>]*>\s*Approches\s*<", home) and "approches/" in home
    dashboard = (built / "tableau-de-bord/index.html").read_text("utf-8")
    assert 'id="titre-approches"' in dashboard and "Récits par approche" in dashboard
    assert "Nombre de récits qui suivent chaque approche." in dashboard
    crosstab = (built / "croisements/approches-retombees/index.html").read_text("utf-8")
    assert "Approches × retombées" in crosstab and "Intervention de proximité" in crosstab
    assert 'href="approches-retombees/"' in (built / "croisements/index.html").read_text("utf-8")
    # A wrong term of the new facet is refused like any other, located and in French.
    project.story("d", approaches=["inconnue"])
    refused = _build_with(code, project)
    assert refused.returncode != 0
    assert "stories/d.md:" in refused.stderr and "approaches: terme inconnu" in refused.stderr


def _modules() -> list[ModuleType]:
    found = pkgutil.walk_packages(generator.__path__, "generator.")
    return [importlib.import_module(info.name) for info in found]


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

    from generator.model.schema import story_json_schema

    collection = collect(tmp_path, {"stories/a.md": story_text()})
    schema = story_json_schema(collection.vocabularies, "https://exemple.org/schema.json")
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


def test_the_plugin_options_for_mkdocs_are_the_generator_options() -> None:
    """MkDocs' config class of the plugin is made from `Options`: same names, same defaults."""
    from generator.adapter.plugin import OqrlsPlugin
    from generator.settings import DEFAULTS, OPTION_NAMES

    plugin = OqrlsPlugin()
    assert [name for name, _ in plugin.config_scheme] == list(OPTION_NAMES)
    assert plugin.load_config({}) == ([], [])
    assert dict(plugin.config) == {name: getattr(DEFAULTS, name) for name in OPTION_NAMES}


LAYERS = {"model": 0, "outputs": 1, "tools": 2, "adapter": 3}
"""The sub-packages, lowest first: a module imports from its own layer or lower ones only
(`generator`'s own modules — pipeline, settings, collection, cache, digest — are shared)."""


def test_the_layers_import_downwards_and_only_the_adapter_imports_mkdocs() -> None:
    import ast

    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        parts = path.relative_to(REPO / "generator").parts
        layer = parts[0] if len(parts) > 1 else None
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else []
            )  # fmt: skip
            for name in names:
                if name.split(".")[0] in ("mkdocs", "material") and layer != "adapter":
                    found.append(f"{path.name} imports {name}")
                target = name.split(".")[1] if name.startswith("generator.") else None
                if layer in LAYERS and target in LAYERS and LAYERS[target] > LAYERS[layer]:
                    found.append(f"{layer}/{path.name} imports {name}")
    assert found == []

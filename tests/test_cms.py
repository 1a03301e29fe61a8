"""The editor's configuration and rules come from the story contract, the facets and the
vocabularies; the site builds with or without the editor's bundle."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.model.bulletin import BulletinFrontMatter
from generator.model.facets import FACETS, FACETS_BY_KEY
from generator.model.query import QUERY_KEYS
from generator.model.schema import STORY_KEYS, StoryFrontMatter
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.tools import admin, cms, editor_rules
from tests.conftest import Project
from tests.decap import front_matter_js
from tests.helpers import collect

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)
BACKEND = cms.Backend(
    "oqrls/recits", "main", "https://auth.example.org", "http://127.0.0.1:8081/api/v1"
)


def config() -> dict[str, Any]:
    return cms.cms_config(
        stories_folder="stories",
        bulletins_folder="bulletins",
        vocabularies=VOCABULARIES,
        backend=BACKEND,
        site_url="https://oqrls.example.org/",
    )


def collection(name: str) -> dict[str, Any]:
    return next(c for c in config()["collections"] if c["name"] == name)


def fields(name: str) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in collection(name)["fields"]}


def test_every_story_key_is_a_field_with_a_french_label_and_hint() -> None:
    story = fields(cms.STORIES)
    assert list(story) == [*cms.template_order(), cms.BODY]
    assert set(story) == {*STORY_KEYS, cms.BODY}
    for key in STORY_KEYS:
        assert story[key]["label"] and story[key]["label"] != key, key
        assert story[key]["hint"], key
        assert story[key]["required"] is StoryFrontMatter.model_fields[key].is_required(), key


def test_facets_are_select_widgets_of_their_vocabulary() -> None:
    story = fields(cms.STORIES)
    for facet in FACETS:
        field = story[facet.key]
        vocabulary = VOCABULARIES[facet.key]
        assert field["widget"] == "select" and field["multiple"] is True
        assert field["options"] == [{"label": t.label, "value": t.id} for t in vocabulary]
        assert field["label"] == vocabulary.label
        assert field.get("min") == (1 if facet.required else None)


def test_text_lists_keep_one_text_per_item_and_stories_are_relations() -> None:
    story = fields(cms.STORIES)
    for key in ("partners", "objectives", "rls", "tags"):
        # One line per item (admin.js), not Decap's list of labelled objects (« 1 rls »).
        assert story[key]["widget"] == cms.LINES_WIDGET and "field" not in story[key]
    assert story["partners"]["min"] == 1
    assert story["related"]["widget"] == "relation"
    assert story["related"]["collection"] == cms.STORIES
    assert story["date"]["format"] == "YYYY-MM-DD" and story["date"]["time_format"] is False
    assert story["body"]["modes"] == ["raw"]
    bulletin = fields(cms.BULLETINS)
    assert set(bulletin) == {*BulletinFrontMatter.model_fields, cms.BODY}
    assert bulletin["stories"]["widget"] == "relation" and bulletin["stories"]["multiple"]
    assert bulletin["number"]["value_type"] == "int" and bulletin["number"]["min"] == 1
    select = {field["name"] for field in bulletin["select"]["fields"]}
    assert select == set(QUERY_KEYS)
    limit = next(f for f in bulletin["select"]["fields"] if f["name"] == "limit")
    assert limit["min"] == 1


def test_collections_backend_and_file_names() -> None:
    whole = config()
    assert whole["backend"] == {
        "name": "github",
        "repo": "oqrls/recits",
        "branch": "main",
        "base_url": "https://auth.example.org",
        "auth_endpoint": "auth",
    }
    assert whole["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert whole["locale"] == "fr"
    assert whole["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }
    assert collection(cms.STORIES)["folder"] == "stories"
    assert collection(cms.BULLETINS)["folder"] == "bulletins"
    assert collection(cms.STORIES)["slug"] == "{{fields.oqrls_slug}}"
    text = cms.config_yaml(whole)
    assert yaml.safe_load(text) == whole


def test_rules_are_the_contracts() -> None:
    rules = editor_rules.validation_rules(VOCABULARIES, "https://oqrls.example.org/")
    story = rules["collections"][cms.STORIES]
    required = {key for key, rule in story.items() if rule["required"]}
    assert required == {k for k, f in StoryFrontMatter.model_fields.items() if f.is_required()}
    assert story["partners"]["min_items"] == 1
    for facet in FACETS:
        assert story[facet.key]["kind"] == "terms"
        assert story[facet.key].get("min_items") == (1 if facet.required else None)
    # Terms written as ids, labels or aliases, folded as `oqrls check` folds them.
    assert story["region"]["terms"]["05"] == "estrie"
    assert story["region"]["terms"]["estrie"] == "estrie"
    assert rules["schema_url"] == "https://oqrls.example.org/schema/story.schema.json"
    assert rules["order"][cms.STORIES] == cms.template_order()
    assert "{min_length}" in rules["messages"]["too_short"]


def test_repo_from_repo_url() -> None:
    assert cms.repo_from_url("https://github.com/oqrls/recits") == "oqrls/recits"
    assert cms.repo_from_url("https://github.com/oqrls/recits.git/") == "oqrls/recits"
    assert cms.repo_from_url("https://gitlab.com/oqrls/recits") is None
    assert cms.repo_from_url(None) is None


def test_every_key_has_a_line_in_the_template_of_oqrls_new() -> None:
    assert set(cms.template_order()) == set(STORY_KEYS)
    assert FACETS_BY_KEY.keys() <= set(cms.template_order())


def _options(project: Project, **options: str) -> None:
    config = project.root / "mkdocs.yml"
    marker = "      bulletins_dir: bulletins\n"
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config.write_text(config.read_text("utf-8").replace(marker, marker + extra), "utf-8")


def test_without_the_bundle_the_site_builds_and_says_how_to_add_it(project: Project) -> None:
    project.story("projet-echo")
    _options(project, node_modules="absent", search="false")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "npm ci" in result.stderr and "/admin/" in result.stderr
    page = project.html(f"admin/{admin.EDITOR_PAGE}")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "npm ci" in page and "<script" not in page
    assert not (project.root / "site" / "admin" / "decap").exists()
    config = yaml.safe_load(project.html("admin/config.yml"))
    assert config["collections"][0]["folder"] == "stories"


def test_with_the_bundle_only_the_admin_page_loads_it(project: Project, tmp_path: Path) -> None:
    modules = tmp_path / "node_modules"
    dist = modules / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist / "decap-cms.js").write_text("/* decap */", "utf-8")
    (dist / "12.decap-cms.js").write_text("/* chunk */", "utf-8")
    (dist / "decap-cms.js.map").write_text("{}", "utf-8")
    (modules / "decap-cms" / "package.json").write_text('{"version": "9.9.9"}', "utf-8")
    (modules / "yaml" / "browser" / "dist" / "doc").mkdir(parents=True)
    (modules / "yaml" / "browser" / "dist" / "index.js").write_text("export {}", "utf-8")
    (modules / "yaml" / "browser" / "dist" / "doc" / "a.js").write_text("export {}", "utf-8")
    project.story("projet-echo")
    _options(project, node_modules=str(modules), search="false")
    result = project.build()
    assert result.returncode == 0, result.stderr
    site = project.root / "site"
    assert (site / "admin/decap/12.decap-cms.js").is_file()
    assert (site / "admin/yaml/doc/a.js").is_file()
    assert not (site / "admin/decap/decap-cms.js.map").exists()
    page = project.html(f"admin/{admin.EDITOR_PAGE}")
    assert '<script src="decap/decap-cms.js"></script>' in page
    assert "noindex" in page and "npm ci" not in page
    settings = json.loads(re.search(r'id="oqrls-cms">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert settings["yaml_module"] == "yaml/index.js"
    others = list(site.rglob("*.html"))
    assert others and not [p for p in others if "decap-cms" in p.read_text("utf-8")]


def test_the_editor_can_be_left_out(project: Project) -> None:
    project.story("projet-echo")
    _options(project, admin="false", search="false")
    assert project.build().returncode == 0
    assert not (project.root / "site" / "admin").exists()


# --- Saving through the editor (front-matter.js, run in Node as in the browser) --------------

_FRONT = (
    "title: T\ndate: 2012-03-04\nregion: estrie\npopulation: P\npartners: [A]\n"
    "success_factors: [leadership]\noutcomes: [accessibilite]\n"
)

SAVES: list[tuple[str, str, dict[str, Any], str]] = [
    # (what, file as written, fields changed in the form, file saved)
    ("fins de ligne CRLF gardées",
     "---\r\n" + _FRONT.replace("\n", "\r\n") + "---\r\n\r\nCorps\r\n", {"population": "Q"},
     "---\r\n" + _FRONT.replace("P\n", "Q\n").replace("\n", "\r\n") + "---\r\n\r\nCorps\r\n"),
    ("marque d'ordre d'octets gardée, pas de ligne vide ajoutée",
     "\ufeff---\n" + _FRONT + "---\nCorps\n", {"population": "Q"},
     "\ufeff---\n" + _FRONT.replace("P\n", "Q\n") + "---\nCorps\n"),
    ("en-tête en accolades",
     "---\n{" + _FRONT.strip().replace("\n", ", ") + "}\n---\n\nCorps\n",
     {"population": "Q, R", "tags": ["x"], "region": ["estrie", "laval"]},
     "---\n{title: T, date: 2012-03-04, region: [estrie, laval], population: \"Q, R\", "
     "partners: [A], success_factors: [leadership], outcomes: [accessibilite], tags: [x]}\n"
     "---\n\nCorps\n"),
    ("une ancre reste sur sa valeur, ses renvois gardent la leur",
     "---\n" + _FRONT.replace("population: P", "population: &p P").replace(
         "partners: [A]", "partners: [*p]") + "---\n\nCorps\n",
     {"population": "Q"},
     "---\n" + _FRONT.replace("population: P", "population: &p Q").replace(
         "partners: [A]", "partners: [P]") + "---\n\nCorps\n"),
    ("fins de ligne mêlées : chaque ligne non modifiée garde la sienne",
     "---\r\n" + _FRONT.replace("2012-03-04\n", "2012-03-04\r\n") + "---\nCorps",
     {"population": "Q"},
     "---\r\n" + _FRONT.replace("2012-03-04\n", "2012-03-04\r\n").replace("P\n", "Q\n")
     + "---\nCorps"),
    ("rien de changé : le fichier tel quel, fins de ligne mêlées comprises",
     "---\r\n" + _FRONT.replace("2012-03-04\n", "2012-03-04\r\n") + "---\nCorps", {},
     "---\r\n" + _FRONT.replace("2012-03-04\n", "2012-03-04\r\n") + "---\nCorps"),
]  # fmt: skip


def test_saving_keeps_every_byte_the_broker_did_not_change(tmp_path: Path) -> None:
    settings = editor_rules.validation_rules(VOCABULARIES, "https://oqrls.example.org/")
    reads = front_matter_js(
        settings, [("readFile", [cms.STORIES, raw]) for _, raw, _, _ in SAVES], tmp_path
    )
    calls = [
        ("writeFile", [cms.STORIES, {**read["value"], **changes}])
        for read, (_, _, changes, _) in zip(reads, SAVES, strict=True)
    ]
    saved = front_matter_js(settings, calls, tmp_path)
    for (what, _, _, expected), answer in zip(SAVES, saved, strict=True):
        assert answer == {"value": expected}, what
        written = expected.encode("utf-8")
        assert collect(tmp_path / "verifie", {"stories/recit.md": written}).problems == [], what


def _editor_settings(project: Project) -> dict[str, Any]:
    page = project.html(f"admin/{admin.EDITOR_PAGE}")
    found = re.search(r'id="oqrls-cms">(.*?)</script>', page, re.S)
    assert found is not None
    settings: dict[str, Any] = json.loads(found[1])
    return settings


def test_admin_leads_to_the_editor_page_that_live_reload_leaves_alone(project: Project) -> None:
    project.story("projet-echo")
    _options(project, node_modules="absent", search="false")
    assert project.build().returncode == 0
    lead = project.html("admin/index.html")
    # The fragment (#/collections/recits/…) is kept: links into the editor still work.
    assert f'location.replace("{admin.EDITOR_PAGE}" + location.hash)' in lead
    assert f'<a href="{admin.EDITOR_PAGE}">' in lead
    assert not admin.EDITOR_PAGE.endswith(".html")  # mkdocs serve injects its script in .html


def test_without_a_repository_the_build_says_the_line_to_add(project: Project) -> None:
    project.story("projet-echo")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      admin_repo: oqrls/recits\n" in text
    config.write_text(text.replace("      admin_repo: oqrls/recits\n", ""), "utf-8")
    _options(project, node_modules="absent", search="false")
    refused = project.build()
    assert refused.returncode != 0  # --strict: a warning
    assert "repo_url: https://github.com/ORGANISATION/DEPOT" in refused.stderr
    config.write_text(
        "repo_url: https://github.com/oqrls/recits\n" + config.read_text("utf-8"), "utf-8"
    )
    built = project.build()
    assert built.returncode == 0, built.stderr
    assert "ORGANISATION/DEPOT" not in built.stderr
    assert yaml.safe_load(project.html("admin/config.yml"))["backend"]["repo"] == "oqrls/recits"


def test_the_schema_line_points_at_the_published_site_even_in_the_preview(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project.story("projet-echo")
    modules = tmp_path / "node_modules"  # a stand-in bundle: the page then holds its settings
    (modules / "decap-cms" / "dist").mkdir(parents=True)
    (modules / "decap-cms" / "dist" / "decap-cms.js").write_text("/* decap */", "utf-8")
    (modules / "yaml" / "browser" / "dist").mkdir(parents=True)
    (modules / "yaml" / "browser" / "dist" / "index.js").write_text("export {}", "utf-8")
    _options(project, node_modules=str(modules), search="false")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = "http://127.0.0.1:8000/"  # what `mkdocs serve` does to it
    build(config, serve_url=config.site_url)
    assert admin.configured_site_url(project.root / "mkdocs.yml") == "https://oqrls.example.org/"
    settings = _editor_settings(project)
    assert settings["schema_url"] == "https://oqrls.example.org/schema/story.schema.json"

"""The preview renders again only what an edit changes, and leaves no page stale.

Each test builds a project as `mkdocs serve` does, edits it, rebuilds it as the preview does
(MkDocs' build, left « dirty », with the same plugin instance), then compares the result with
a clean build of the same files in a new process: byte for byte the same tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.adapter.plugin import OqrlsPlugin
from generator.adapter.reads import template_reads
from tests.conftest import REPO, Project, story_text

URL = "http://127.0.0.1:8000/"
CLEAN_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[2]
build(config, serve_url=sys.argv[2])
"""
"""A first build of `mkdocs serve`, in a process of its own (a plugin with an empty cache)."""


def _group(project: Project, slugs: str, region: str, factor: str, outcome: str) -> None:
    for number, slug in enumerate(slugs):
        project.story(
            slug, f"Premier paragraphe de {slug}.\n\n## Suite\n\nLa suite.\n",
            date=f"201{number}-0{number + 1}-1{number}", region=region,
            success_factors=[factor], outcomes=[outcome],
        )  # fmt: skip


@pytest.fixture
def preview(project: Project, monkeypatch: pytest.MonkeyPatch) -> Preview:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project.root)
    # Its own theme and vocabularies, to edit them.
    shutil.copytree(REPO / "theme", project.root / "theme")
    shutil.copytree(REPO / "generator" / "model" / "vocabularies", project.root / "vocabularies")
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(f"custom_dir: {REPO / 'theme'}", "custom_dir: theme")
    config = config.replace(
        "bulletins_dir: bulletins", "bulletins_dir: bulletins\n      vocabularies_dir: vocabularies"
    )
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    _group(project, "abc", "estrie", "vision-commune", "accessibilite")
    _group(project, "def", "07", "mecanismes-partenariat", "continuite")
    project.write(
        "bulletins/numero-1.md",
        "---\ntitle: Premier numéro\nnumber: 1\ndate: 2025-01-31\n"
        "description: Un numéro.\nstories: [a, d]\n---\n\nÉditorial.\n\n::: recit b\n",
    )
    return Preview(project)


class Preview:
    """A project previewed: one plugin instance across builds, as under `mkdocs serve`."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.site = project.root / "apercu"
        self.plugin = self._build(dirty=False)

    def _build(self, *, dirty: bool) -> OqrlsPlugin:
        config = load_config(str(self.project.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        plugin = config.plugins["oqrls"]
        assert isinstance(plugin, OqrlsPlugin)
        if not dirty:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=URL, dirty=dirty)
        return plugin

    def rebuild(self) -> set[str]:
        """Rebuild as the preview does; the generated pages rendered again."""
        assert self._build(dirty=True) is self.plugin
        return set(self.plugin.build.rendered)

    def assert_same_as_clean_build(self) -> None:
        clean = self.project.root / "propre"
        subprocess.run(
            [sys.executable, "-c", CLEAN_BUILD, str(clean), URL],
            cwd=self.project.root, env={**os.environ}, check=True, capture_output=True,
        )  # fmt: skip
        ours, theirs = _tree(self.site), _tree(clean)
        assert sorted(ours) == sorted(theirs)
        stale = [name for name in ours if ours[name] != theirs[name]]
        assert stale == [], _first_difference(ours, theirs, stale)


def _first_difference(ours: dict[str, bytes], theirs: dict[str, bytes], stale: list[str]) -> str:
    if not stale:
        return ""
    mine, clean = ours[stale[0]].decode(errors="replace"), theirs[stale[0]].decode(errors="replace")
    at = next((i for i, (x, y) in enumerate(zip(mine, clean, strict=False)) if x != y), 0)
    return f"{stale[0]} : aperçu « {mine[at - 80 : at + 80]} » ≠ « {clean[at - 80 : at + 80]} »"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _edit(project: Project, slug: str, old: str, new: str) -> None:
    path = project.stories / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_rendered(preview: Preview) -> None:
    assert len(preview.plugin.build.rendered) == len(preview.plugin.build.pages)
    assert preview.rebuild() == set()
    preview.assert_same_as_clean_build()


def test_a_new_title_shows_on_every_page_that_shows_the_story(preview: Preview) -> None:
    _edit(preview.project, "b", "title: Initiative b", "title: Un titre revu")
    rendered = preview.rebuild()
    preview.assert_same_as_clean_build()
    for page in ("recits/b.md", "index.md", "catalogue/index.md", "coups-doeil/index.md",
                 "regions/estrie.md", "annees/2011.md", "facteurs-de-succes/vision-commune.md",
                 "recits/a.md", "recits/c.md", "bulletins/numero-1.md"):  # fmt: skip
        assert page in rendered, page
    # The other group shares no term with b: its stories and terms are left as they were.
    for page in ("recits/d.md", "recits/e.md", "regions/outaouais.md", "retombees/continuite.md",
                 "annees/2010.md", "recherche/index.md"):  # fmt: skip
        assert page not in rendered, page
    assert "Un titre revu" in (preview.site / "recits/a/index.html").read_text("utf-8")


def test_a_term_added_moves_the_story_into_its_term_page(preview: Preview) -> None:
    _edit(preview.project, "b", "- vision-commune", "- vision-commune\n- ecoute-population")
    rendered = preview.rebuild()
    preview.assert_same_as_clean_build()
    assert {"recits/b.md", "facteurs-de-succes/ecoute-population.md"} <= rendered
    assert "recits/e.md" not in rendered


def test_a_sentence_in_the_body_renders_the_story_and_its_summaries(preview: Preview) -> None:
    _edit(preview.project, "b", "Premier paragraphe de b.", "Premier paragraphe de b. Ajouté.")
    rendered = preview.rebuild()
    preview.assert_same_as_clean_build()
    assert {"recits/b.md", "coups-doeil/index.md"} <= rendered
    assert not {"recits/d.md", "regions/outaouais.md"} & rendered


def test_a_related_story_counts_for_what_the_page_shows_of_it(preview: Preview) -> None:
    # « La suite. » is past b's coup d'œil: a and c list b among their related stories by
    # its title, address and the reason, none of which changed.
    _edit(preview.project, "b", "La suite.", "La suite, revue.")
    rendered = preview.rebuild()
    preview.assert_same_as_clean_build()
    assert "recits/b.md" in rendered
    assert not {"recits/a.md", "recits/c.md"} & rendered


@pytest.mark.parametrize(
    ("template", "narrow"),
    [
        ("{% for item in related %}{{ item.story.title | e }} {{ item.reason }}{% endfor %}", True),
        (
            "{% if related %}{% for item in related %}{{ item.story.url }}{% endfor %}{% endif %}",
            True,
        ),
        ("{% for item in related %}{{ cards[item.story.slug] }}{% endfor %}", False),
        ("{% for item in related %}{% include 'autre.html' %}{% endfor %}", False),
        ("{% for item in related %}{% set s = item.story %}{{ s.title }}{% endfor %}", False),
        ("{% for item in related %}{{ show(item.story) }}{% endfor %}", False),
        ("{% for item in related %}{{ item }}{% endfor %}", False),
        ("{% for item in related %}{{ item.story.slug | carte }}{% endfor %}", False),
    ],
)
def test_a_loop_reads_of_each_item_what_it_shows(template: str, narrow: bool) -> None:
    """A loop whose variable is only shown through attributes reads those of each item;
    one that passes it on, or looks something up with it, reads the items whole."""
    loader = DictLoader({"page.html": template, "autre.html": "{{ item.story.summary }}"})
    reads = template_reads(Environment(loader=loader), "page.html")
    assert ("related" not in reads.whole) is narrow
    assert bool({path for name, path in reads.items if name == "related"}) is narrow


def test_added_and_deleted_stories(preview: Preview) -> None:
    (preview.project.stories / "f.md").unlink()
    preview.project.story("g", date="2019-01-01", region="07", outcomes=["continuite"])
    preview.rebuild()
    preview.assert_same_as_clean_build()
    assert not (preview.site / "recits/f").exists()
    assert (preview.site / "recits/g/index.html").is_file()


def test_a_vocabulary_label_renders_every_page_again(preview: Preview) -> None:
    vocabulary = preview.project.root / "vocabularies" / "success_factors.yml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("label: Vision commune", "label: Une vision partagée"))
    assert preview.rebuild() == set(preview.plugin.build.pages)
    preview.assert_same_as_clean_build()


def test_a_template_edit_renders_the_pages_it_lays_out(preview: Preview) -> None:
    template = preview.project.root / "theme" / "terme.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("<h1 ", '<h1 class="oqrls-terme-titre" ', 1))
    preview.rebuild()
    preview.assert_same_as_clean_build()
    assert "oqrls-terme-titre" in (preview.site / "regions/estrie/index.html").read_text("utf-8")


def test_a_bulletin_edit_and_a_card_it_shows(preview: Preview) -> None:
    bulletin = preview.project.root / "bulletins" / "numero-1.md"
    bulletin.write_text(bulletin.read_text("utf-8").replace("Éditorial.", "Éditorial revu."))
    rendered = preview.rebuild()
    preview.assert_same_as_clean_build()
    assert "bulletins/numero-1.md" in rendered
    _edit(preview.project, "b", "title: Initiative b", "title: Carte revue")
    preview.rebuild()
    preview.assert_same_as_clean_build()


EDITS: dict[str, Callable[[Project], None]] = {
    "brouillon": lambda project: project.write(
        "stories/c.md", story_text(title="Initiative c", draft=True, region="estrie")
    ),
    "mkdocs.yml": lambda project: project.write(
        "mkdocs.yml",
        (project.root / "mkdocs.yml")
        .read_text("utf-8")
        .replace("site_name:", "site_name: Nouveau —", 1),
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_other_edits_leave_no_stale_page(preview: Preview, edit: str) -> None:
    EDITS[edit](preview.project)
    preview.rebuild()
    preview.assert_same_as_clean_build()


def test_an_invalid_story_then_fixed_leaves_no_stale_page(preview: Preview) -> None:
    site = preview.site
    _edit(preview.project, "c", "date: '2012-03-12'", "date: '2012-13-45'")
    rendered = preview.rebuild()
    # Its page, the problems', and the pages that listed it; not every page for the banner.
    assert {"recits/c.md", "problemes/index.md"} <= rendered
    assert "recits/d.md" not in rendered and "retombees/continuite.md" not in rendered
    page = (site / "recits/c/index.html").read_text("utf-8")
    assert "stories/c.md:3" in page and "oqrls-probleme" in page  # its error page
    # Every page's banner, which every page of the preview fetches:
    assert "Voir les problèmes" in (site / "problemes/bandeau.html").read_text("utf-8")
    assert 'data-oqrls-bandeau="problemes/bandeau.html"' in (site / "index.html").read_text()
    assert "stories/c.md:3" in (site / "problemes/index.html").read_text("utf-8")
    preview.assert_same_as_clean_build()

    _edit(preview.project, "c", "date: '2012-13-45'", "date: '2012-03-12'")
    preview.rebuild()
    assert "oqrls-probleme" not in (site / "recits/c/index.html").read_text("utf-8")
    assert (site / "problemes/bandeau.html").read_text("utf-8").strip() == ""
    preview.assert_same_as_clean_build()


def test_a_published_build_has_no_preview_page(project: Project) -> None:
    project.story("a")
    project.story("b", draft=True)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert not (project.root / "site/problemes").exists()
    assert not (project.root / "site/recits/b").exists()
    home = project.html("index.html")
    assert "apercu.css" not in home and "oqrls-bandeau-apercu" not in home
    assert "Brouillon" not in project.html("coups-doeil/index.html")
    project.story("c", date="2012-13-45")
    failed = project.build()
    assert failed.returncode != 0  # a published build still stops on an error
    assert "stories/c.md:3: date" in failed.stderr

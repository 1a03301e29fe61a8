"""Integration: real MkDocs builds of throw-away projects, asserting on the HTML."""

import re

from tests.conftest import Project


def test_story_page_shows_its_card_by_labels(project: Project) -> None:
    project.story(
        "projet-echo",
        title="Projet Écho",
        date="2011-05-11",
        region=["07"],
        rls=["RLS de Gatineau"],
        sectors=["communautaire"],
        programs=["jeunes-en-difficulte"],
        success_factors=["mecanismes-partenariat"],
        outcomes=["continuite"],
        determinants=["milieu-vie"],
        challenges=["confiance"],
        body="## Le contexte\n\nDes familles.\n",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html("recits/projet-echo/index.html")
    assert '<html lang="fr-CA"' in html
    assert '<h1 id="titre-recit" tabindex="-1" data-pagefind-weight="10">Projet Écho</h1>' in html
    assert "11 mai 2011" in html
    for label in ("Outaouais", "RLS de Gatineau", "Personnes âgées du territoire", "CSSS",
                  "Organismes communautaires", "Jeunes en difficulté",
                  "Mécanismes de partenariat", "Continuité des services", "Milieux de vie",
                  "Confiance"):  # fmt: skip
        assert label in html, label
    assert '<h2 id="le-contexte">Le contexte' in html


def test_home_lists_every_story_newest_first_and_nav_has_no_story(project: Project) -> None:
    project.story("ancien", title="Ancien récit", date="2010-01-01")
    project.story("recent", title="Récent récit", date="2013-01-01")
    assert project.build().returncode == 0
    home = project.html("index.html")
    assert home.index("Récent récit") < home.index("Ancien récit")
    assert "2 récits racontent" in home
    story = project.html("recits/ancien/index.html")
    nav = story[story.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "recits/" not in nav


def test_invalid_story_fails_the_build_with_located_messages(project: Project, tree_hash) -> None:  # type: ignore[no-untyped-def]
    project.story("a", region="nulle-part")
    project.write("stories/b.md", b"---\ntitle: [\n---\n")
    project.write("bulletins/n.md", b"---\ntitle: x\n---\n::: recit absent\n")
    before = {**tree_hash(project.stories), **tree_hash(project.root / "bulletins")}
    result = project.build()
    assert result.returncode == 1
    assert "stories/a.md:4: region: terme inconnu « nulle-part »" in result.stderr
    assert "stories/b.md:3: yaml: YAML invalide" in result.stderr
    assert "Traceback" not in result.stderr
    assert {**tree_hash(project.stories), **tree_hash(project.root / "bulletins")} == before


def test_drafts_are_not_published(project: Project) -> None:
    project.story("public", title="Public")
    project.story("brouillon", title="Brouillon", draft=True)
    assert project.build().returncode == 0
    assert (project.root / "site/recits/public/index.html").exists()
    assert not (project.root / "site/recits/brouillon").exists()
    assert "Brouillon" not in project.html("index.html")


def test_front_matter_is_escaped(project: Project) -> None:
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)> {{ 7*7 }} {% if 1 %}'
    project.story("evil", title=evil, population=evil, partners=[evil], rls=evil)
    assert project.build().returncode == 0
    for page in ("recits/evil/index.html", "index.html"):
        html = project.html(page)
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "{{ 7*7 }}" in html and "49" not in re.sub(r"\d{3,}", "", html)


def test_a_story_may_link_an_attached_file(project: Project) -> None:
    project.story("a", body="Voir [le document](document.pdf).\n")
    project.write("stories/document.pdf", b"%PDF-1.4\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (project.root / "site/recits/document.pdf").exists()
    assert 'href="../document.pdf"' in project.html("recits/a/index.html")
    assert not (project.root / "site/a").exists()  # the raw story is not published twice
    assert not (project.root / "site/document.pdf").exists()


def test_plugin_options_change_summaries_and_related(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      bulletins_dir: bulletins\n",
        "      bulletins_dir: bulletins\n      summary_words: 6\n"
        "      related_weights: {region: 0, success_factors: 0, outcomes: 0, sectors: 0}\n",
    )
    config.write_text(text, "utf-8")
    project.story("a", body="Une phrase de cinq mots. Une autre phrase ici.\n")
    project.story("b", title="B")
    assert project.build().returncode == 0
    html = project.html("coups-doeil/index.html")
    assert '<p class="oqrls-carte__resume">Une phrase de cinq mots.</p>' in html
    assert "Récits liés" not in project.html("recits/a/index.html")  # nothing weighs


def test_serve_clean_still_watches_each_content_folder(project: Project) -> None:
    """`mkdocs serve --clean` (MkDocs then starts its plugins as for a build) rebuilds in
    MkDocs' own way, but still watches the bulletins and vocabularies, folder by folder."""
    from mkdocs.config import load_config

    project.story("a")
    project.write("bulletins/n1.md", "---\n---\n")
    config = load_config(str(project.root / "mkdocs.yml"))
    plugin = config.plugins["oqrls"]

    class Server:
        def __init__(self) -> None:
            self.builder = "MkDocs' own"
            self.watched: list[str] = []
            self.unwatched: list[str] = []

        def watch(self, path: str, recursive: bool = True) -> None:
            self.watched.append(path)

        def unwatch(self, path: str) -> None:
            self.unwatched.append(path)

    plugin.on_startup(command="build", dirty=False)  # what --clean does
    server = Server()
    plugin.on_serve(server, config=config, builder=lambda: None)
    assert server.unwatched == [config.docs_dir]
    assert str(project.root / "bulletins") in server.watched
    assert server.builder == "MkDocs' own"  # no dirty rebuild

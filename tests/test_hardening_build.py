"""Careless or hostile content through real MkDocs builds: what is published is what the
generator checked and cleaned; what it refuses stops the build with a French message."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Project, make_project, story_text
from tests.helpers import broken_links, bulletin_text, free_port, http_get, wait_until

HOSTILE = """Introduction du récit.

<script>alert(1)</script><img src="photo.png" onerror="alert(2)" alt="Photo">
[piège](javascript:alert(3)) <iframe src="https://ailleurs.org"></iframe>
<style>body {{ display: none }}</style><form action="https://ailleurs.org"><input name="q"></form>

| Colonne | Valeur |
|:--------|-------:|
| a       | 1      |

<details><summary>Plus de détails</summary>Le détail.</details>

!!! note "À retenir"
    Une note[^1].

Voir [l'autre récit](recit:autre "Le titre de l'autre"), [la référence][ref],
[l'ancre](recit:autre#le-contexte) et [le fichier](docs/rapport.pdf).

![Une photo](photo.png)

## Récits liés

Ce titre répète celui de la page.

[ref]: recit:autre
[^1]: La note.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("durci") / "p")
    project.write("stories/estrie/piege.md", story_text(HOSTILE, title="Piège", related=["autre"]))
    project.write("stories/estrie/photo.png", b"\x89PNG\r\n")
    project.write("stories/estrie/docs/rapport.pdf", b"%PDF-1.4\n")
    project.story("autre", title="Autre", body="## Le contexte\n\nTexte.\n")
    project.write(
        "bulletins/n.md",
        bulletin_text(
            'Texte <script>alert(4)</script> <a href="javascript:alert(5)">x</a>.\n\n'
            "::: recit autre\n\nVoir [le piège][p] et [l'affiche](affiche.png).\n\n"
            "[p]: recit:piege\n",
            stories=["piege"],
        ),
    )
    project.write("bulletins/affiche.png", b"\x89PNG\r\n")
    # Without --strict: even a site published despite the warnings is clean.
    result = project.run("mkdocs", "build")
    assert result.returncode == 0, result.stderr
    assert "stories/estrie/piege.md:20: lien: adresse « javascript:alert(3) » refusée" in (
        result.stderr
    )
    assert "bulletins/n.md:10: lien: adresse « javascript:alert(5) » refusée" in result.stderr
    return project


PAGES = ["recits/piege/index.html", "bulletins/n/index.html", "bulletins/n/courriel.html"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("page", PAGES)
def test_nothing_that_runs_is_published(built: Project, page: str) -> None:
    html = built.html(page)
    if "courriel" not in page:  # the body, not the theme around it
        start = html.index("__corps")
        html = html[start : html.index("</article>", start)]
    else:  # the email's own <style> (MJML's media queries) is in its <head>
        html = html[html.index("<body") :]
    body = html
    for tag, attrs in _elements(body):
        assert tag not in ("iframe", "form", "input", "style"), tag
        assert tag != "script" or attrs.get("src"), tag  # the theme's own files only
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").lower().startswith("javascript:"), (tag, name)
    assert "alert(" not in body.replace("alert(1)&lt;", "")


def test_what_brokers_write_is_kept(built: Project) -> None:
    html = built.html("recits/piege/index.html")
    for kept in ("<table>", '<th style="text-align:left">', "<details><summary>Plus de détails",
                 'class="admonition note"', 'class="footnote-ref"', 'alt="Photo"',
                 '<img alt="Une photo" src="../estrie/photo.png">'):  # fmt: skip
        assert kept in html, kept


def test_links_are_converted_in_every_form(built: Project) -> None:
    html = built.html("recits/piege/index.html")
    # Text takes the typographic apostrophe; attributes keep what was written.
    # (A story's links also carry their absolute address for print: data-adresse.)
    assert re.search(
        r'<a href="../autre/" title="Le titre de l\'autre"[^>]*>l’autre récit</a>', html
    )
    assert re.search(r'<a href="../autre/"[^>]*>la référence</a>', html)
    assert re.search(r'<a href="../autre/#le-contexte"[^>]*>l’ancre</a>', html)
    assert re.search(r'<a href="../estrie/docs/rapport.pdf"[^>]*>le fichier</a>', html)
    site = built.root / "site"
    assert (site / "recits/estrie/photo.png").is_file()
    assert (site / "recits/estrie/docs/rapport.pdf").is_file()
    assert (site / "bulletins/affiche.png").is_file()
    bulletin = built.html("bulletins/n/index.html")
    # (a bulletin's links also carry their absolute address, for print: `data-adresse`)
    assert re.search(r'<a href="../../recits/piege/"[^>]*>le piège</a>', bulletin)
    assert re.search(r'<a href="../affiche.png"[^>]*>', bulletin)
    text = (site / "bulletins/n/courriel.txt").read_text("utf-8")
    assert "https://oqrls.example.org/recits/piege/" in text
    assert broken_links(site) == []
    assert not list(site.rglob("*.md"))


def test_no_id_is_given_twice(built: Project) -> None:
    for page in ("recits/piege/index.html", "bulletins/n/index.html", "recits/autre/index.html"):
        ids = Counter(attrs["id"] for _, attrs in _elements(built.html(page)) if attrs.get("id"))
        assert [value for value, count in ids.items() if count > 1] == [], page
    html = built.html("recits/piege/index.html")
    assert 'id="texte-recits-lies"' in html and 'href="#texte-recits-lies"' in html
    assert '<h2 id="recits-lies">Récits liés</h2>' in html  # the page's own section


def _sources(project: Project) -> dict[Path, bytes]:
    """Every file of the project but the built site (links are followed, not hashed)."""
    return {
        path: path.read_bytes()
        for path in sorted(project.root.rglob("*"))
        if path.is_file() and not path.is_symlink() and "site" not in path.parts
    }


def _refused(project: Project, *expected: str) -> str:
    before = _sources(project)
    result = project.build()
    assert result.returncode == 1, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _sources(project) == before
    return result.stderr


def test_links_leaving_the_project_broken_or_looping_stop_the_build(
    project: Project, tmp_path: Path
) -> None:
    project.story("a")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    (project.stories / "fuite.png").symlink_to(secret)
    (project.stories / "pendant.pdf").symlink_to("absent.pdf")
    (project.stories / "boucle").symlink_to(".")
    (project.stories / "boucle2").symlink_to(".")  # MkDocs alone would walk 2^40 folders
    _refused(
        project,
        "stories/boucle:1: fichier: lien symbolique en boucle",
        "stories/fuite.png:1: fichier: lien symbolique vers",
        "stories/pendant.pdf:1: fichier: lien symbolique brisé",
    )
    assert not (project.root / "site").exists() or not list((project.root / "site").rglob("fuite*"))


def test_a_link_inside_the_project_is_followed(project: Project) -> None:
    project.write("partage/photo.png", b"\x89PNG\r\n")
    (project.stories / "photo.png").symlink_to(project.root / "partage/photo.png")
    project.story("a", body="Une photo.\n\n![Photo](photo.png)\n")
    assert project.build().returncode == 0
    assert (project.root / "site/recits/photo.png").read_bytes() == b"\x89PNG\r\n"


def test_a_mistyped_stories_dir_publishes_nothing(project: Project) -> None:
    project.story("a")
    project.story("brouillon", draft=True, title="Brouillon")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("stories_dir: stories", "stories_dir: Stories"), "utf-8"
    )
    _refused(project, "mkdocs.yml:", "stories_dir: dossier des récits « Stories » introuvable")
    assert not (project.root / "site/brouillon").exists()
    assert (
        not list((project.root / "site").rglob("*.md"))
        if (project.root / "site").exists()
        else True
    )


def test_files_that_would_be_published_unchecked_stop_the_build(project: Project) -> None:
    project.story("a")
    project.write("stories/b.markdown", story_text(title="B", draft=True))
    project.write("stories/C.MD", story_text(title="C"))
    project.write("stories/index.md", story_text(title="Index"))
    project.write("stories/page.html", "<script>alert(1)</script>")
    project.write("bulletins/index.md", bulletin_text(stories=["a"]))
    stderr = _refused(
        project,
        "stories/b.markdown:1: fichier: extension « .markdown »",
        "stories/C.MD:1: fichier: extension « .MD »",
        "stories/index.md:1: fichier: nom de fichier « index.md » réservé",
        "stories/page.html:1: fichier: les fichiers « .html » ne sont pas publiés",
        "bulletins/index.md:1: fichier: nom de fichier « index.md » réservé",
    )
    assert re.search(r"ERROR\s+-\s+contenu invalide", stderr)


def test_markdown_pages_outside_the_content_folders_are_refused(project: Project) -> None:
    project.story("a")
    project.write("docs/notes-internes.md", "# À propos\n\n<script>alert(1)</script>\n")
    project.write("docs/logo.png", b"\x89PNG\r\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("docs_dir: stories", "docs_dir: docs"))
    result = project.build()
    assert "docs/notes-internes.md:1: fichier: page Markdown hors des dossiers" in result.stderr
    assert result.returncode == 1
    assert not (project.root / "site/notes-internes").exists()


def test_wrong_options_stop_the_build_in_french(project: Project) -> None:
    project.story("a")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    line = text.splitlines().index("      bulletins_dir: bulletins") + 2
    config.write_text(
        text.replace(
            "      bulletins_dir: bulletins\n",
            "      bulletins_dir: bulletins\n      summary_words: [80]\n      couleur: bleu\n",
        ),
        "utf-8",
    )
    _refused(
        project,
        f"mkdocs.yml:{line}: summary_words: doit être un nombre entier (reçu : une liste)",
        f"mkdocs.yml:{line + 1}: couleur: clé inconnue « couleur »",
    )


def test_the_preview_survives_a_loop_of_links(project: Project, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    project.story("a", title="Premier titre")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}/"
        try:
            assert wait_until(lambda: "Premier titre" in http_get(base + "recits/a/"), 60)
            # MkDocs' own watcher would follow these links forever and never see a change.
            (project.stories / "boucle").symlink_to(".")
            (project.stories / "boucle2").symlink_to(".")
            project.story("a", title="Deuxième titre")
            assert wait_until(lambda: "stories/boucle:1: fichier: lien" in log.read_text("utf-8"))
            (project.stories / "boucle").unlink()
            (project.stories / "boucle2").unlink()
            project.story("a", title="Troisième titre")
            assert wait_until(lambda: "Troisième titre" in http_get(base + "recits/a/"), 60)
            assert server.poll() is None
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert "Traceback" not in log.read_text("utf-8")

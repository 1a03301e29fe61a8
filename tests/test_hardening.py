"""Careless or hostile content, checked without MkDocs: every refusal is a located French
message, within seconds and bounded memory, and no file of the broker changes."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.content import scan
from generator.model.limits import LIMITS
from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.model.yamlsource import YamlProblem, parse_located
from generator.outputs.sanitize import body_id, sanitize_html
from tests.conftest import Project, story_text
from tests.helpers import bulletin_text, collect

MEMORY = 1 << 30
"""Address space a check may use (1 Gio): the YAML bombs below would need tens of Gio."""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _check(project: Project, *paths: str) -> subprocess.CompletedProcess[str]:
    """`oqrls check` as pre-commit runs it, with a time and a memory limit."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        ["timeout", "60", sys.executable, "-m", "generator.tools.cli", "check", *paths],
        cwd=project.root, env=env, capture_output=True, text=True, timeout=120,
        preexec_fn=_limited, check=False,
    )  # fmt: skip


def _hashes(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _refused(project: Project, expected: str, *paths: str) -> str:
    """Run the check; assert a refusal located as `expected`, no traceback, nothing changed."""
    content = (project.stories, project.root / "bulletins", DEFAULT_VOCABULARIES)
    before = _hashes(*content)
    result = _check(project, *paths)
    after = _hashes(*content)
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert before == after
    return result.stdout


LAUGHS = "\n".join(
    ['lol0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
)

BOMBS = [
    ("milliard de rires", f"---\ntitle: x\n{LAUGHS}\n---\n", ":7: yaml: YAML invalide : plus de"),
    ("crochets imbriqués", "---\ntitle: " + "[" * 1_000 + "]" * 1_000 + "\n---\n",
     ":2: yaml: YAML invalide : plus de 20 niveaux"),
    ("listes imbriquées", "---\ntags:\n  " + "- " * 30_000 + "x\n---\n",
     ":3: yaml: YAML invalide : plus de 20 niveaux"),
    ("clés imbriquées", "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(40)) + "---\n",
     ":22: yaml: YAML invalide : plus de 20 niveaux"),
    ("en-tête géant", "---\ntitle: x\nsummary: " + "mot " * 20_000 + "\n---\n",
     ":1: en-tête: en-tête YAML de"),
    ("emphase", story_text("*" * 5_000 + "x" + "*" * 5_000 + "\n"), ":15: corps: 5000 « * »"),
    ("crochets du texte", story_text("[a" * 20_000 + "\n"), ":15: corps: 20000 crochets"),
    ("alias récursif", "---\nrelated: &r [*r]\n---\n", ":2: yaml: YAML invalide"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), BOMBS, ids=[b[0] for b in BOMBS])
def test_bombs_are_refused_quickly_in_bounded_memory(
    project: Project, name: str, text: str, expected: str
) -> None:
    project.story("ordinaire")
    project.write("stories/bombe.md", text)
    _refused(project, "stories/bombe.md" + expected, "stories/bombe.md")


def test_a_huge_file_is_not_read(project: Project) -> None:
    path = project.stories / "enorme.md"
    with path.open("wb") as out:
        out.write(story_text().encode())
        out.truncate(LIMITS.max_file_bytes + 1)  # sparse: nothing to write
    _refused(project, "stories/enorme.md:1: fichier: fichier de 2.0 Mo : 2 Mo au plus")


def test_a_named_pipe_does_not_hang(project: Project) -> None:
    project.story("a")
    os.mkfifo(project.stories / "tube.md")
    _refused(project, "stories/tube.md:1: fichier: ce n'est pas un fichier ordinaire")


_nested = st.recursive(
    st.sampled_from(["a", "1", "'x'", "*x", "&y b", "~", "017"]),
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
        | st.lists(inner, max_size=3).map(
            lambda items: "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(items)) + "}"
        )
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(anchor=_nested, body=_nested, depth=st.integers(0, 40))
def test_any_nesting_or_alias_is_accepted_or_located(anchor: str, body: str, depth: int) -> None:
    text = f"x: &x {anchor}\ny: " + "[" * depth + body + "]" * depth + "\n"
    try:
        parse_located(text)
    except YamlProblem as problem:
        assert 1 <= problem.line <= 2 and problem.message.startswith("YAML invalide")
        return
    assert depth + 1 <= LIMITS.max_yaml_depth  # deeper was refused


def test_yaml_12_scalars_keep_what_brokers_wrote(tmp_path: Path) -> None:
    data = parse_located("a: 017\nb: 05\nc: yes\nd: 1_000\ne: 1:20\nf: 12\ng: true\nh: 0x1F\n").data
    assert data == {"a": "017", "b": "05", "c": "yes", "d": "1_000", "e": "1:20", "f": 12,
                    "g": True, "h": "0x1F"}  # fmt: skip
    text = story_text().replace("region: estrie", "region: 017")
    (problem,) = collect(tmp_path, {"stories/a.md": text}).problems
    assert str(problem).startswith("stories/a.md:4: region: terme inconnu « 017 »")


def test_a_term_written_twice_counts_once(tmp_path: Path) -> None:
    text = story_text(region=["estrie", "05", "Estrie"], success_factors=["vision-commune"] * 2)
    found = collect(tmp_path, {"stories/a.md": text, "stories/b.md": story_text(title="B")})
    assert [str(p) for p in found.problems] == [
        "stories/a.md:6: region: « 05 » répète « estrie », déjà nommé : retirez la répétition "
        "(le récit n'est compté qu'une fois)",
        "stories/a.md:7: region: « Estrie » répète « estrie », déjà nommé : retirez la "
        "répétition (le récit n'est compté qu'une fois)",
        "stories/a.md:14: success_factors: « vision-commune » répète « vision-commune », déjà "
        "nommé : retirez la répétition (le récit n'est compté qu'une fois)",
    ]
    assert all(not problem.is_error for problem in found.problems)
    (story,) = [s for s in found.stories if s.slug == "a"]
    assert story.meta.region == ["estrie"]
    assert found.indexes.facets["region"].by_id["estrie"].count == 2  # a and b, once each


def test_a_vocabulary_with_two_terms_of_the_same_id_is_refused(tmp_path: Path) -> None:
    from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies

    folder = tmp_path / "vocabulaires"
    folder.mkdir()
    for file in DEFAULT_VOCABULARIES.glob("*.yml"):
        (folder / file.name).write_bytes(file.read_bytes())
    text = (folder / "challenges.yml").read_text("utf-8")
    (folder / "challenges.yml").write_text(
        text + "  - id: confiance\n    label: Autre confiance\n", "utf-8"
    )
    _, problems = load_vocabularies(folder, Path("vocabulaires"))
    assert len(problems) == 1
    assert "challenges.yml" in str(problems[0])
    assert "identifiant « confiance » déjà utilisé par le terme de la ligne" in str(problems[0])


# Class 2: symbolic links.
def _scan(project: Project) -> tuple[list[str], list[str]]:
    found = scan(project.stories, project.root, lambda p: p.relative_to(project.root))
    return (
        [p.relative_to(project.root).as_posix() for p in [*found.documents, *found.attachments]],
        [str(problem) for problem in found.problems],
    )


def test_links_that_stay_in_the_project_are_followed(project: Project) -> None:
    project.write("partage/commun.md", story_text(title="Commun"))
    project.write("partage/images/logo.png", b"\x89PNG")
    (project.stories / "commun.md").symlink_to(project.root / "partage/commun.md")
    (project.stories / "images").symlink_to(project.root / "partage/images")
    assert _scan(project) == (["stories/commun.md", "stories/images/logo.png"], [])


def test_links_that_leave_break_or_loop_are_refused(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", "utf-8")
    (project.stories / "fuite.txt").symlink_to(secret)
    (project.stories / "dehors").symlink_to(tmp_path)
    (project.stories / "pendant.png").symlink_to(project.stories / "absent.png")
    (project.stories / "boucle").symlink_to(".")
    (project.stories / "boucle2").symlink_to(project.stories)
    (project.stories / "cycle-a.md").symlink_to("cycle-b.md")
    (project.stories / "cycle-b.md").symlink_to("cycle-a.md")
    files, problems = _scan(project)
    assert files == []
    assert problems == [
        "stories/boucle:1: fichier: lien symbolique en boucle : il mène à un dossier qui le "
        "contient",
        "stories/boucle2:1: fichier: lien symbolique en boucle : il mène à un dossier qui le "
        "contient",
        "stories/cycle-a.md:1: fichier: lien symbolique en boucle (vers « cycle-b.md »)",
        "stories/cycle-b.md:1: fichier: lien symbolique en boucle (vers « cycle-a.md »)",
        f"stories/dehors:1: fichier: lien symbolique vers « {tmp_path} », hors du projet : un "
        "lien ne peut mener qu'à un fichier du projet ; copiez plutôt le fichier dans le dossier",
        f"stories/fuite.txt:1: fichier: lien symbolique vers « {secret} », hors du projet : un "
        "lien ne peut mener qu'à un fichier du projet ; copiez plutôt le fichier dans le dossier",
        f"stories/pendant.png:1: fichier: lien symbolique brisé : sa cible « "
        f"{project.stories / 'absent.png'} » n'existe pas ; remplacez-le par le fichier ou "
        "retirez-le",
    ]


def test_check_refuses_links_in_seconds(project: Project) -> None:
    project.story("a")
    (project.stories / "boucle").symlink_to(".")
    (project.stories / "boucle2").symlink_to(".")
    (project.stories / "pendant.md").symlink_to("absent.md")
    _refused(project, "stories/pendant.md:1: fichier: lien symbolique brisé")


# Class 3: `oqrls check FILE` gives the file the verdict of the build.
def test_check_file_reports_cross_file_problems_on_that_file(project: Project) -> None:
    project.write("stories/estrie/x.md", story_text(title="Premier", date="2012-01-01"))
    project.write("stories/x.md", story_text(title="Second", date="2012-01-01"))
    project.story("meme-titre", title="Premier", date="2012-01-02")
    project.story("cite", title="Cité", date="2014-01-01")
    project.write("bulletins/n.md", bulletin_text(stories=["cite"]))
    out = _refused(project, "", "stories/x.md", "stories/cite.md", "stories/estrie/x.md")
    lines = out.splitlines()[:-1]
    assert lines == [
        "stories/cite.md:3: date: le bulletin bulletins/n.md du 2013-03-05 cite ce récit, daté "
        "après lui : un bulletin ne montre que des récits déjà publiés",
        "stories/estrie/x.md:1: fichier: nom de fichier aussi utilisé par stories/x.md : deux "
        "récits ne peuvent pas avoir la même adresse ; renommez l'un des deux",
        "stories/estrie/x.md:2: title: titre « Premier » aussi utilisé par stories/meme-titre.md",
        "stories/x.md:1: fichier: nom de fichier déjà utilisé par stories/estrie/x.md : deux "
        "récits ne peuvent pas avoir la même adresse ; renommez l'un des deux",
    ]
    alone = _check(project, "stories/estrie/x.md")
    assert alone.returncode == 1 and "stories/estrie/x.md:1: fichier" in alone.stdout


def test_check_file_of_a_draft_cited_elsewhere(project: Project) -> None:
    project.story("publie", related=["brouillon"], body="Voir [ceci](recit:brouillon).\n")
    project.story("brouillon", title="Brouillon", draft=True)
    project.write("bulletins/n.md", bulletin_text(body="::: recit brouillon\n", stories=[]))
    out = _refused(project, "stories/brouillon.md:", "stories/brouillon.md")
    assert out.count("stories/brouillon.md:13: draft: ce brouillon est cité par") == 3
    bulletin = _check(project, "bulletins/n.md")
    assert "le récit « brouillon » est un brouillon (draft: true)" in bulletin.stdout


# Class 4: nothing unchecked is published; names and folders.
def test_missing_or_mistyped_folders_are_named(project: Project) -> None:
    project.story("a")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("stories_dir: stories", "stories_dir: storie"), "utf-8")
    line = text.splitlines().index("      stories_dir: stories") + 1
    _refused(
        project,
        f"mkdocs.yml:{line}: stories_dir: dossier des récits « storie » introuvable : vérifiez "
        "l'option stories_dir de mkdocs.yml",
    )
    config.write_text(text.replace("bulletins_dir: bulletins", "bulletins_dir: bulletin"), "utf-8")
    _refused(project, f"mkdocs.yml:{line + 1}: bulletins_dir: dossier des bulletins « bulletin »")


def test_files_that_are_not_stories_nor_attachments_are_refused(project: Project) -> None:
    project.story("a")
    project.write("stories/b.MD", story_text(title="B"))
    project.write("stories/c.markdown", story_text(title="C"))
    project.write("stories/page.html", "<script>alert(1)</script>")
    project.write("stories/dessin.svg", "<svg/>")
    project.write("stories/index.md", story_text(title="Index"))
    project.write("bulletins/index.md", bulletin_text(stories=["a"]))
    project.write("bulletins/Numéro 2.md", bulletin_text(stories=["a"], number=2))
    project.write("stories/photo.JPG", b"\xff\xd8")
    project.write("stories/Thumbs.db", b"")
    out = _refused(project, "stories/b.MD:1: fichier: extension « .MD »")
    assert "renommez le fichier « b.md »" in out
    assert "stories/c.markdown:1: fichier: extension « .markdown »" in out
    assert "stories/page.html:1: fichier: les fichiers « .html » ne sont pas publiés" in out
    assert "stories/dessin.svg:1: fichier: une image SVG peut contenir du code" in out
    assert "stories/index.md:1: fichier: nom de fichier « index.md » réservé" in out
    assert "bulletins/index.md:1: fichier: nom de fichier « index.md » réservé" in out
    assert "bulletins/Numéro 2.md:1: fichier: nom de fichier « Numéro 2.md » invalide : il " \
        "devient l'adresse du bulletin" in out  # fmt: skip
    assert "photo.JPG" not in out and "Thumbs.db" not in out


def test_options_and_mkdocs_yml_are_checked_in_french(project: Project) -> None:
    project.story("a")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    line = text.splitlines().index("      bulletins_dir: bulletins") + 1
    config.write_text(
        text.replace(
            "      bulletins_dir: bulletins\n",
            "      bulletins_dir: bulletins\n      summary_words: beaucoup\n      couleur: bleu\n"
            "      related_weights: {regoin: 1}\n",
        ),
        "utf-8",
    )
    out = _refused(project, f"mkdocs.yml:{line + 1}: summary_words: doit être un nombre entier")
    assert f"mkdocs.yml:{line + 2}: couleur: clé inconnue « couleur »" in out
    assert f"mkdocs.yml:{line + 3}: related_weights: facette inconnue « regoin » : vouliez-vous " \
        "dire « region » ?" in out  # fmt: skip
    config.write_text(text.replace("plugins:\n", "plugins: [\n"), "utf-8")
    _refused(project, "mkdocs.yml:")


# Class 5: raw HTML.
def test_sanitiser_keeps_what_brokers_write_and_drops_what_runs() -> None:
    html = (
        '<h2 id="contexte">Contexte<a class="headerlink" href="#contexte">¶</a></h2>'
        '<table><tr><th style="text-align: left;">a</th></tr></table>'
        '<img src="photo.png" alt="Une photo"><details><summary>Plus</summary>…</details>'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>'
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>'
        '<div class="oqrls-bloc" data-oqrls-bloc="0"></div><a href="https://ok.org">ok</a>'
        "<script>alert(1)</script><img src=x onerror=alert(2)><a href='javascript:alert(3)'>j</a>"
        '<iframe src="https://ailleurs.org"></iframe><style>body{display:none}</style>'
        '<form action="https://ailleurs.org"><input name="q"></form><p onclick="x()">p</p>'
        '<h2 id="recits-lies">Récits liés</h2><a href="#recits-lies">ici</a>'
    )
    clean = sanitize_html(html)
    for kept in ('<h2 id="contexte">', 'class="headerlink"', '<th style="text-align:left">',
                 '<img src="photo.png" alt="Une photo">', "<details><summary>Plus</summary>",
                 'class="admonition note"', 'id="fnref:1"',
                 '<div class="oqrls-bloc" data-oqrls-bloc="0"></div>', 'href="https://ok.org"',
                 'id="texte-recits-lies"', 'href="#texte-recits-lies"'):  # fmt: skip
        assert kept in clean, kept
    for dropped in ("<script", "alert(1)", "onerror", "javascript:", "<iframe", "<style",
                    "<form", "<input", "onclick", 'id="recits-lies"'):  # fmt: skip
        assert dropped not in clean, dropped


_html_pieces = st.sampled_from(
    ["<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>", "<p>",
     "<svg onload=a()>", "<iframe>", "<style>", "alert(1)", "<b>", "</b>", '"', "'", "<",
     "<!--", "-->", " on", "load=", "<details open>", "<math>"]
)  # fmt: skip


class _Live(HTMLParser):
    """What a browser would run in some HTML: elements and attributes, not text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "style", "object", "embed", "form", "svg", "math"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}]")


@settings(max_examples=300, deadline=None)
@given(st.lists(_html_pieces | st.text(max_size=5), max_size=30).map("".join))
def test_no_markup_survives_that_runs(html: str) -> None:
    parser = _Live()
    parser.feed(sanitize_html(html))
    parser.close()
    assert parser.found == []


def test_the_policy_vouches_only_for_the_scripts_the_theme_wrote() -> None:
    import base64

    from generator.outputs.pagehtml import CSP_SCRIPTS, seal_scripts

    def allowed(script: str) -> str:
        digest = hashlib.sha256(script.encode("utf-8")).digest()
        return f"'sha256-{base64.b64encode(digest).decode()}'"

    theme = 'location.replace("editeur.htm" + location.hash);'
    page = (
        f"<meta content=\"script-src 'self' {CSP_SCRIPTS}\"><script>{theme}</script>"
        '<script src="x.js"></script><scripts>pas un script</scripts>'
        '<script type="application/json">{"donnee": 1}</script>'
        "<script defer>alert(1)</script><script>" + theme + "</script><script>"
    )
    sealed = seal_scripts(page)
    policy = sealed[: sealed.index('">')]
    assert policy == f"<meta content=\"script-src 'self' {allowed(theme)}"  # not alert(1)
    assert sealed[len(policy) :] == page[page.index('">') :]
    assert "'unsafe-inline'" in seal_scripts(page, preview=True)


def test_every_inline_script_of_the_built_sites_is_vouched_for(
    repo_site: Path, generated_site: Path
) -> None:
    """Each inline script the theme writes is in `THEME_SCRIPTS` (else the browser would not
    run it): a new template script or a Material update fails here, with the hash to add."""
    import re

    from generator.outputs.pagehtml import _theme_form, theme_wrote

    unknown = set()
    for site in (repo_site, generated_site):
        for path in site.rglob("*.html"):
            for match in re.finditer(
                r"<script\b(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", path.read_text("utf-8"), re.S
            ):
                if "json" not in match[1] and not theme_wrote(match[2]):
                    digest = hashlib.sha256(_theme_form(match[2]).encode()).hexdigest()
                    unknown.add(f"{path.relative_to(site)}: {digest} {match[2][:60]!r}")
    assert sorted(unknown) == []


def test_ids_of_templates_are_never_ids_of_a_body() -> None:
    import re

    from tests.conftest import REPO

    for name in ("recit.html", "bulletin.html", "main.html", "partials/carte-recit.html",
                 "partials/recit-article.html", "partials/bulletin-article.html",
                 "partials/fiche-recit.html", "partials/liste-cartes.html",
                 "partials/recherche-entete.html", "partials/header.html"):  # fmt: skip
        for written in re.findall(r'\bid="([^"]+)"', (REPO / "theme" / name).read_text("utf-8")):
            value = re.sub(r"\{\{.*?\}\}", "x", written)
            assert body_id(value) != value, f"{name}: {written}"


def test_bulletin_blocks_are_bounded(tmp_path: Path) -> None:
    body = "::: recit a\n\n" * (LIMITS.max_blocks + 1)
    found = collect(tmp_path, {"stories/a.md": story_text(), "bulletins/n.md": bulletin_text(body)})
    assert any("200 blocs au plus" in str(problem) for problem in found.problems)


def test_yaml_reading_never_changes_the_data_of_a_plain_front_matter() -> None:
    data = {"title": "Titre : « citation »", "region": ["estrie", "05"], "draft": False,
            "number": 3, "weights": {"a": 1.5}, "vide": None}  # fmt: skip
    assert parse_located(yaml.safe_dump(data, allow_unicode=True)).data == data


def test_a_reference_style_link_reads_as_its_text_in_a_summary(tmp_path: Path) -> None:
    body = "Voir [la référence][ref] et [ceci](recit:b).\n\n## Suite\n\nTexte.\n\n[ref]: recit:b\n"
    found = collect(
        tmp_path, {"stories/a.md": story_text(body), "stories/b.md": story_text(title="B")}
    )
    assert found.problems == []
    (story,) = [s for s in found.stories if s.slug == "a"]
    assert story.summary == "Voir la référence et ceci."

"""Hardening round 3 (issue 27): odd characters, YAML beyond plain scalars, hostile settings,
what reaches CI and mailing tools. Each case: the located French message, from `oqrls check`,
no traceback, and the file left as written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.problems import Problem
from generator.model.source import read_document
from generator.model.text import FORBIDDEN_CHARACTERS, visible
from generator.model.validate import validate_story
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.tools.cli import main
from generator.tools.report import as_text, code_span
from tests.conftest import make_project, story_text
from tests.helpers import MERGE_TAG
from tests.test_bulletin import bulletin_text

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)


def _raw(text: str, old: str, new: str) -> str:
    """`text` with one exact replacement (YAML that `story_text` cannot write)."""
    assert old in text
    return text.replace(old, new, 1)


_STORY = story_text(title="Titre")
CASES: list[tuple[str, str | bytes, str]] = [
    # Class 1: control, invisible and XML-invalid characters.
    ("sonnerie dans le titre", story_text(title="Un\x07 titre"),
     "stories/x.md:2: yaml: caractère de contrôle U+0007 (invisible) écrit entre guillemets"),
    ("NUL dans le corps", story_text("Un\x00 corps.\n"),
     "stories/x.md:15: caractère: caractère de contrôle U+0000 (invisible) en colonne 3"),
    ("ESC dans le corps", story_text("Texte\n\nRouge \x1b[31m ici.\n"),
     "stories/x.md:17: caractère: caractère de contrôle U+001B (invisible) en colonne 7"),
    ("C1 dans l'en-tête", _raw(_STORY, "title: Titre", "title: Ti\x85tre"),
     "stories/x.md:2: caractère: caractère de contrôle U+0085 (invisible) en colonne 10"),
    ("non-caractère", _raw(_STORY, "title: Titre", "title: Ti\ufffetre"),
     "stories/x.md:2: caractère: caractère U+FFFE (interdit en XML) en colonne 10"),
    ("titre invisible", story_text(title="\u200b\u200c\u00ad"),
     "stories/x.md:2: title: ne contient aucun caractère visible"),
    ("partenaire invisible", story_text(partners=["CSSS", "\u2060"]),
     "stories/x.md:8: partners: ne contient aucun caractère visible"),
    # Class 2: YAML beyond plain scalars.
    ("date étiquetée", _raw(_STORY, "date: '2012-03-04'", "date: !!timestamp 2013-02-30"),
     "stories/x.md:3: yaml: YAML invalide : étiquette « !!timestamp » non permise"),
    ("entier étiqueté", _raw(_STORY, "title: Titre", "title: !!int abc"),
     "stories/x.md:2: yaml: YAML invalide : étiquette « !!int » non permise"),
    ("binaire", _raw(_STORY, "title: Titre", "title: !!binary aGk="),
     "stories/x.md:2: yaml: YAML invalide : étiquette « !!binary » non permise"),
    ("5 000 chiffres", _raw(_STORY, "title: Titre", "title: Titre\nsummary: " + "9" * 5000),
     "stories/x.md:3: yaml: YAML invalide : valeur illisible « 9999"),
    ("échappement inconnu", _raw(_STORY, "title: Titre", 'title: "Ti\\qtre"'),
     "stories/x.md:2: yaml: YAML invalide : « \\ » suivi d'un caractère inconnu"),
    ("poignée d'étiquette", _raw(_STORY, "title: Titre", "title: !x!y Titre"),
     "stories/x.md:2: yaml: YAML invalide : étiquette « ! » inconnue"),
    ("clé nulle", _raw(_STORY, "title: Titre", "title: Titre\nnull: a"),
     "stories/x.md:3: yaml: YAML invalide : une clé doit être un simple mot"),
    ("clé booléenne", _raw(_STORY, "title: Titre", "title: Titre\ntrue: a"),
     "stories/x.md:3: yaml: YAML invalide : une clé doit être un simple mot"),
    ("ancre sans nom", _raw(_STORY, "title: Titre", "title: &\nsummary: a"),
     "stories/x.md:2: yaml: YAML invalide : nom manquant après « & »"),
    ("fin de document", _raw(_STORY, "title: Titre", "title: Titre\n...\nsummary: a"),
     "stories/x.md:4: yaml: YAML invalide : un seul document est permis"),
    ("crochet non fermé", _raw(_STORY, "title: Titre", "title: Titre\nrls: [a, b"),
     "stories/x.md:3: yaml: YAML invalide : crochet « ] » non fermé"),
    ("accolade non fermée", _raw(_STORY, "title: Titre", "title: Titre\nrls: {a: b"),
     "stories/x.md:3: yaml: YAML invalide : accolade « } » non fermée"),
    ("clé sans deux-points", _raw(_STORY, "title: Titre", "title: Titre\nrls"),
     "stories/x.md:3: yaml: YAML invalide : « : » attendu après la clé"),
    # Class 3: Markdown that would take minutes to render, under the size limit.
    ("paragraphe sans fin", story_text("Intro.\n\n" + "mot " * 5001),
     "stories/x.md:17: corps: paragraphe de 20004 caractères sans ligne vide : 20000 au plus"),
    ("emphases", story_text("Intro.\n\n" + "_a_ " * 300),
     "stories/x.md:17: corps: 600 « * » ou « _ » dans un même paragraphe : 500 au plus"),
    ("balises en ligne", story_text("x <b>" * 501),
     "stories/x.md:15: corps: 501 « < » dans un même paragraphe : 500 au plus"),
    ("encadrés imbriqués", story_text("!!! note\n    " * 501),
     "stories/x.md:15: corps: 501 encadrés « !!! » dans un même paragraphe"),
    ("liens dans de longs paragraphes",
     story_text("Intro.\n\n" + ("[a](b) " * 400 + "mot " * 3000 + "\n\n") * 10),
     "stories/x.md:19: corps: trop de liens « [ » dans de longs paragraphes"),
    ("mise en forme partout", story_text("Intro.\n\n" + ("_a_ " * 200 + "\n\n") * 101),
     "stories/x.md:217: corps: plus de 40000 signes de mise en forme"),
    ("intertitres", story_text("# a\n\n" * 1001),
     "stories/x.md:2015: corps: plus de 1000 intertitres dans un même fichier"),
    ("balises jamais fermées", story_text(("x <b" * 400 + "\n\n") * 30),
     "stories/x.md:15: corps: trop de « < » sans « > » qui les ferme (ici : « <bx <bx <bx  »)"),
]  # fmt: skip


def _check(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    (root / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    code = main(["--config", str(root / "mkdocs.yml"), "check", *paths])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_refused_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    name: str, content: str | bytes, expected: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "stories" / "x.md"
    path.parent.mkdir()
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out = _check(tmp_path, capsys)
    assert code == 1, out
    assert out.splitlines()[0].startswith(expected), out
    assert "Traceback" not in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_harmless_characters_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tabs, zero-width joiners inside words, soft hyphens and emoji are written on purpose."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    body = "Col\u00adlabo\u00adration\tet\u200dsoins 👩\u200d⚕️.\n"
    (tmp_path / "stories/x.md").write_text(story_text(body, title="Soins\u00ad partagés"), "utf-8")
    assert _check(tmp_path, capsys)[0] == 0


def test_invisible_character_does_not_make_a_new_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a.md").write_text(story_text(title="Projet Écho"), "utf-8")
    (tmp_path / "stories/b.md").write_text(story_text(title="Projet\u200b Éc\u00adho"), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 1
    assert "stories/b.md:2: title: titre « Projet\u200b Éc\u00adho » déjà utilisé par " in out


def test_file_name_cannot_forge_a_message_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a\nfaux.md:2: title: x.md").write_text(story_text(), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("stories/a\\nfaux.md:2: title: x.md:1: fichier: nom de"), out
    assert all(line.startswith(("stories/", "oqrls check")) for line in lines), out


# -- Class 4: settings, from `oqrls check` and the build alike ------------------------------

SETTING_CASES: list[tuple[str, str, str, str]] = [
    ("site_url", "site_url: https://oqrls.example.org/", "site_url: javascript://x/",
     "site_url: adresse invalide « javascript://x/ »"),
    ("désabonnement", 'unsubscribe_link: "*|UNSUB|*"', 'unsubscribe_link: "javascript:alert(1)"',
     "unsubscribe_link: lien de désabonnement invalide « javascript:alert(1) »"),
    ("poids infini", "stories_dir: stories",
     "stories_dir: stories\n      related_weights: {region: .inf}",
     "related_weights: doit être un nombre fini"),
    ("mêmes dossiers", "bulletins_dir: bulletins", "bulletins_dir: stories",
     "bulletins_dir: « stories » et stories_dir « stories » se recouvrent"),
    ("script dans site_name", "site_name: ", "site_name: <script>alert(1)</script> ",
     "site_name: caractère « < » refusé"),
    ("guillemet dans la description", "site_description: >-", 'site_description: >-\n  " onload="x',
     "site_description: caractère « \" » refusé"),
]  # fmt: skip


def _config_line(config: str, text: str) -> int:
    return config[: config.index(text)].count("\n") + 1


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"), SETTING_CASES, ids=[c[0] for c in SETTING_CASES]
)
def test_bad_setting_is_refused_at_its_line(
    tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    project = make_project(tmp_path / "p")
    project.story("a")
    config_file = project.root / "mkdocs.yml"
    config = _raw(config_file.read_text("utf-8"), old, new)
    config_file.write_text(config, "utf-8")
    key = expected.split(":")[0]
    line = _config_line(config, f"{key}:" if key in config else new.split(":")[0])
    checked = project.check()
    assert checked.returncode == 1
    assert f"mkdocs.yml:{line}: {expected}" in checked.stdout, checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    if name == "site_url":
        return  # MkDocs reads site_url before the generator, and refuses it itself
    built = project.build()
    assert built.returncode == 1
    assert f"mkdocs.yml:{line}: {expected}" in built.stderr, built.stderr
    assert "Traceback" not in built.stderr


def test_bad_source_date_epoch_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a")
    os.environ["SOURCE_DATE_EPOCH"] = "demain"
    try:
        checked, built = project.check(), project.build()
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    expected = "mkdocs.yml:1: SOURCE_DATE_EPOCH: variable d'environnement invalide « demain »"
    assert expected in checked.stdout and expected in built.stderr
    assert "Traceback" not in checked.stderr + built.stderr


# -- Class 8: what reaches CI and mailing tools ---------------------------------------------


def test_report_shows_content_as_text() -> None:
    title = "Titre [clic](https://evil.example) ![i](x.png) <img src=x> www.evil.example"
    shown = as_text(title + "\n# Titre")
    assert "\n" not in shown
    for markup in ("[", "](", "<img", "www.evil", "https://", "!["):
        assert markup not in shown.replace("\\[", "").replace("\\<", "").replace("\\.", "")
    assert shown.startswith("Titre \\[clic\\]\\(https\\:\\/\\/evil\\.example\\)")
    assert code_span("a ``b`` c") == "``` a ``b`` c ```"


def test_merge_tags_typed_in_content_are_neutralised(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a", body="Texte *|UNSUB|* et *|FEEDBLOCK:https://x.example|*.\n")
    project.write(
        "bulletins/n1.md",
        bulletin_text("Éditorial `*|ARCHIVE|*`.\n", title="Numéro *|LIST:NAME|*", stories=["a"]),
    )
    built = project.build()
    assert built.returncode == 0, built.stderr
    for edition in ("courriel.html", "courriel.txt"):
        text = project.html(f"bulletins/n1/{edition}")
        assert MERGE_TAG.findall(text) == ["*|UNSUB|*"], edition  # the configured link only
        assert "*\u2060|ARCHIVE|*" in text and "*\u2060|LIST:NAME|*" in text


# -- Class 9: small tools and models --------------------------------------------------------


def _vocabularies(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "vocabulaires"
    shutil.copytree(DEFAULT_VOCABULARIES, folder)
    regions = folder / "regions.yml"
    regions.write_text(_raw(regions.read_text("utf-8"), old, new), "utf-8")
    return folder


def test_an_empty_alias_is_refused_and_names_no_term(tmp_path: Path) -> None:
    folder = _vocabularies(tmp_path, 'aliases: ["05", Sherbrooke]', 'aliases: ["05", "", " "]')
    _, problems = load_vocabularies(folder, Path("vocabulaires"))
    assert [str(problem) for problem in problems] == [
        "vocabulaires/regions.yml:28: terms: ne doit pas être vide"
    ] * 2
    defaults, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    assert defaults["region"].find("") is None and defaults["region"].find("  ") is None


def test_an_invisible_label_is_refused(tmp_path: Path) -> None:
    folder = _vocabularies(tmp_path, "label: Estrie", 'label: "\\u200b\\u00ad"')
    _, problems = load_vocabularies(folder, Path("vocabulaires"))
    assert [str(problem) for problem in problems] == [
        "vocabulaires/regions.yml:27: terms: ne contient aucun caractère visible (espaces ou "
        "caractères invisibles)"
    ]


def test_a_term_id_too_long_for_a_folder_is_refused(tmp_path: Path) -> None:
    folder = _vocabularies(tmp_path, "  - id: estrie\n", f"  - id: estrie{'-x' * 150}\n")
    _, problems = load_vocabularies(folder, Path("vocabulaires"))
    assert any("terms: 80 caractères au plus" in str(problem) for problem in problems), problems


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Titre \udce9t\udce9", "oqrls new : le titre n'est pas en UTF-8"),
        ("Titre \x07", "oqrls new : le titre contient un caractère de contrôle U+0007"),
    ],
)
def test_new_refuses_a_title_it_could_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, expected: str
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    assert main(["--config", str(tmp_path / "mkdocs.yml"), "new", title]) == 2
    assert capsys.readouterr().err.startswith(expected)
    assert not (tmp_path / "stories").exists()


def test_new_with_a_long_title_makes_a_short_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    assert main(["new", "Réseau " * 50]) == 0
    (created,) = (tmp_path / "stories").iterdir()
    assert len(created.stem) <= 80 and created.stem.startswith("reseau-reseau")
    assert not created.stem.endswith("-")


def test_a_large_html_table_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A raw HTML block is read once, as a whole: its many `<` cost nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    table = "<table>\n" + "<tr><td>a</td><td>b</td></tr>\n" * 300 + "</table>\n"
    (tmp_path / "stories/x.md").write_text(story_text("Intro.\n\n" + table), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 0, out


# -- Class 6: locations ---------------------------------------------------------------------


def test_each_link_is_reported_at_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "bulletins").mkdir()
    body = "## Dix\n\nVoir [dix](#ancre-10).\n\nVoir [un](#ancre-1).\n"
    (tmp_path / "stories/a.md").write_text(story_text(body, title="A"), "utf-8")
    (tmp_path / "stories/b.md").write_text(story_text(title="B"), "utf-8")
    bulletin = "Intro.\n\n::: recit a\n\n::: recit b\n\n::: recit absent\n\nVoir [x](#nulle).\n"
    (tmp_path / "bulletins/n.md").write_text(bulletin_text(bulletin, stories=["a"]), "utf-8")
    _, out = _check(tmp_path, capsys)
    story_lines = (tmp_path / "stories/a.md").read_text("utf-8").splitlines()
    bulletin_lines = (tmp_path / "bulletins/n.md").read_text("utf-8").splitlines()
    ten = story_lines.index("Voir [dix](#ancre-10).") + 1
    one = story_lines.index("Voir [un](#ancre-1).") + 1
    missing = bulletin_lines.index("Voir [x](#nulle).") + 1
    assert f"stories/a.md:{ten}: lien: ancre « #ancre-10 » introuvable" in out
    assert f"stories/a.md:{one}: lien: ancre « #ancre-1 » introuvable" in out
    assert f"bulletins/n.md:{missing}: lien: ancre « #nulle » introuvable" in out


def test_check_gives_the_build_verdict_whatever_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a.md").write_text(story_text(region="nulle-part"), "utf-8")
    (tmp_path / "liens").symlink_to("stories")
    (tmp_path / "boucle").symlink_to("boucle")
    for path in ("stories/../stories/a.md", "liens/a.md", "liens", "./stories/a.md"):
        code, out = _check(tmp_path, capsys, path)
        assert code == 1
        assert out.startswith("stories/a.md:4: region: terme inconnu « nulle-part »"), path
    code, out = _check(tmp_path, capsys, "boucle")
    assert code == 1
    assert out.startswith("boucle:1: fichier: lecture impossible (lien symbolique en boucle)")


def test_the_blocks_mark_is_refused_in_a_bulletin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "bulletins").mkdir()
    (tmp_path / "stories/a.md").write_text(story_text(), "utf-8")
    body = 'Texte.\n\n<div class="oqrls-bloc" data-oqrls-bloc="0"></div>\n'
    (tmp_path / "bulletins/n.md").write_text(bulletin_text(body, stories=["a"]), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 1
    assert out.startswith("bulletins/n.md:12: corps: « data-oqrls-bloc » est réservé"), out


def test_an_unquoted_story_link_in_html_is_published(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a", title="A")
    project.story("b", title="B", body="Voir <a href=recit:a>le récit A</a>.\n")
    built = project.build()
    assert built.returncode == 0, built.stderr
    page = project.html("recits/b/index.html")
    assert re.search(r'<a href="\.\./a/"[^>]*>le récit A</a>', page), page


# -- Class 5: attachments -------------------------------------------------------------------


def test_attachments_a_draft_alone_links_are_not_published(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.write("stories/confidentiel.pdf", b"%PDF-1.4 secret")
    project.write("stories/partage.pdf", b"%PDF-1.4 public")
    project.write("stories/orphelin.pdf", b"%PDF-1.4 orphelin")
    project.story("brouillon", draft=True, body="[Secret](confidentiel.pdf) [P](partage.pdf)\n")
    project.story("publie", body="[Public](partage.pdf)\n")
    built = project.build()
    assert built.returncode == 0, built.stderr
    site = project.root / "site" / "recits"
    assert not (site / "confidentiel.pdf").exists()
    assert (site / "partage.pdf").read_bytes() == b"%PDF-1.4 public"
    assert (site / "orphelin.pdf").exists()  # linked by nothing: published as before


def test_attachment_names_and_collisions(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a", body="[Rapport](rapport-été.pdf)\n")
    nfd = unicodedata.normalize("NFD", "rapport-été.pdf")
    project.write(f"stories/{nfd}", b"%PDF-1.4")
    project.write("stories/plan#2.pdf", b"%PDF-1.4")
    project.write("stories/plan?.pdf", b"%PDF-1.4")
    project.write("bulletins/n1.md", bulletin_text(stories=["a"]))
    project.write("bulletins/n1/courriel.txt", "Un faux courriel.")
    checked, built = project.check(), project.build()
    for out in (checked.stdout, built.stderr):
        assert "stories/plan#2.pdf:1: fichier: nom de fichier avec « # »" in out, out
        assert "stories/plan?.pdf:1: fichier: nom de fichier avec « ? »" in out
        assert (
            "bulletins/n1/courriel.txt:1: fichier: ce fichier serait publié à "
            "« bulletins/n1/courriel.txt », l'adresse d'un fichier que le générateur écrit "
            "pour bulletins/n1.md"
        ) in out
        assert "rapport" not in out  # the NFC link finds the NFD file
        assert "Traceback" not in out
    assert built.returncode == 1


# -- Check and build agree; inputs nobody designed -------------------------------------------


def test_the_build_refuses_what_check_refuses_at_the_same_line(tmp_path: Path) -> None:
    """Each of these crashed the Atom feed, the email or YAML reading at build time."""
    project = make_project(tmp_path / "p")
    project.story("a", title="Son\x07 titre")
    project.write("stories/b.md", story_text("Corps\x00.\n", title="B"))
    project.write("stories/c.md", _raw(story_text(title="C"), "title: C", "title: !!int abc"))
    project.write("stories/d.md", _raw(story_text(title="D"), "title: D", "title: " + "9" * 5000))
    project.write("bulletins/n1.md", bulletin_text(title="Numéro\x1b[31m", stories=["a"]))
    checked, built = project.check(), project.build()
    assert checked.returncode == built.returncode == 1
    expected = [line for line in checked.stdout.splitlines() if not line.startswith("oqrls")]
    assert len(expected) == 5, checked.stdout
    for line in expected:
        assert line in built.stderr, (line, built.stderr)
    assert "Traceback" not in checked.stderr + built.stderr


_PIECES = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x85", "\ufffe", "\u200b", "\u00ad", "!!", "&", "*", "|", "<",
     "\\", '"', "---", "\n", ": ", "- ", "%", "#", "`", "<http://", "*|UNSUB|*"]
)  # fmt: skip


def _odd_text(max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(_PIECES, max_size=max_pieces).map("".join)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_odd_text(20), value=_odd_text(20), body=_odd_text(200))
def test_odd_characters_anywhere_are_accepted_or_located(
    tmp_path: Path, title: str, value: str, body: str
) -> None:
    """Fuzz: any title, any raw YAML value, any body; a story or located problems, never a
    crash. (Each case is bounded by the size of what hypothesis writes.)"""
    text = story_text(body, title=title) + ""
    raw = _raw(text, "population: ", f"population: {value}\nx_population: ")
    for content in (text, raw):
        path = tmp_path / "x.md"
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        document = read_document(path, Path("stories/x.md"))
        if isinstance(document, Problem):
            assert document.line >= 1 and "\n" not in str(document)
            continue
        story, problems = validate_story(document, "x", VOCABULARIES)
        assert (story is None) == any(problem.is_error for problem in problems)
        assert all("\n" not in str(problem) for problem in problems)
        if story is not None:
            assert visible(story.title)
            assert FORBIDDEN_CHARACTERS.search(story.title + story.body) is None


def test_overlapping_folders_give_one_clear_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.story("a")
    config_file = project.root / "mkdocs.yml"
    config = config_file.read_text("utf-8")
    config_file.write_text(_raw(config, "bulletins_dir: bulletins", "bulletins_dir: stories"))
    lines = project.check().stdout.splitlines()
    assert len(lines) == 2, lines  # the overlap, then the total: no story read as a bulletin
    assert "bulletins_dir: « stories » et stories_dir « stories » se recouvrent" in lines[0]

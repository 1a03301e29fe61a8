"""Broken content, file by file: the exact located message, a non-zero exit, nothing lost."""

import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.problems import Problem
from generator.model.schema import STORY_KEYS
from generator.model.source import SourceDocument, read_document
from generator.model.validate import validate_story
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.tools.cli import main
from tests.conftest import VALID_STORY, story_text
from tests.helpers import bulletin_text

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)
GOOD = "---\n" + yaml.safe_dump(VALID_STORY, allow_unicode=True, sort_keys=False) + "---\nCorps.\n"

CASES: list[tuple[str, bytes | str, str]] = [
    ("indentation", "---\ntitle: a\n  date: b\n---\n",
     "stories/x.md:3: yaml: YAML invalide : « : » inattendu"),
    ("tabulation", "---\ntitle: a\n\tdate: b\n---\n",
     "stories/x.md:3: yaml: YAML invalide : tabulation interdite en YAML"),
    ("guillemet", '---\ntitle: "a\ndate: b\n---\n',
     "stories/x.md:2: yaml: YAML invalide : guillemet ou crochet non fermé"),
    ("sans en-tête", "Un texte sans en-tête.\n", "stories/x.md:1: en-tête: en-tête YAML absent"),
    ("vide", "", "stories/x.md:1: fichier: le fichier est vide"),
    ("non fermé", "---\ntitle: a\n", "stories/x.md:1: en-tête: en-tête YAML non fermé"),
    ("latin-1", GOOD.replace("Corps.", "Déjà").encode("latin-1"),
     "stories/x.md:5: fichier: le fichier n'est pas encodé en UTF-8 (octet 0xe2 illisible)"),
    ("titre nombre", story_text(title=12), "stories/x.md:2: title: doit être un texte (reçu : le nombre 12)"),
    ("liste texte", story_text(partners="CSSS"), "stories/x.md:6: partners: doit être une liste"),
    ("date liste", story_text(date=["2012-01-01"]), "stories/x.md:3: date: doit être une date au format AAAA-MM-JJ (reçu : une liste)"),
    ("date impossible", story_text(date="2012-02-30"), "stories/x.md:3: date: date impossible (reçu : « 2012-02-30 »)"),
    ("terme inconnu", story_text(region="estri"), "stories/x.md:4: region: terme inconnu « estri »"),
    ("clé inconnue", story_text(couleur="bleu"), "stories/x.md:13: couleur: clé inconnue « couleur »"),
    ("lien pendant", story_text(related=["absent"]), "stories/x.md:14: related: récit « absent » introuvable"),
]  # fmt: skip
CASES += [
    (f"sans {key}", story_text(**{key: None}), f"stories/x.md:1: {key}: champ obligatoire manquant")
    for key in ("title", "date", "region", "population", "partners", "success_factors", "outcomes")
]


def _check(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    (root / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    code = main(["--config", str(root / "mkdocs.yml"), "check", *paths])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    name: str, content: bytes | str, expected: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "stories" / "x.md"
    path.parent.mkdir()
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out = _check(tmp_path, capsys)
    assert code == 1
    assert out.splitlines()[0].startswith(expected), out
    assert "Traceback" not in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_accepted_variants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/bom.md").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    (tmp_path / "stories/crlf.md").write_bytes(
        GOOD.replace("Une initiative exemplaire", "Autre").replace("\n", "\r\n").encode()
    )
    long_body = ("Une phrase assez longue pour remplir la page. " * 8 + "\n\n") * 1000
    (tmp_path / "stories/long.md").write_text(story_text(long_body, title="Long"), "utf-8")
    assert len((tmp_path / "stories/long.md").read_bytes()) > 300_000
    code, out = _check(tmp_path, capsys)
    assert (code, out) == (
        0,
        "oqrls check : 3 récits et 0 bulletin publiables — 0 erreur, 0 avertissement\n",
    )


def test_duplicates_across_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for relative, title in (("a/x.md", "Un"), ("b/x.md", "Deux"), ("y.md", "Un")):
        path = tmp_path / "stories" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story_text(title=title), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 1
    assert "stories/b/x.md:1: fichier: nom de fichier déjà utilisé par stories/a/x.md" in out
    assert "stories/y.md:2: title: titre « Un » déjà utilisé par stories/a/x.md" in out


def test_bulletin_naming_a_missing_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a.md").write_text(story_text(), "utf-8")
    (tmp_path / "bulletins").mkdir()
    (tmp_path / "bulletins/n.md").write_text(bulletin_text(stories=["a", "b"]), "utf-8")
    code, out = _check(tmp_path, capsys)
    assert code == 1
    assert out.startswith("bulletins/n.md:8: stories: récit « b » introuvable")


# Property: whatever the front matter and body, the loader accepts or says why, never crashes.
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
_keys = st.sampled_from([*STORY_KEYS, "sucess_factors", "x"]) | st.text(max_size=12)


def _load(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(raw)
    document = read_document(path, Path("stories/p.md"))
    if isinstance(document, Problem):
        return
    assert isinstance(document, SourceDocument)
    story, problems = validate_story(document, "p", VOCABULARIES)
    assert (story is None) == bool(problems)
    assert all(isinstance(problem, Problem) for problem in problems)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.dictionaries(_keys, _values, max_size=8), body=st.text())
def test_any_front_matter_is_accepted_or_reported(
    tmp_path: Path, front: dict[str, object], body: str
) -> None:
    try:
        dumped = yaml.safe_dump(front, allow_unicode=True)
    except yaml.YAMLError:
        return
    _load(tmp_path, f"---\n{dumped}---\n{body}".encode("utf-8", "surrogatepass"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.binary(max_size=400)
    | st.text(max_size=400).map(lambda t: ("---\n" + t).encode("utf-8", "surrogatepass"))
)
def test_any_bytes_are_accepted_or_reported(tmp_path: Path, raw: bytes) -> None:
    _load(tmp_path, raw)

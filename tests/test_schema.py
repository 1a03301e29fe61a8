"""Front-matter validation: every problem, located, in French, all at once."""

import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.model.schema import story_json_schema
from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.model.yamlsource import YamlProblem, parse_located
from generator.tools import cms, editor_rules
from tests.conftest import VALID_STORY, story_text
from tests.decap import front_matter_js
from tests.helpers import collect, messages

NBSP = " "
SHIPPED = DEFAULT_VOCABULARIES.as_posix()


def q(text: str) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def test_valid_story_is_accepted_and_terms_are_normalised(tmp_path: Path) -> None:
    text = story_text(
        region=["05", "Saguenay-Lac-Saint-Jean"],
        success_factors=["Vision commune", "LEADERSHIP"],
        outcomes=["Accessibilité aux services"],
        sectors="communautaire",
        rls="Memphrémagog",
    )
    collection = collect(tmp_path, {"stories/ok.md": text})
    assert collection.problems == []
    (story,) = collection.stories
    assert story.meta.region == ["estrie", "saguenay-lac-saint-jean"]
    assert story.meta.success_factors == ["vision-commune", "leadership"]
    assert story.meta.sectors == ["communautaire"]
    assert story.meta.rls == ["Memphrémagog"]
    assert [t.label for t in story.terms["region"]] == ["Estrie", "Saguenay–Lac-Saint-Jean"]


@pytest.mark.parametrize("key", ["title", "date", "region", "population", "partners",
                                 "success_factors", "outcomes"])  # fmt: skip
def test_each_required_key_missing(tmp_path: Path, key: str) -> None:
    assert messages(tmp_path, {"stories/s.md": story_text(**{key: None})}) == [
        f"stories/s.md:1: {key}: champ obligatoire manquant"
    ]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"title": 12}, "stories/s.md:2: title: doit être un texte (reçu : le nombre 12)"),
        ({"title": ""}, "stories/s.md:2: title: ne doit pas être vide"),
        ({"partners": "CSSS"}, "stories/s.md:6: partners: doit être une liste (une ligne "
                               f"{q('- valeur')} par élément) (reçu : {q('CSSS')})"),
        ({"partners": []}, "stories/s.md:6: partners: doit contenir au moins 1 élément"),
        ({"date": ["2012-01-01"]}, "stories/s.md:3: date: doit être une date au format "
                                   "AAAA-MM-JJ (reçu : une liste)"),
        ({"date": "2012-02-30"}, f"stories/s.md:3: date: date impossible (reçu : {q('2012-02-30')})"
                                 " : vérifiez le mois et le jour"),
        ({"date": "4 mars 2012"}, "stories/s.md:3: date: doit être une date au format AAAA-MM-JJ "
                                  f"(reçu : {q('4 mars 2012')})"),
        ({"draft": "peut-être"}, "stories/s.md:13: draft: doit valoir true (oui) ou false (non) "
                                 f"(reçu : {q('peut-être')})"),
        ({"region": "estri"}, f"stories/s.md:4: region: terme inconnu {q('estri')} dans le "
                              f"vocabulaire {q('Régions')} : vouliez-vous dire "
                              f"{q('estrie')} (Estrie){NBSP}? Voyez la liste des termes : "
                              f"/regions/ (fichier {SHIPPED}/regions.yml)"),
        ({"success_factors": ["vision-commune", "vision comune x"]},
         f"stories/s.md:11: success_factors: terme inconnu {q('vision comune x')} dans le "
         f"vocabulaire {q('Facteurs de succès')} : vouliez-vous dire {q('vision-commune')} (Vision "
         f"commune centrée sur les besoins de la population){NBSP}? Voyez la liste des termes : "
         f"/facteurs-de-succes/ (fichier {SHIPPED}/success_factors.yml)"),
    ],
)  # fmt: skip
def test_wrong_values(tmp_path: Path, override: dict[str, object], expected: str) -> None:
    assert messages(tmp_path, {"stories/s.md": story_text(**override)}) == [expected]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    data = dict(VALID_STORY)
    data["sucess_factors"] = data.pop("success_factors")
    text = story_text(**{**{k: None for k in VALID_STORY}, **data})
    assert messages(tmp_path, {"stories/s.md": text}) == [
        "stories/s.md:1: success_factors: champ obligatoire manquant",
        f"stories/s.md:11: sucess_factors: clé inconnue {q('sucess_factors')} : vouliez-vous "
        f"dire {q('success_factors')} ou {q('sectors')}{NBSP}?",
    ]


def test_all_problems_of_a_file_at_once(tmp_path: Path) -> None:
    text = story_text(title=1, region="nulle-part", outcomes=[], couleur="bleu")
    found = messages(tmp_path, {"stories/s.md": text})
    assert [m.split(": ")[1] for m in found] == ["title", "region", "outcomes", "couleur"]


def test_region_code_written_as_a_yaml_number(tmp_path: Path) -> None:
    text = story_text().replace("region: estrie", "region: [05, 2]")
    (story,) = collect(tmp_path, {"stories/s.md": text}).stories
    assert story.meta.region == ["estrie", "saguenay-lac-saint-jean"]


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = story_text().replace("region: estrie\n", "region: estrie\nregion: laval\n")
    assert messages(tmp_path, {"stories/s.md": text}) == [
        "stories/s.md:5: region: clé en double : seule la dernière valeur serait gardée"
    ]


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    found = messages(tmp_path, {"stories/s.md": "---\n- a\n- b\n---\nCorps\n"})
    assert found == [
        "stories/s.md:1: en-tête: l'en-tête doit être une suite de lignes "
        f"{q('clé: valeur')} (reçu : une liste)"
    ]


# --- One verdict for `oqrls check`, the published JSON Schema and the editor ----------------

_BASE = {
    "title": "title: Une initiative exemplaire",
    "date": "date: 2012-03-04",
    "region": "region: estrie",
    "population": "population: Personnes âgées du territoire",
    "partners": "partners: [CSSS, Organisme communautaire]",
    "success_factors": "success_factors: [vision-commune]",
    "outcomes": "outcomes: [accessibilite]",
}


def _front(**lines: str | None) -> str:
    """A valid front matter with some keys' lines replaced (None: removed) or added."""
    written = {**_BASE, **lines}
    return "".join(f"{line}\n" for line in written.values() if line is not None)


AGREEMENT: list[tuple[str, str, bool]] = [
    # (what, front matter, accepted)
    ("récit valide", _front(), True),
    ("région par son libellé", _front(region="region: Estrie"), True),
    ("région écrite 05", _front(region="region: 05"), True),
    ("région en nombre nu (5 : Estrie)", _front(region="region: 5"), True),
    ("régions en nombres", _front(region="region: [05, 2]"), True),
    ("017 n'est pas un octal (YAML 1.2)", _front(region="region: 017"), False),
    ("0x05 n'est pas un nombre", _front(region="region: 0x05"), False),
    ("région en nombre décimal", _front(region="region: 5.0"), False),
    ("région en nombre hors des codes", _front(region="region: 150"), False),
    ("terme inconnu", _front(outcomes="outcomes: [bien-etre]"), False),
    ("facette obligatoire vide", _front(outcomes="outcomes: []"), False),
    ("facette facultative vide", _front(sectors="sectors: []"), True),
    ("facteur par un autre nom, seul", _front(success_factors="success_factors: vision commune"),
     True),
    ("région en capitales", _front(region="region: ESTRIE"), True),
    ("draft: true", _front(draft="draft: true"), True),
    ("draft: True (YAML 1.2)", _front(draft="draft: True"), True),
    ("draft: yes (un mot en YAML 1.2)", _front(draft="draft: yes"), False),
    ("draft: peut-être", _front(draft="draft: peut-être"), False),
    ("draft: 1", _front(draft="draft: 1"), False),
    ("draft: \"true\" (un texte)", _front(draft='draft: "true"'), False),
    ("date impossible", _front(date="date: 2013-02-30"), False),
    ("date entre guillemets", _front(date='date: "2013-02-05"'), True),
    ("date sans zéros", _front(date="date: 2013-2-5"), False),
    ("date et heure", _front(date="date: 2013-02-05 10:00"), False),
    ("date en nombre", _front(date="date: 20130205"), False),
    ("titre en nombre", _front(title="title: 12"), False),
    ("titre 017 (un texte)", _front(title="title: 017"), True),
    ("titre yes (un texte)", _front(title="title: yes"), True),
    ("titre true (un booléen)", _front(title="title: true"), False),
    ("titre vide", _front(title='title: ""'), False),
    ("titre blanc", _front(title='title: "   "'), False),
    ("titre sans valeur", _front(title="title:"), False),
    ("titre manquant", _front(title=None), False),
    ("partenaire blanc", _front(partners='partners: [" "]'), False),
    ("aucun partenaire", _front(partners="partners: []"), False),
    ("partenaires en un texte", _front(partners="partners: CSSS"), False),
    ("partenaire en nombre", _front(partners="partners: [CSSS, 12]"), False),
    ("population en nombre", _front(population="population: 3"), False),
    ("RLS seul", _front(rls="rls: RLS de Memphrémagog"), True),
    ("RLS en nombre", _front(rls="rls: 5"), False),
    ("RLS blanc", _front(rls='rls: " "'), False),
    ("mots-clés en un texte", _front(tags="tags: famille"), False),
    ("mots-clés vides", _front(tags="tags: []"), True),
    ("mots-clés sans valeur", _front(tags="tags:"), False),
    ("coup d'œil sans valeur", _front(summary="summary:"), True),
    ("coup d'œil blanc", _front(summary="summary: ' '"), False),
    ("clé inconnue", _front(couleur="couleur: bleu"), False),
    ("clé inconnue sans valeur", _front(couleur="couleur:"), False),
    ("clé en double", _front(extra="region: laval"), False),
    ("en-tête en accolades", "{title: T, date: 2012-03-04, region: estrie, population: P, "
     "partners: [A], success_factors: [leadership], outcomes: [accessibilite]}\n", True),
    ("ancre et renvoi", _front(partners="partners: &p [CSSS]", objectives="objectives: *p"), True),
    ("en-tête en liste", "- a\n- b\n", False),
    ("fusion <<", "base: &b {population: P}\n<<: *b\n" + _front(population=None), False),
]  # fmt: skip


SCHEMA_CANNOT_SAY = {
    "région en nombre décimal": "en JSON, 5.0 et 5 sont le même nombre",
    "région en capitales": "un schéma ne sait pas ignorer la casse et les accents",
}
"""Rows where the JSON Schema is looser than the generator, by the nature of JSON Schema: the
YAML language server then accepts what `oqrls check` refuses, or proposes a form it would
write otherwise; the editor's check, like `oqrls check`, is exact."""


def _story(front: str) -> str:
    return f"---\n{front}---\n\nLe texte du récit.\n"


def _python_verdicts(tmp_path: Path) -> list[bool]:
    verdicts = []
    for index, (_, front, _) in enumerate(AGREEMENT):
        collection = collect(tmp_path / str(index), {"stories/recit.md": _story(front)})
        verdicts.append(not collection.problems)
    return verdicts


def _schema_verdicts(tmp_path: Path) -> list[bool]:
    collection = collect(tmp_path / "vocabulaires", {"stories/recit.md": _story(_front())})
    schema = story_json_schema(collection.vocabularies, "https://exemple.org/schema.json")
    Draft202012Validator.check_schema(schema)  # a valid schema of its dialect
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    verdicts = []
    for _, front, _ in AGREEMENT:
        try:
            located = parse_located(front)
        except YamlProblem:
            verdicts.append(False)
            continue
        verdicts.append(not located.duplicate_keys and validator.is_valid(located.data))
    return verdicts


def _editor_verdicts(tmp_path: Path) -> list[bool]:
    collection = collect(tmp_path / "vocabulaires", {"stories/recit.md": _story(_front())})
    settings = editor_rules.validation_rules(collection.vocabularies, "https://exemple.org/")
    calls = [("checkText", [cms.STORIES, _story(front)]) for _, front, _ in AGREEMENT]
    answers = front_matter_js(settings, calls, tmp_path)
    return [answer.get("value") == [] for answer in answers]


def test_check_the_json_schema_and_the_editor_agree_on_every_input(tmp_path: Path) -> None:
    """The policy of the table, said three times: by `oqrls check` (Python), by the published
    JSON Schema (jsonschema) and by the editor's check before saving (front-matter.js in Node,
    with the `yaml` package the editor loads)."""
    expected = [accepted for _, _, accepted in AGREEMENT]
    names = [what for what, _, _ in AGREEMENT]

    def wrong(verdicts: list[bool]) -> list[str]:
        return [name for name, got, want in zip(names, verdicts, expected, strict=True)
                if got != want]  # fmt: skip

    assert wrong(_python_verdicts(tmp_path)) == [], "oqrls check"
    assert sorted(wrong(_schema_verdicts(tmp_path))) == sorted(SCHEMA_CANNOT_SAY), "schéma JSON"
    assert wrong(_editor_verdicts(tmp_path)) == [], "éditeur"


UNKNOWN_HINT = re.compile(r"(?<=»)( : vouliez-vous dire| : aucun terme| ; voyez) .*$")
"""What `Vocabulary.hint` adds after « terme inconnu … dans le vocabulaire « … » »."""


def test_the_editor_says_what_oqrls_check_says(tmp_path: Path) -> None:
    """Same fields, same French messages, in the same order, on every row of the table (the
    editor shows a problem of the whole front matter in its notice rather than on a field)."""
    collection = collect(tmp_path / "vocabulaires", {"stories/recit.md": _story(_front())})
    settings = editor_rules.validation_rules(collection.vocabularies, "https://exemple.org/")
    calls = [("checkText", [cms.STORIES, _story(front)]) for _, front, _ in AGREEMENT]
    answers = front_matter_js(settings, calls, tmp_path)
    for index, ((what, front, _), answer) in enumerate(zip(AGREEMENT, answers, strict=True)):
        checked = collect(tmp_path / str(index), {"stories/recit.md": _story(front)})
        # An unknown term's suggestions and list of terms come from `Vocabulary.hint`, which
        # the editor leaves out: its forms pick terms from that very list.
        said = [
            f"{problem.field}: {UNKNOWN_HINT.sub('', problem.message)}"
            for problem in checked.problems
        ]
        shown = [f"{p['key'] or 'en-tête'}: {p['message']}" for p in answer["value"]]
        assert shown == said, what

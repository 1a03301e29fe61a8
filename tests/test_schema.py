"""Front-matter validation: every problem, located, in French, all at once."""

from pathlib import Path

import pytest

from generator.vocabulary import DEFAULT_VOCABULARIES
from tests.conftest import VALID_STORY, story_text
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

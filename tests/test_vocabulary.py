from pathlib import Path

import pytest

from generator.model.facets import FACETS
from generator.model.problems import Problem
from generator.model.vocabulary import DEFAULT_VOCABULARIES, Vocabulary, load_vocabularies

EXPECTED_IDS = {
    "region": [
        "bas-saint-laurent", "saguenay-lac-saint-jean", "capitale-nationale", "mauricie",
        "estrie", "montreal", "outaouais", "abitibi-temiscamingue", "cote-nord",
        "nord-du-quebec", "gaspesie-iles-de-la-madeleine", "chaudiere-appalaches", "laval",
        "lanaudiere", "laurentides", "monteregie", "centre-du-quebec",
    ],
    "success_factors": [
        "vision-commune", "soutien-directions", "audace", "mecanismes-partenariat",
        "ajustement-continu", "leadership", "relations-existantes", "ecoute-population",
        "personnes-dediees",
    ],
    "outcomes": [
        "accessibilite", "continuite", "optimisation-ressources", "urgence", "hospitalisation",
        "medecin-famille", "places-chsld", "qualite-vie", "prevention", "recours-services",
        "reduction-couts", "competences-intervenants",
    ],
    "determinants": [
        "habitudes-vie", "competences-personnelles", "milieu-vie",
        "conditions-socioeconomiques", "systemes",
    ],
    "challenges": [
        "ressources-humaines", "cultures-organisationnelles", "confiance", "communication",
        "roles-responsabilites", "financement", "harmonisation-paliers", "mecanismes-interface",
    ],
    "programs": [
        "sante-publique", "services-generaux", "palv", "deficience-physique", "di-tsa",
        "jeunes-en-difficulte", "dependances", "sante-mentale", "sante-physique",
    ],
    "sectors": [
        "sante-services-sociaux", "communautaire", "municipal", "scolaire", "emploi",
        "habitation", "prive", "justice-securite", "citoyens", "elus",
    ],
}  # fmt: skip


def test_default_vocabularies_have_exactly_the_agreed_ids() -> None:
    vocabularies, problems = load_vocabularies(DEFAULT_VOCABULARIES)
    assert problems == []
    assert {key: [t.id for t in v] for key, v in vocabularies.items()} == EXPECTED_IDS


def test_every_term_has_a_french_label() -> None:
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    assert vocabularies["region"].get("saguenay-lac-saint-jean").label == "Saguenay–Lac-Saint-Jean"
    assert all(term.label for vocabulary in vocabularies.values() for term in vocabulary)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("05", "estrie"), ("ESTRIE", "estrie"),
     ("Saguenay-Lac-Saint-Jean", "saguenay-lac-saint-jean"), ("Cote-Nord", "cote-nord"),
     ("gaspesie–iles-de-la-madeleine", "gaspesie-iles-de-la-madeleine")],
)  # fmt: skip
def test_terms_match_by_id_label_or_alias(written: str, expected: str) -> None:
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    term = vocabularies["region"].find(written)
    assert term is not None and term.id == expected


def _copy_defaults(folder: Path) -> None:
    folder.mkdir()
    for facet in FACETS:
        name = f"{facet.vocabulary}.yml"
        (folder / name).write_text((DEFAULT_VOCABULARIES / name).read_text("utf-8"), "utf-8")


def _with_challenges(tmp_path: Path, terms: str) -> tuple[dict[str, Vocabulary], list[Problem]]:
    """The default vocabularies, but challenges.yml with `terms` after « Confiance »."""
    folder = tmp_path / "vocabulaires"
    _copy_defaults(folder)
    text = "label: Défis\nterms:\n  - id: confiance\n    label: Confiance\n" + terms
    (folder / "challenges.yml").write_text(text, "utf-8")
    return load_vocabularies(folder, Path("vocabulaires"))


def test_broken_vocabulary_is_located(tmp_path: Path) -> None:
    vocabularies, problems = _with_challenges(
        tmp_path, "  - id: Pas Un Id\n    label: X\n  - id: autre\n    label: confiance\n"
    )
    assert "challenges" not in vocabularies
    assert [str(p) for p in problems] == [
        "vocabulaires/challenges.yml:5: terms: format invalide (reçu : « Pas Un Id ») : "
        "lettres minuscules sans accents, chiffres et traits d'union seulement",
    ]


def test_two_terms_cannot_share_a_name(tmp_path: Path) -> None:
    _, problems = _with_challenges(
        tmp_path, "  - id: autre\n    label: Autre\n    aliases: [CONFIANCE]\n"
    )
    assert [str(p) for p in problems] == [
        "vocabulaires/challenges.yml:5: terms: « CONFIANCE » désigne déjà le terme « confiance »"
    ]


def test_missing_vocabulary_file(tmp_path: Path) -> None:
    _, problems = load_vocabularies(tmp_path, Path("v"))
    assert len(problems) == len(FACETS)
    assert str(problems[0]) == "v/regions.yml:1: vocabulaire: fichier de vocabulaire introuvable"


@pytest.mark.parametrize(
    ("key", "written", "first"),
    [
        ("outcomes", "prévention des chutes", "prevention"),  # more words than the label
        ("outcomes", "chutes, prevention", "prevention"),  # word order
        ("outcomes", "cout reduction", "reduction-couts"),  # the label's words, reordered
        ("outcomes", "hospitalisations", "hospitalisation"),  # a plural
        ("region", "Gaspesie", "gaspesie-iles-de-la-madeleine"),  # the start of a label
        ("programs", "santé mentale jeunesse", "sante-mentale"),
        ("region", "estri", "estrie"),  # a typo
    ],
)
def test_unknown_terms_get_the_closest_ones(key: str, written: str, first: str) -> None:
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    assert vocabularies[key].suggest(written)[0] == first


def test_a_far_term_still_gets_the_closest_and_the_list() -> None:
    vocabularies, _ = load_vocabularies(
        DEFAULT_VOCABULARIES, Path("vocabularies"), "https://oqrls.example.org/"
    )
    hint = vocabularies["success_factors"].hint("benevoles-engages")
    assert "aucun terme n'y ressemble vraiment, le plus proche est « " in hint
    assert hint.endswith(
        "voyez la liste des termes : https://oqrls.example.org/facteurs-de-succes/ "
        "(fichier vocabularies/success_factors.yml)"
    )
    close = vocabularies["outcomes"].hint("prévention des chutes")
    assert close.startswith(" : vouliez-vous dire « prevention » (Prévention) ? Voyez la liste")
    assert "reduction-couts" not in close  # letters in common are not a likeness

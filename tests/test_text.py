from generator.model.text import closest, did_you_mean, match_key, slugify


def test_match_key_ignores_case_accents_and_typographic_dashes() -> None:
    assert match_key("Saguenay–Lac-Saint-Jean") == match_key("saguenay-lac-saint-jean")
    assert match_key("Côte-Nord") == "cote-nord"
    assert match_key("L’écoute  de la population") == "l'ecoute de la population"
    assert match_key("Cœur") == "coeur"


def test_slugify_makes_readable_ascii() -> None:
    assert slugify("Projet Écho : des familles") == "projet-echo-des-familles"
    assert slugify("L'initiative « Test » à Québec") == "l-initiative-test-a-quebec"
    assert slugify("« »") == ""


def test_closest_suggests_without_accents() -> None:
    assert closest("vision comune", ["vision-commune", "leadership"]) == ["vision-commune"]
    assert closest("zzz", ["vision-commune"]) == []


def test_did_you_mean_is_french() -> None:
    assert did_you_mean(["a", "b"]) == " : vouliez-vous dire « a » ou « b » ?"
    assert did_you_mean([]) == ""

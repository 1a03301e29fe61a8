import pytest

from generator.summary import (
    SummaryRules,
    derive_summary,
    has_plain_introduction,
    plain_text,
    word_count,
)

RULES = SummaryRules(max_words=12)


def test_markdown_is_removed() -> None:
    body = "Un **texte** avec [un lien](x.md), du `code` et &eacute;t&eacute;.\n"
    assert plain_text(body) == ["Un texte avec un lien, du code et été."]


def test_more_marker_wins_over_first_paragraph() -> None:
    body = "Premier. Deuxième.\n\nTroisième.\n\n<!-- more -->\n\nSuite.\n"
    assert derive_summary(body, SummaryRules()) == "Premier. Deuxième. Troisième."


def test_cut_at_a_sentence_within_the_limit() -> None:
    body = "Une phrase de cinq mots. Une autre de cinq mots. Et une troisième qui déborde.\n"
    assert derive_summary(body, RULES) == "Une phrase de cinq mots. Une autre de cinq mots."


def test_stops_at_the_first_heading_when_there_is_an_introduction() -> None:
    body = "Intro courte.\n\n## Section\n\nAutre paragraphe.\n"
    assert derive_summary(body, SummaryRules()) == "Intro courte."


def test_a_first_sentence_longer_than_the_limit_keeps_whole_words() -> None:
    body = " ".join(f"mot{i}" for i in range(30)) + ".\n"
    summary = derive_summary(body, RULES)
    assert summary.endswith(" […]")
    assert word_count(summary) == 13  # 12 words and the ellipsis
    assert summary.split()[-2] == "mot11"


@pytest.mark.parametrize("body", ["", "## Seulement un titre\n", "<!-- more -->\n"])
def test_nothing_to_summarize(body: str) -> None:
    assert derive_summary(body, RULES) == ""


@pytest.mark.parametrize(
    ("body", "plain"),
    [("Un paragraphe simple.\n", True), ("## Titre seul\n", False), ("- une liste\n", False),
     ("Un [lien](x.md).\n", False), ("", False)],
)  # fmt: skip
def test_plain_introduction_means_a_summary(body: str, plain: bool) -> None:
    assert has_plain_introduction(body, RULES) is plain
    if plain:
        assert derive_summary(body, RULES)

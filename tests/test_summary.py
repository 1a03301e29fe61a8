import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.outputs.summary import Summarizer, SummaryRules, excerpt, word_count


def derive_summary(body: str, rules: SummaryRules) -> str:
    return Summarizer(rules).derive(body)


def has_plain_introduction(body: str, rules: SummaryRules) -> bool:
    return Summarizer(rules).has_plain_introduction(body)


def plain_text(body: str) -> list[str]:
    return Summarizer(SummaryRules()).plain_text(body)


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


SITE_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "footnotes", "attr_list")


def test_admonitions_and_footnotes_are_rendered_as_the_site_does_then_left_out() -> None:
    body = (
        '!!! note "À retenir"\n    Une note de la rédaction.\n\n'
        "Le partenariat a réuni dix organismes[^1]. Il dure encore.\n\n"
        "[^1]: Selon le rapport annuel.\n"
    )
    summary = Summarizer(SummaryRules(), SITE_EXTENSIONS).derive(body)
    assert summary == "Le partenariat a réuni dix organismes. Il dure encore."


def test_without_the_extensions_the_syntax_would_be_words() -> None:
    body = '!!! note "À retenir"\n    Une note.\n\nTexte.\n'
    assert "!!!" in Summarizer(SummaryRules(), ("toc",)).derive(body)
    assert "!!!" not in Summarizer(SummaryRules(), SITE_EXTENSIONS).derive(body)


def test_excerpt_keeps_a_short_coup_doeil_whole() -> None:
    assert excerpt("Un court résumé.", 40) == "Un court résumé."


def test_excerpt_cuts_after_a_whole_word_without_trailing_punctuation() -> None:
    text = "Les partenaires, réunis autour de la table, ont choisi ensemble une approche."
    assert excerpt(text, 30) == "Les partenaires, réunis…"
    assert excerpt("x" * 50, 10) == "x" * 10 + "…"


@given(st.text(alphabet="ab ,.;:\u00a0é", max_size=300), st.integers(min_value=5, max_value=200))
def test_excerpt_is_a_start_of_the_text_within_its_length(text: str, size: int) -> None:
    cut = excerpt(text, size)
    if len(text) <= size:
        assert cut == text
    else:
        assert cut.endswith("…") and len(cut) <= size + 1
        assert text.startswith(cut[:-1])

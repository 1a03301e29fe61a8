"""Bulletins: selection, directives and located errors (core, no MkDocs)."""

from pathlib import Path

from generator.model.bulletin import Block
from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.outputs.blocks import bulletin_markdown
from tests.helpers import BULLETIN_STORIES as STORIES
from tests.helpers import bulletin_text, collect

SHIPPED = DEFAULT_VOCABULARIES.as_posix()


def test_explicit_order_then_select_newest_first_and_never_after_its_date(tmp_path: Path) -> None:
    text = bulletin_text(stories=["b", "a"], select={"region": "estrie"})
    collection = collect(tmp_path, {**STORIES, "bulletins/n3.md": text})
    assert collection.problems == []
    (bulletin,) = collection.bulletins
    assert [s.slug for s in bulletin.stories] == ["b", "a", "c"]  # « futur » is after the date


def test_select_is_or_within_and_across_facets_with_since_and_limit(tmp_path: Path) -> None:
    query = {"region": ["estrie", "laval"], "outcomes": ["urgence"], "since": "2012-03-01"}
    files = {**STORIES, "bulletins/n3.md": bulletin_text(select=query)}
    assert [s.slug for s in collect(tmp_path, files).bulletins[0].stories] == ["b"]
    files["bulletins/n3.md"] = bulletin_text(select={"region": "estrie", "limit": 1})
    assert [s.slug for s in collect(tmp_path, files).bulletins[0].stories] == ["c"]


def test_directives_become_blocks_and_links(tmp_path: Path) -> None:
    body = "Voir [ce récit](recit:a).\n\n::: recit c\n\n::: liste outcomes=urgence\n\nFin.\n"
    files = {**STORIES, "bulletins/n3.md": bulletin_text(body, stories=["a"])}
    (bulletin,) = collect(tmp_path, files).bulletins
    blocks = [s for s in bulletin.segments if isinstance(s, Block)]
    assert [(b.kind, [s.slug for s in b.stories]) for b in blocks] == [
        ("carte", ["c"]),
        ("liste", ["b", "a"]),
    ]
    markdown = bulletin_markdown(bulletin)
    assert "[ce récit](../recits/a.md)" in markdown
    assert markdown.count('data-oqrls-bloc="') == 2


def test_errors_are_located(tmp_path: Path) -> None:
    body = (
        "Texte.\n\n::: recit inconnu\n\n::: recit futur\n\n::: liste region=estri\n\n"
        "::: liste region=montreal\n\n[x](recit:zz)\n"
    )
    text = bulletin_text(body, stories=["a", "c-typo"], select={"outcomes": ["urgense"]})
    problems = [str(p) for p in collect(tmp_path, {**STORIES, "bulletins/n3.md": text}).problems]
    assert problems == [
        "bulletins/n3.md:11: select: terme inconnu « urgense » dans le vocabulaire "
        "« Retombées » : vouliez-vous dire « urgence » (Utilisation plus efficiente de "
        f"l'urgence) ? Voyez la liste des termes : /retombees/ (fichier {SHIPPED}/outcomes.yml)",
    ]
    text = bulletin_text(body, stories=["a", "c-typo"])
    problems = [str(p) for p in collect(tmp_path, {**STORIES, "bulletins/n3.md": text}).problems]
    assert problems == [
        "bulletins/n3.md:8: stories: récit « c-typo » introuvable",
        "bulletins/n3.md:13: corps: récit « inconnu » introuvable",
        "bulletins/n3.md:15: corps: le récit « futur » est daté du 2020-01-01, après le bulletin "
        "(2013-03-05) : un bulletin ne montre que des récits déjà publiés",
        "bulletins/n3.md:17: corps: region : terme inconnu « estri » dans le vocabulaire "
        "« Régions » : vouliez-vous dire « estrie » (Estrie) ? Voyez la liste des termes : "
        f"/regions/ (fichier {SHIPPED}/regions.yml)",
        "bulletins/n3.md:19: corps: aucun récit publié au plus tard le 2013-03-05 ne correspond "
        "à cette sélection",
        "bulletins/n3.md:21: corps: récit « zz » introuvable",
    ]


def test_empty_selection_and_bad_front_matter(tmp_path: Path) -> None:
    files = {
        **STORIES,
        "bulletins/vide.md": bulletin_text(),
        "bulletins/rien.md": bulletin_text(number=4, select={"region": "montreal"}),
        "bulletins/faux.md": bulletin_text(number="douze", date="2013-02-30", couleur="x"),
        "bulletins/n3.md": bulletin_text(stories=["a"]),
        "bulletins/sous/n3.md": bulletin_text(number=5, stories=["a"]),
        "bulletins/double.md": bulletin_text(stories=["b"]),
    }
    problems = [str(p) for p in collect(tmp_path, files).problems]
    assert "bulletins/faux.md:3: number: doit être un nombre entier (reçu : « douze »)" in problems
    assert any(p.startswith("bulletins/faux.md:4: date: date impossible") for p in problems)
    assert any(p.startswith("bulletins/faux.md:6: couleur: clé inconnue") for p in problems)
    assert "bulletins/rien.md:6: select: aucun récit publié au plus tard le 2013-03-05 ne " \
           "correspond à cette sélection" in problems  # fmt: skip
    assert (
        "bulletins/vide.md:1: stories: aucun récit choisi : ajoutez stories ou select" in problems
    )
    assert "bulletins/n3.md:3: number: numéro 3 déjà utilisé par bulletins/double.md" in problems
    assert "bulletins/sous/n3.md:1: fichier: nom de fichier déjà utilisé par bulletins/n3.md" in (
        problems
    )


def test_a_story_is_listed_once_whatever_lists_and_cards_overlap(tmp_path: Path) -> None:
    body = (
        "::: liste outcomes=urgence\n\n::: liste region=estrie\n\n::: recit a\n\n"
        "::: liste outcomes=urgence\n"
    )
    files = {**STORIES, "bulletins/n3.md": bulletin_text(body, stories=["a", "b", "c"])}
    (bulletin,) = collect(tmp_path, files).bulletins
    blocks = [(b.kind, [s.slug for s in b.stories], b.elsewhere) for b in bulletin.blocks]
    # « a » has a card (after the lists: the editor's order is kept), « b » is in the first
    # list; the second names only « c », the third has nothing new but says so.
    assert blocks == [
        ("liste", ["b"], 1),
        ("liste", ["c"], 1),
        ("carte", ["a"], 0),
        ("liste", [], 2),
    ]
    assert bulletin.other_stories == []
    assert bulletin_markdown(bulletin).count('data-oqrls-bloc="') == 4

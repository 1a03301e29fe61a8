"""Indexes, cross-tabs and related stories, on generated collections of any shape."""

import itertools
import random
from pathlib import Path

import pytest

from generator.model.facets import DEFAULT_WEIGHTS, FACETS
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies
from generator.outputs.related import related_run
from generator.pipeline import build_collection
from generator.settings import Settings
from tests.conftest import story_text
from tests.helpers import collect, random_collection

VOCABULARIES, _ = load_vocabularies(DEFAULT_VOCABULARIES)


def test_each_term_lists_exactly_the_stories_that_carry_it(tmp_path: Path) -> None:
    collection = random_collection(tmp_path, 60, seed=1)
    for facet in FACETS:
        index = collection.indexes.facets[facet.key]
        assert [t.id for t in index.terms] == [t.id for t in VOCABULARIES[facet.key]]
        for term in index.terms:
            expected = [s for s in collection.stories if term.id in getattr(s.meta, facet.key)]
            assert term.stories == expected
    years = collection.indexes.facets["year"]
    assert sum(t.count for t in years.terms) == len(collection.stories)
    assert [t.id for t in years.terms] == sorted((t.id for t in years.terms), reverse=True)


def test_crosstab_cells_are_the_intersections(tmp_path: Path) -> None:
    collection = random_collection(tmp_path, 40, seed=2)
    for table in collection.indexes.crosstabs:
        for row in table.rows.terms:
            for column in table.columns.terms:
                expected = [
                    s
                    for s in collection.stories
                    if row.id in getattr(s.meta, table.rows.key)
                    and column.id in getattr(s.meta, table.columns.key)
                ]
                assert table.cells.get((row.id, column.id), []) == expected


def test_related_hand_picked_first_then_by_shared_terms(tmp_path: Path) -> None:
    files = {
        "stories/a.md": story_text(
            title="A", region="estrie", success_factors=["leadership", "audace"],
            related=["d"],
        ),
        "stories/b.md": story_text(
            title="B", region="estrie", success_factors=["leadership", "audace"]
        ),
        "stories/c.md": story_text(title="C", region="laval", success_factors=["leadership"]),
        "stories/d.md": story_text(title="D", region="laval", success_factors=["vision-commune"]),
    }  # fmt: skip
    related = collect(tmp_path, files).related
    assert [(r.story.slug, r.reasons) for r in related["a"]] == [
        ("d", ("Choisi par la rédaction",)),
        (
            "b",
            (
                "Mêmes facteurs de succès : Audace d'expérimenter dans l'action, Leadership",
                "Même région : Estrie",
            ),
        ),
        (
            "c",
            ("Même facteur de succès : Leadership", "Même retombée : Accessibilité aux services"),
        ),
    ]


def test_related_reasons_name_rare_terms_never_those_every_story_carries(tmp_path: Path) -> None:
    regions = ["estrie", "laval", "montreal", "outaouais", "laurentides", "cote-nord"]
    files = {
        f"stories/{slug}.md": story_text(
            title=slug.upper(),
            region=region,
            sectors=["sante-services-sociaux"],
            outcomes=["accessibilite", "hospitalisation"] if slug in "ab" else ["accessibilite"],
        )
        for slug, region in zip("abcdef", regions, strict=True)
    }
    related = collect(tmp_path, files).related
    # Sector, success factor and « accessibilité » are carried by all six stories: neither
    # a reason nor a link; the rare outcome is both.
    assert [(r.story.slug, r.reasons) for r in related["a"]] == [
        ("b", ("Même retombée : Diminution des hospitalisations",)),
    ]
    assert related["c"] == []


def test_related_is_stable_and_bounded(tmp_path: Path) -> None:
    first = random_collection(tmp_path / "1", 50, seed=3)
    second = random_collection(tmp_path / "2", 50, seed=3)
    for slug, items in first.related.items():
        assert len(items) <= 5
        assert slug not in [item.story.slug for item in items]
        assert [i.story.slug for i in items] == [i.story.slug for i in second.related[slug]]


def test_summaries_within_limits_and_long_summary_warns(tmp_path: Path) -> None:
    long_body = " ".join(["Une phrase de six mots ici."] * 40) + "\n"
    files = {
        "stories/a.md": story_text(title="A", body=long_body),
        "stories/b.md": story_text(title="B", summary=" ".join(["mot"] * 121)),
        "stories/c.md": story_text(title="C", body="## Titre seul\n"),
    }
    collection = collect(tmp_path, files)
    by_slug = {s.slug: s for s in collection.stories}
    assert len(by_slug["a"].summary.split()) == 78
    settings = Settings(tmp_path, tmp_path / "stories", tmp_path / "bulletins")
    checked = build_collection(settings, checking=True)
    assert [str(p) for p in checked.warnings] == [str(p) for p in collection.warnings]
    assert [str(p) for p in collection.warnings] == [
        "stories/b.md:13: summary: coup d'œil de 121 mots : 120 au plus, pour qu'il reste "
        "« simple et rapide »",
        "stories/c.md:15: summary: aucun coup d'œil : écrivez un champ summary ou un paragraphe "
        "d'introduction",
    ]


def _files(count: int, seed: int) -> dict[str, dict[str, object]]:
    rng = random.Random(seed)
    stories: dict[str, dict[str, object]] = {}
    for number in range(count):
        fields: dict[str, object] = {
            facet.key: rng.sample([t.id for t in VOCABULARIES[facet.key]], rng.randint(1, 4))
            for facet in FACETS
        }
        fields["date"] = f"{rng.randint(2005, 2015)}-{rng.randint(1, 12):02d}-01"
        if number % 17 == 0 and number:
            fields["related"] = [f"r{number - 1:03d}"]
        stories[f"stories/r{number:03d}.md"] = fields
    return stories


def _write(fields: dict[str, dict[str, object]]) -> dict[str, str]:
    return {
        path: story_text(title=f"Récit {path[-6:-3]}", **values) for path, values in fields.items()
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_related_redone_for_a_few_edited_stories_equals_a_whole_computation(
    tmp_path: Path, seed: int
) -> None:
    """The preview redoes only the lists an edit can reach: its result is the whole one."""
    rng = random.Random(seed)
    fields = _files(90, seed)
    before = collect(tmp_path / "avant", _write(fields))
    weights = dict(DEFAULT_WEIGHTS)
    first = related_run(before.stories, before.indexes.facets, weights)
    partial = 0
    for edit in range(3):
        for path in rng.sample(sorted(fields), rng.randint(1, 3)):
            facet = rng.choice([f for f in FACETS if f.key != "region"])
            ids = [t.id for t in VOCABULARIES[facet.key]]
            chosen = fields[path][facet.key]
            assert isinstance(chosen, list)
            if len(chosen) > 1 and rng.random() < 0.4:
                chosen.remove(rng.choice(chosen))  # a term taken out
            else:
                chosen.append(rng.choice([i for i in ids if i not in chosen]))
        after = collect(tmp_path / f"apres{edit}", _write(fields))
        whole = related_run(after.stories, after.indexes.facets, weights)
        redone = related_run(after.stories, after.indexes.facets, weights, previous=first)
        assert redone.pairs == whole.pairs
        assert (redone.floors == whole.floors).all()
        partial += redone.computed < len(after.stories)
        first = redone
    assert partial  # at least one edit left some lists as they were


def test_facet_pages_rank_terms_by_count_then_alphabetically_like_the_dashboard(
    tmp_path: Path,
) -> None:
    from generator.model.text import match_key
    from generator.outputs.dashboard import build_dashboard

    collection = random_collection(tmp_path, 40, seed=3)
    dashboard = build_dashboard(collection.indexes, len(collection.stories))
    assert dashboard is not None
    charts = {chart.index.key: chart for chart in dashboard.charts}
    ties = 0
    for facet in FACETS:
        index = collection.indexes.facets[facet.key]
        ranked = index.ranked
        keys = [(-term.count, match_key(term.label)) for term in ranked]
        assert keys == sorted(keys) and len(ranked) == len(index.used)
        ties += sum(a.count == b.count for a, b in itertools.pairwise(ranked))
        unused = [match_key(term.label) for term in index.unused]
        assert unused == sorted(unused)
        if facet.key in charts:
            assert charts[facet.key].terms == ranked
    assert ties  # the alphabetical order is put to the test
    years = collection.indexes.facets["year"]
    assert [t.id for t in years.ranked] == sorted((t.id for t in years.used), reverse=True)

"""A deterministic synthetic corpus of valid OQRLS stories and bulletins, for the benchmark."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from faker.providers.lorem.fr_FR import Provider as FrenchLorem

from generator.model.facets import FACETS
from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies

SUBJECTS = [
    "Le réseau local de services",
    "Le CSSS",
    "L'équipe de proximité",
    "La table de quartier",
    "Le comité de partenaires",
    "L'organisme communautaire",
    "La municipalité",
    "L'école",
    "Le centre jeunesse",
    "La direction de santé publique",
    "Le groupe de médecine de famille",
    "Le carrefour jeunesse-emploi",
    "L'office municipal d'habitation",
    "La coopérative",
]
VERBS = [
    "a mis en place",
    "a soutenu",
    "a réuni",
    "a adapté",
    "a évalué",
    "a consolidé",
    "a documenté",
    "a rapproché",
    "a coordonné",
    "a accompagné",
    "a fait connaître",
]
OBJECTS = [
    "une offre de services de proximité",
    "un mécanisme de liaison entre les partenaires",
    "des rencontres régulières avec les citoyens",
    "un guichet d'accès unique",
    "une trajectoire de services pour les aînés",
    "un suivi intensif dans le milieu",
    "des ateliers sur les saines habitudes de vie",
    "un comité clinique intersectoriel",
    "une entente de partage des ressources",
    "un projet de prévention auprès des familles",
]
ENDINGS = [
    "pour mieux répondre aux besoins de la population.",
    "dans une perspective de responsabilité populationnelle.",
    "avec l'appui des gestionnaires.",
    "malgré des ressources limitées.",
    "afin de réduire le recours à l'urgence.",
    "en tenant compte des réalités du territoire.",
    "grâce à des personnes dédiées.",
    "au fil des ajustements.",
]
HEADINGS = ["Le contexte", "L'initiative", "Les partenaires", "Les retombées", "Les défis",
            "Ce qu'on en retient"]  # fmt: skip


WORDS = list(FrenchLorem.word_list)
"""About 1,500 French words, drawn with Zipf's law: a few are everywhere, most are rare, as
in real prose (a uniform draw would put every word in a third of the pages)."""
WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]


def _prose(rng: random.Random) -> str:
    words = rng.choices(WORDS, WEIGHTS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def _body(rng: random.Random) -> str:
    words = rng.randint(600, 900)
    parts, count = [], 0
    for heading in [None, *HEADINGS]:
        if heading:
            parts.append(f"## {heading}")
        for _ in range(rng.randint(2, 3)):
            paragraph = " ".join(
                _sentence(rng) if rng.random() < 0.3 else _prose(rng)
                for _ in range(rng.randint(3, 6))
            )
            parts.append(paragraph)
            count += len(paragraph.split())
        if count >= words:
            break
    return "\n\n".join(parts) + "\n"


def write_corpus(root: Path, count: int, seed: int = 2024, bulletins: int = 12) -> None:
    """`root/stories/` with `count` valid stories, `root/bulletins/` with a few bulletins."""
    vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
    ids = {facet.key: [term.id for term in vocabularies[facet.key]] for facet in FACETS}
    rng = random.Random(seed)
    (root / "stories").mkdir(parents=True, exist_ok=True)
    (root / "bulletins").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        front = {
            "title": f"Initiative {number + 1} : {rng.choice(OBJECTS)}",
            "date": f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "region": rng.sample(ids["region"], rng.choice([1, 1, 1, 2])),
            "rls": [f"RLS {rng.randint(1, 95)}"],
            "population": rng.choice(["Aînés", "Familles", "Jeunes", "Personnes vulnérables"]),
            "partners": rng.sample(SUBJECTS, 3),
            "sectors": rng.sample(ids["sectors"], rng.randint(1, 3)),
            "programs": rng.sample(ids["programs"], rng.randint(1, 2)),
            "objectives": [_sentence(rng)],
            "success_factors": rng.sample(ids["success_factors"], rng.randint(1, 3)),
            "outcomes": rng.sample(ids["outcomes"], rng.randint(1, 3)),
            "determinants": rng.sample(ids["determinants"], rng.randint(0, 2)),
            "challenges": rng.sample(ids["challenges"], rng.randint(0, 2)),
            "tags": ["synthétique"],
        }
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        (root / "stories" / f"recit-{number + 1:05d}.md").write_text(
            f"---\n{text}---\n\n{_body(rng)}", encoding="utf-8"
        )
    for number in range(1, bulletins + 1):
        front = {
            "title": f"Numéro thématique {number}",
            "number": number,
            "date": f"2025-{number:02d}-28",
            "description": "Un numéro construit par sélection.",
            "select": {"outcomes": ids["outcomes"][number % 12 :], "limit": 20},
        }
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        factors = ",".join(ids["success_factors"][number % 9 :])
        body = f"Éditorial.\n\n::: liste success_factors={factors} limit=5\n"
        (root / "bulletins" / f"numero-{number:02d}.md").write_text(
            f"---\n{text}---\n\n{body}", encoding="utf-8"
        )

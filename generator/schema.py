"""The story front-matter contract, as a pydantic model checked against the vocabularies."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    create_model,
)
from pydantic_core import PydanticCustomError

from generator.facets import FACETS
from generator.messages import shown_value
from generator.text import did_you_mean, quote, visible
from generator.vocabulary import INVISIBLE_TEXT, Vocabularies

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _one_or_many(value: Any) -> Any:
    """A single value where a list is allowed (`region: estrie`) becomes a one-item list."""
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


def _term_text(value: Any) -> Any:
    """YAML reads a region code such as `05` as the number 5: give it back its two digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100:
        return f"{value:02d}"
    return value


DATE_FORMAT_MESSAGE = "doit être une date au format AAAA-MM-JJ{shown}"
"""A date not written YYYY-MM-DD (the CMS says it too, before saving)."""

UNKNOWN_TERM_MESSAGE = "terme inconnu {value} dans le vocabulaire « {vocabulary} »{hint}"
"""A term no vocabulary entry names (the CMS says it too, before saving)."""


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError(
        "date_format",
        DATE_FORMAT_MESSAGE,
        {"shown": shown_value(value)},
    )


def _resolve_term(value: str, info: ValidationInfo) -> str:
    """Replace a term written as id, label or alias by its id; the facet is the field's key."""
    vocabularies: Vocabularies = (info.context or {})["vocabularies"]
    vocabulary = vocabularies.get(info.field_name or "")
    if vocabulary is None:  # its file is broken; that problem is reported on its own
        return value
    term = vocabulary.find(value)
    if term is None:
        raise PydanticCustomError(
            "unknown_term",
            UNKNOWN_TERM_MESSAGE,
            {
                "value": quote(value),
                "vocabulary": vocabulary.label,
                "hint": did_you_mean(vocabulary.suggest(value)),
            },
        )
    return term.id


INVISIBLE_TEXT_MESSAGE = INVISIBLE_TEXT
"""A text made only of zero-width characters or soft hyphens would show as nothing."""


def _visible_text(value: str) -> str:
    if value and not visible(value):
        raise PydanticCustomError("invisible_text", INVISIBLE_TEXT_MESSAGE)
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_visible_text)
]
TextList = Annotated[list[Text], Field(default_factory=list)]


Term = Annotated[str, BeforeValidator(_term_text), AfterValidator(_resolve_term)]
RequiredTerms = Annotated[list[Term], BeforeValidator(_one_or_many), Field(min_length=1)]
OptionalTerms = Annotated[list[Term], BeforeValidator(_one_or_many)]


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A date written `YYYY-MM-DD`, and nothing else."""


class StoryFields(BaseModel):
    """Everything a broker writes at the top of a story besides the facets.

    The facets' keys (`generator.facets`) are added to it as `StoryFrontMatter`; their
    values are vocabulary ids once validated: read them with `ids(key)`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[Text, Field(title="Titre", description="Titre du récit")]
    date: Annotated[
        IsoDate, Field(title="Date de publication", description="Date de publication, AAAA-MM-JJ")
    ]
    rls: Annotated[
        list[Text],
        BeforeValidator(_one_or_many),
        Field(
            default_factory=list,
            title="RLS",
            description="Réseau(x) local(aux) de services (RLS)",
        ),
    ]
    population: Annotated[Text, Field(title="Population", description="Population rejointe")]
    partners: Annotated[
        list[Text],
        Field(
            min_length=1,
            title="Partenaires",
            description="Organisations partenaires (au moins une)",
        ),
    ]
    objectives: Annotated[
        list[Text],
        Field(default_factory=list, title="Objectifs", description="Objectifs de l'initiative"),
    ]
    summary: Annotated[
        Text | None,
        Field(
            title="Coup d'œil",
            description="Coup d'œil : résumé de quelques phrases (120 mots au plus)",
        ),
    ] = None
    """The story's own « coup d'œil »; derived from the body when absent."""
    related: Annotated[
        list[Text],
        Field(
            default_factory=list,
            title="Récits liés",
            description="Récits liés choisis à la main : noms de fichiers sans .md",
        ),
    ]
    """Slugs of hand-picked related stories."""
    tags: Annotated[
        list[Text], Field(default_factory=list, title="Mots-clés", description="Mots-clés libres")
    ]
    draft: Annotated[
        bool, Field(title="Brouillon", description="true : visible dans l'aperçu, non publié")
    ] = False
    """Shown by `mkdocs serve`, left out of `mkdocs build`."""

    def ids(self, key: str) -> list[str]:
        """The vocabulary ids of facet `key`."""
        value: list[str] = getattr(self, key)
        return value


def facet_fields() -> dict[str, Any]:
    """A pydantic field per facet of the registry: required ones need at least one term."""
    return {
        facet.key: (
            RequiredTerms if facet.required else OptionalTerms,
            Field(description=facet.description) if facet.required
            else Field(default_factory=list, description=facet.description),
        )
        for facet in FACETS
    }  # fmt: skip


StoryFrontMatter: type[StoryFields] = create_model(
    "StoryFrontMatter",
    __base__=StoryFields,
    __doc__="The whole story contract: `StoryFields` and one key per facet.",
    **facet_fields(),
)
"""The story front-matter contract, facets included; term fields hold vocabulary ids."""


STORY_KEYS: tuple[str, ...] = tuple(StoryFrontMatter.model_fields)

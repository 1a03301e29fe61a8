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
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    StringConstraints,
    ValidationInfo,
    create_model,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from generator.model.facets import FACETS
from generator.model.messages import shown_value
from generator.model.text import quote, visible
from generator.model.vocabulary import INVISIBLE_TEXT, Vocabularies, Vocabulary

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _one_or_many(value: Any) -> Any:
    """A single value where a list is allowed (`region: estrie`) becomes a one-item list."""
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


class OneOrMany:
    """A list where a single value may stand for a one-item list (`region: estrie`).

    Validation and JSON Schema say it from here, together: the published schema and the
    editor's rules (`generator.tools.cms`) then accept a single value exactly where the
    validator does.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(_one_or_many, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        many = handler(schema)
        return {"anyOf": [many["items"], many]}


class NotBlank:
    """Says in JSON Schema what `strip_whitespace` and `min_length=1` refuse: a blank text."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        described = handler(schema)
        described["pattern"] = BLANK_PATTERN
        return described


BLANK_PATTERN = r"\S"
"""A text must hold one character that is not a space (JSON Schema's ECMA-262 `pattern`)."""


def _term_text(value: Any) -> Any:
    """YAML reads a region code such as `05` as the number 5: give it back its two digits."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100:
        return f"{value:02d}"
    return value


DATE_FORMAT_MESSAGE = "doit être une date au format AAAA-MM-JJ{shown}"
"""A date not written YYYY-MM-DD (the CMS says it too, before saving)."""

DUPLICATE_KEY_MESSAGE = "clé en double : seule la dernière valeur serait gardée"
"""A key written twice in one mapping (the CMS says it too, before saving)."""

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
                "hint": vocabulary.hint(value),
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
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    NotBlank(),
    AfterValidator(_visible_text),
]


Term = Annotated[str, BeforeValidator(_term_text), AfterValidator(_resolve_term)]
RequiredTerms = Annotated[list[Term], OneOrMany(), Field(min_length=1)]
OptionalTerms = Annotated[list[Term], OneOrMany()]


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A date written `YYYY-MM-DD`, and nothing else."""

Flag = Annotated[bool, Strict()]
"""`true` or `false` and nothing else: YAML 1.2 reads `yes` or `on` as words, and so does the
validator (pydantic alone would take « yes », « 1 » or « off »), like the JSON Schema."""


class StoryFields(BaseModel):
    """Everything a broker writes at the top of a story besides the facets.

    The facets' keys (`generator.model.facets`) are added to it as `StoryFrontMatter`; their
    values are vocabulary ids once validated: read them with `ids(key)`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[Text, Field(title="Titre", description="Titre du récit")]
    date: Annotated[
        IsoDate, Field(title="Date de publication", description="Date de publication, AAAA-MM-JJ")
    ]
    rls: Annotated[
        list[Text],
        OneOrMany(),
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
        Flag, Field(title="Brouillon", description="true : visible dans l'aperçu, non publié")
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


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
"""What `_iso_date` accepts, in JSON Schema (the format `date` then refuses impossible days)."""


def number_terms(vocabulary: Vocabulary) -> list[int]:
    """The bare numbers YAML may give for a term (`region: 5` is « 05 », Estrie), as the
    validator reads them (`_term_text`)."""
    return [number for number in range(100) if vocabulary.find(_term_text(number)) is not None]


def story_json_schema(vocabularies: Vocabularies, schema_url: str) -> dict[str, Any]:
    """JSON Schema of the story front matter, from the pydantic model, terms as vocabulary enums.

    Ids come first so editors propose them; labels and aliases are accepted too, as by the
    generator (which also ignores case and accents, something a schema cannot say), and so
    are the bare numbers YAML reads for a code such as `05`.
    """
    schema = StoryFrontMatter.model_json_schema(mode="validation")
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["$id"] = schema_url
    schema["title"] = "Récit OQRLS (en-tête YAML)"
    properties = schema["properties"]
    for facet in FACETS:
        vocabulary = vocabularies.get(facet.key)
        if vocabulary is None:
            continue
        ids = [term.id for term in vocabulary]
        others = sorted({name for t in vocabulary for name in (t.label, *t.aliases)} - set(ids))
        forms: list[dict[str, Any]] = [
            {"type": "string", "enum": ids, "description": vocabulary.label},
            {"type": "string", "enum": others},
        ]
        numbers = number_terms(vocabulary)
        if numbers:
            forms.append({"type": "integer", "enum": numbers})
        term_schema = {"anyOf": forms}
        many: dict[str, Any] = {"type": "array", "items": term_schema}
        if facet.required:
            many["minItems"] = 1
        properties[facet.key] = {"anyOf": [term_schema, many], "description": facet.description}
    properties["date"] = {
        **properties["date"],
        "type": "string",
        "format": "date",
        "pattern": ISO_DATE_PATTERN,
    }
    for key, value in properties.items():
        value["title"] = key  # the key brokers type, rather than pydantic's « Success Factors »
    return schema

"""Who publishes the site: the organisation named in citations and sharing metadata, the
address readers write to, the date of the last accessibility review.

They are read from the `extra` settings of mkdocs.yml (documented in the README), where the
theme's other settings are, and checked like content: a mistyped address is a located
problem, not a broken `mailto:` link on every page.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from generator.model.messages import pydantic_problems
from generator.model.problems import Problem
from generator.model.yamlsource import LocatedYaml, YamlProblem, parse_located

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class Publisher(BaseModel):
    """The publisher's details, from mkdocs.yml `extra`; other `extra` keys are the theme's."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    organisation: str = Field(default="", min_length=0)
    """Who publishes (« Observatoire québécois des réseaux locaux de services (OQRLS) »):
    author of the citations, publisher of the JSON-LD; the site's name when not given."""

    contact_email: str | None = None
    """Address readers write to (footer, À propos, accessibility statement, 404)."""

    accessibility_review: datetime.date | None = None
    """Date of the last review of the accessibility statement."""

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise PydanticCustomError(
                "courriel", "adresse courriel invalide : « {value} »", {"value": value}
            )
        return value


_KEYS = ("organisation", "contact_email", "accessibility_review")


def read_publisher(
    extra: Mapping[str, Any] | None,
    site_name: str,
    config_file: Path | None,
    shown: Path,
) -> tuple[Publisher, list[Problem]]:
    """The publisher described by `extra`; a value that is wrong is left out and reported,
    located in `config_file` (shown to the reader as `shown`)."""
    given = {key: value for key, value in (extra or {}).items() if key in _KEYS}
    try:
        publisher = Publisher.model_validate(given)
        problems: list[Problem] = []
    except ValidationError as error:
        problems = [
            dataclasses.replace(problem, field=f"extra.{problem.field}")
            for problem in pydantic_problems(error, shown, _extra_lines(config_file), _KEYS)
        ]
        wrong = {str(detail["loc"][0]) for detail in error.errors() if detail["loc"]}
        publisher = Publisher.model_validate(
            {key: value for key, value in given.items() if key not in wrong}
        )
    if not publisher.organisation:
        publisher = publisher.model_copy(update={"organisation": site_name})
    return publisher, problems


def _extra_lines(config_file: Path | None) -> LocatedYaml:
    """The lines of the keys under `extra:` in mkdocs.yml, keyed without `extra`."""
    located = LocatedYaml(None)
    if config_file is None:
        return located
    try:
        whole = parse_located(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return located  # the problem is still reported, at line 1
    located.lines = {
        location[1:]: line
        for location, line in whole.lines.items()
        if location[:1] == ("extra",) and len(location) > 1
    }
    return located

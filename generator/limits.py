"""Bounds on what one file may ask of the generator, so that careless or hostile content is
refused in seconds and bounded memory rather than hanging a build or the preview.

The one home of these numbers: the loaders (`generator.source`, `generator.yamlsource`) and
the bulletins read them from here, and the README quotes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.problems import Problem


@dataclass(frozen=True)
class Limits:
    """Largest inputs the generator accepts; each is far above what a real story needs."""

    max_file_bytes: int = 2_000_000
    """A story or bulletin file (a long story is about 30 ko)."""

    max_vocabulary_bytes: int = 1_000_000
    """A vocabulary file, or mkdocs.yml."""

    max_front_matter_chars: int = 64_000
    """The YAML header of a story or bulletin (a full one is about 2 000 characters)."""

    max_yaml_depth: int = 20
    """Nested lists and mappings in a YAML document (a story needs 2, a vocabulary 4)."""

    max_yaml_values: int = 50_000
    """Values in a YAML document once its aliases (`*nom`) are expanded: a « billion
    laughs » header of 500 bytes would otherwise expand to a billion values."""

    max_brackets_per_paragraph: int = 500
    """`[` in one paragraph: Python-Markdown's link parsing slows down with the square of
    unmatched brackets (20 000 take minutes)."""

    max_emphasis_run: int = 100
    """`*` or `_` in a row (outside a separator line): deeper emphasis exhausts Python's
    recursion in Python-Markdown."""

    max_name_chars: int = 80
    """A name that becomes a folder of the site: a vocabulary term's id, the file name
    `oqrls new` makes from a title (a system refuses names of more than 255 bytes)."""

    max_blocks: int = 200
    """`::: recit` and `::: liste` blocks in one bulletin."""


LIMITS = Limits()

_SEPARATOR = re.compile(r"[ \t]*([*_])(?:[ \t]*\1)*[ \t]*")


def body_problems(path: Path, body: str, first_line: int, limits: Limits = LIMITS) -> list[Problem]:
    """Markdown that would take Python-Markdown minutes, or its recursion, to render."""
    problems: list[Problem] = []
    line = first_line
    for paragraph in body.split("\n\n"):
        brackets = paragraph.count("[")
        if brackets > limits.max_brackets_per_paragraph:
            problems.append(
                Problem(
                    path,
                    line,
                    "corps",
                    f"{brackets} crochets « [ » dans un même paragraphe : "
                    f"{limits.max_brackets_per_paragraph} au plus ; séparez le texte en "
                    "paragraphes",
                )
            )
        if "**" in paragraph or "__" in paragraph:
            longest = limits.max_emphasis_run + 1
            runs = re.compile(rf"\*{{{longest},}}|_{{{longest},}}")
            for offset, text in enumerate(paragraph.split("\n")):
                run = runs.search(text)
                if run and not _SEPARATOR.fullmatch(text):
                    problems.append(
                        Problem(
                            path,
                            line + offset,
                            "corps",
                            f"{len(run[0])} « {run[0][0]} » d'affilée : "
                            f"{limits.max_emphasis_run} au plus",
                        )
                    )
                    break
        line += paragraph.count("\n") + 2
    return problems

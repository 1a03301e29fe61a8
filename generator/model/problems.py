"""Located problems found in content, reported to brokers in French."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from generator.model.text import one_line


class Severity(enum.Enum):
    """How serious a problem is: errors fail every build, warnings fail `--strict`."""

    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at one line, about one field."""

    path: Path
    """The file, as given to the loader (relative to the project when possible)."""

    line: int
    """1-based line of the offending key or value; 1 when the whole file is at fault."""

    field: str
    """The front-matter key at fault, or a short word such as `fichier` or `yaml`."""

    message: str
    """What is wrong and how to fix it, in French."""

    severity: Severity = Severity.ERROR
    """Errors stop the build; warnings only stop a `--strict` build."""

    also: tuple[Problem, ...] = dataclass_field(default=(), compare=False)
    """The same problem as seen from each other file it involves (the first story of a
    duplicate, the story a bulletin cites…): `oqrls check` on that file reports it there."""

    def seen_from(self, wanted: Callable[[Path], bool]) -> list[Problem]:
        """This problem as located in each file `wanted` accepts (none when none is involved)."""
        return [problem for problem in (self, *self.also) if wanted(problem.path)]

    def __str__(self) -> str:
        # One line, whatever a file name or a quoted value holds (a line break in a name
        # would print a forged, real-looking `fichier:ligne:` line).
        return one_line(f"{self.path.as_posix()}:{self.line}: {self.field}: {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def count_summary(problems: list[Problem]) -> str:
    """A one-line French total, e.g. « 2 erreurs, 1 avertissement »."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    return f"{_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"

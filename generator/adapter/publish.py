"""What MkDocs would publish on its own from `docs_dir`, and what of it the generator lets
through. No MkDocs import: files are taken as MkDocs describes them (`SiteFile`).

With `docs_dir: stories`, MkDocs walks the stories folder and would copy every file in it,
Markdown included (drafts, or all stories when `stories_dir` is mistyped). The generator
publishes the content folders itself; of the rest of `docs_dir`, static files (a logo)
stay, Markdown pages go: nothing would check them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from generator.model.content import walk
from generator.model.problems import Problem
from generator.settings import Settings


class SiteFile(Protocol):
    """A file of MkDocs' list (`mkdocs.structure.files.File`), as far as this module cares."""

    @property
    def abs_src_path(self) -> str | None: ...

    def is_documentation_page(self) -> bool: ...


AnyFile = TypeVar("AnyFile", bound=SiteFile)


def docs_dir_problems(settings: Settings, docs_dir: Path) -> list[Problem]:
    """Links and special files under `docs_dir` that MkDocs must not walk or copy: a loop
    of links would never end, a broken link or a pipe would stop the build."""
    problems: list[Problem] = []
    if docs_dir.is_dir():
        walk(docs_dir, (settings.root, docs_dir), settings.shown, problems)
    return problems


def unchecked_files(
    files: Iterable[AnyFile], settings: Settings
) -> Iterator[tuple[AnyFile, Problem | None]]:
    """The files to take out of MkDocs' list, each with the problem to report, if any."""
    content = (settings.stories_dir, settings.bulletins_dir)
    # As text: MkDocs lists thousands of files (docs_dir may be the stories' folder).
    lexical = tuple(os.path.join(os.path.abspath(folder), "") for folder in content)
    folders = [folder.resolve() for folder in content]
    for file in list(files):
        if not file.abs_src_path:
            continue
        absolute = os.path.abspath(file.abs_src_path)
        written = Path(absolute)
        if absolute.startswith(lexical) or any(
            written.resolve().is_relative_to(real) for real in folders
        ):
            yield file, None  # the generator publishes these itself
        elif file.is_documentation_page():
            message = (
                "page Markdown hors des dossiers des récits et des bulletins : elle serait "
                "publiée sans vérification ; placez-la dans le dossier des récits, ou "
                "retirez-la de docs_dir"
            )
            yield file, Problem(settings.shown(written), 1, "fichier", message)

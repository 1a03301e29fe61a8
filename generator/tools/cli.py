"""`oqrls`, the brokers' command line: check content, start a new story or bulletin."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import re
import string
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urljoin

import yaml

from generator.collection import Collection
from generator.model import urls
from generator.model.content import scan
from generator.model.limits import LIMITS
from generator.model.problems import count_summary
from generator.model.source import SourceDocument, read_document
from generator.model.text import forbidden_character, slugify
from generator.pipeline import build_collection
from generator.settings import Settings, settings_from_mkdocs_yml
from generator.tools.cms import NEW_STORY_TEMPLATE
from generator.tools.report import compare, markdown_report


class _FrenchHelp(argparse.HelpFormatter):
    """argparse's help, its « usage: » in French."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


_ERRORS = (
    (re.compile(r"the following arguments are required: (.*)"), r"il manque : \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"arguments inconnus : \1"),
    (
        re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)"),
        r"\1 : \2 n'existe pas (au choix : \3)",
    ),
    (re.compile(r"argument (.*): expected one argument"), r"\1 : une valeur est attendue"),
    (re.compile(r"argument (.*): expected at least one argument"), r"\1 : une valeur est attendue"),
)
"""argparse's English errors, in French (Python does not ship a French catalogue)."""


class _FrenchParser(argparse.ArgumentParser):
    """An argument parser that speaks French: help, section titles and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(formatter_class=_FrenchHelp, add_help=False)
        super().__init__(*args, **kwargs)
        self.options = self.add_argument_group("options")
        self.options.add_argument(
            "-h", "--help", action="help", help="afficher cette aide et s'arrêter"
        )

    def error(self, message: str) -> NoReturn:
        for pattern, french in _ERRORS:
            if pattern.fullmatch(message):
                message = pattern.sub(french, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _FrenchParser(
        prog="oqrls",
        description="Outils des courtiers de connaissances de l'OQRLS.",
        epilog="« oqrls COMMANDE --help » explique chaque commande.",
    )
    parser.options.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="FICHIER",
        help="fichier mkdocs.yml du site (par défaut : ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMANDE", title="commandes",
        parser_class=_FrenchParser,
    )  # fmt: skip

    check = commands.add_parser(
        "check",
        help="vérifier les récits et les vocabulaires sans construire le site",
        description="Vérifie les récits, les bulletins et les vocabulaires, et donne chaque "
        "problème sous la forme fichier:ligne: champ: message.",
    )
    check.add_argument_group("arguments").add_argument(
        "paths", nargs="*", type=Path, metavar="CHEMIN", help="fichiers ou dossiers à vérifier"
    )

    new = commands.add_parser(
        "new",
        help="créer un récit, ou un numéro de Le Relais, à partir du modèle",
        usage='oqrls new [-h] [bulletin] "TITRE"',
        description='Crée un récit dans stories/ (oqrls new "Titre") ou le numéro suivant '
        'de Le Relais dans bulletins/ (oqrls new bulletin "Titre"), avec la date du jour '
        "et un commentaire pour chaque champ.",
    )
    new.add_argument_group("arguments").add_argument(
        "words",
        nargs="+",
        metavar="[bulletin] TITRE",
        help="titre entre guillemets, précédé de « bulletin » pour un numéro de Le Relais",
    )

    report = commands.add_parser(
        "report", help="rapport des changements (problèmes, récits, effectifs par facette)"
    )
    report.options.add_argument(
        "--base", metavar="RÉVISION", help="révision git à comparer (ex. : origin/main)"
    )

    args = parser.parse_args(argv)
    if args.command == "new" and len(args.words) > 1 and args.words[0] != BULLETIN_WORD:
        new.error(f"un seul titre, entre guillemets (ou « {BULLETIN_WORD} » puis le titre)")
    if args.command == "new" and len(args.words) > 2:
        new.error("un seul titre, entre guillemets")
    settings = settings_from_mkdocs_yml(args.config)
    if args.command == "check":
        return run_check(settings, args.paths)
    if args.command == "report":
        return run_report(settings, args.base)
    if len(args.words) == 2:
        return run_new_bulletin(settings, args.words[1])
    return run_new(settings, args.words[0])


BULLETIN_WORD = "bulletin"
"""`oqrls new bulletin "Titre"`: the word that asks for a bulletin rather than a story."""


def run_check(settings: Settings, paths: Sequence[Path]) -> int:
    """Print every problem, then a one-line total; 0 when there is none."""
    paths = [_canonical(path) for path in paths]
    # Files outside the content folders (a copy being worked on) are checked as stories.
    content_dirs = (settings.stories_dir.resolve(), settings.bulletins_dir.resolve())
    extra = [
        path
        for path in _expand(paths, settings)
        if not any(path.is_relative_to(folder) for folder in content_dirs)
    ]
    collection = build_collection(settings, extra_files=extra, checking=True)
    problems = collection.problems
    if paths:
        # The verdict the build gives these files: every problem that involves one of them,
        # located there, even when the build reports it on another file.
        wanted = [settings.shown(path) for path in paths]
        problems = sorted(
            {seen for problem in problems for seen in problem.seen_from(_within(wanted))}
        )
    for problem in problems:
        print(problem)
    print(f"oqrls check : {check_summary(collection)} — {count_summary(problems)}")
    return 1 if problems else 0


def check_summary(collection: Collection) -> str:
    """« 3 récits et 1 bulletin publiables, 1 brouillon non publié (draft: true) »."""
    stories, bulletins = len(collection.stories), len(collection.bulletins)
    text = f"{_plural(stories, 'récit')} et {_plural(bulletins, 'bulletin')} publiables"
    if collection.drafts:
        drafts = collection.drafts
        text += f", {_plural(drafts, 'brouillon')} non publié{'s' if drafts > 1 else ''}"
        text += " (draft: true)"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _canonical(path: Path) -> Path:
    """`path` as the build names it: `..` and linked folders resolved (`stories/../stories/x.md`
    is `stories/x.md`), a file's own name kept (a linked story is read under its name). A
    symbolic link loop stays as written: reading it says so, at its line."""
    absolute = Path(os.path.normpath(path.absolute()))
    try:
        if absolute.is_dir() or not absolute.name:
            return absolute.resolve()
        return absolute.parent.resolve() / absolute.name
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return absolute


def _expand(paths: Sequence[Path], settings: Settings) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(scan(path, settings.root, settings.shown).documents)
        else:
            found.append(path)
    return found


def _within(wanted: list[Path]) -> Callable[[Path], bool]:
    return lambda path: any(path == folder or path.is_relative_to(folder) for folder in wanted)


def run_report(settings: Settings, base: str | None) -> int:
    """Print the Markdown change report; compare with git revision `base` when given."""
    head = build_collection(settings)
    comparison = None
    if base is not None:
        with tempfile.TemporaryDirectory() as folder:
            try:
                base_settings = _checkout_content(settings, base, Path(folder))
            except subprocess.CalledProcessError as error:
                message = (error.stderr or b"").decode("utf-8", "replace").strip()
                print(f"oqrls report : révision {base} illisible ({message})", file=sys.stderr)
                return 2
            comparison = compare(build_collection(base_settings), head)
    print(markdown_report(head, comparison), end="")
    return 0


def _checkout_content(settings: Settings, revision: str, folder: Path) -> Settings:
    """The content folders as they were at `revision`, extracted into `folder`."""
    root = settings.root.resolve()
    wanted = [settings.stories_dir, settings.bulletins_dir, settings.vocabularies_dir]
    inside = [path.resolve().relative_to(root).as_posix() for path in wanted
              if path.resolve().is_relative_to(root)]  # fmt: skip
    existing = subprocess.run(
        ["git", "ls-tree", "--name-only", revision, "--", *inside],
        cwd=root, check=True, capture_output=True,
    ).stdout.decode().split()  # fmt: skip
    if existing:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision, "--", *existing],
            cwd=root, check=True, capture_output=True,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
            else:  # Python < 3.11.4, e.g. Debian 12's 3.11.2: no filters; git's own archive
                tar.extractall(folder)

    def moved(path: Path) -> Path:
        resolved = path.resolve()
        return folder / resolved.relative_to(root) if resolved.is_relative_to(root) else path

    return replace(
        settings,
        stories_dir=moved(settings.stories_dir),
        bulletins_dir=moved(settings.bulletins_dir),
        # Vocabularies of the base when they are part of the repository, else the same ones.
        vocabularies_dir=moved(settings.vocabularies_dir)
        if moved(settings.vocabularies_dir).is_dir()
        else settings.vocabularies_dir,
    )


def new_title_problem(title: str) -> str | None:
    """Why `title` cannot start a story, in French; None when it can."""
    if any(0xD800 <= ord(char) <= 0xDFFF for char in title):
        # Python keeps the bytes it could not decode from the command line as surrogates.
        return "le titre n'est pas en UTF-8 : réglez le terminal en UTF-8 et recommencez"
    forbidden = forbidden_character(title)
    if forbidden is not None:
        return f"le titre contient un {forbidden[2]} : retirez-le"
    if not slugify(title):
        return "le titre doit contenir au moins une lettre ou un chiffre"
    return None


def short_slug(title: str) -> str:
    """The file name made from `title`, cut between words to stay a short address."""
    slug = slugify(title)
    if len(slug) <= LIMITS.max_name_chars:
        return slug
    cut = slug[: LIMITS.max_name_chars + 1].rsplit("-", 1)[0]
    return cut if cut and len(cut) <= LIMITS.max_name_chars else slug[: LIMITS.max_name_chars]


def run_new(settings: Settings, title: str) -> int:
    """Write `stories/<slug>.md` from the template; never overwrite an existing file."""
    refused = new_title_problem(title)
    if refused:
        print(f"oqrls new : {refused}", file=sys.stderr)
        return 2
    slug = short_slug(title)
    target = settings.stories_dir / f"{slug}.md"
    template = string.Template(
        files("generator.tools").joinpath(NEW_STORY_TEMPLATE).read_text("utf-8")
    )
    schema_comment = ""
    if settings.site_url:
        # Editors with the YAML language server then check and complete the front matter.
        schema_url = urljoin(settings.site_url, urls.SCHEMA)
        schema_comment = f"# yaml-language-server: $schema={schema_url}\n"
    text = template.substitute(
        schema_comment=schema_comment,
        title=yaml.safe_dump(title, allow_unicode=True, default_style='"', width=1000).strip(),
        date=datetime.date.today().isoformat(),
    )
    return _create(target, text, settings, "Récit créé")


def _create(target: Path, text: str, settings: Settings, done: str) -> int:
    """Write a new file, never over an existing one; `oqrls new`'s exit code."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(
            f"oqrls new : {settings.shown(target).as_posix()} existe déjà ; "
            "choisissez un autre titre ou modifiez ce fichier",
            file=sys.stderr,
        )
        return 1
    print(f"{done} : {settings.shown(target).as_posix()}")
    return 0


NEW_BULLETIN_TEMPLATE = "templates/nouveau-bulletin.md"


def run_new_bulletin(settings: Settings, title: str) -> int:
    """Write `bulletins/<slug>.md` from the template, numbered after the highest number
    written in any bulletin (even one with errors); never overwrite an existing file."""
    slug = slugify(title)
    if not slug:
        print(
            "oqrls new : le titre doit contenir au moins une lettre ou un chiffre", file=sys.stderr
        )
        return 2
    target = settings.bulletins_dir / f"{slug}.md"
    template = string.Template(
        files("generator.tools").joinpath(NEW_BULLETIN_TEMPLATE).read_text("utf-8")
    )
    number = max(bulletin_numbers(settings), default=0) + 1
    text = template.substitute(
        title=yaml.safe_dump(title, allow_unicode=True, default_style='"', width=1000).strip(),
        number=number,
        date=datetime.date.today().isoformat(),
    )
    return _create(target, text, settings, f"Numéro {number} de Le Relais créé")


def bulletin_numbers(settings: Settings) -> list[int]:
    """The numbers written in the bulletins' front matter, wherever readable."""
    if not settings.bulletins_dir.is_dir():
        return []
    numbers = []
    for path in scan(settings.bulletins_dir, settings.root, settings.shown).documents:
        read = read_document(path, settings.shown(path))
        data = read.front_matter.data if isinstance(read, SourceDocument) else None
        number = data.get("number") if isinstance(data, dict) else None
        if isinstance(number, int) and not isinstance(number, bool):
            numbers.append(number)
    return numbers


if __name__ == "__main__":
    raise SystemExit(main())

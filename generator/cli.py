"""`oqrls`, the brokers' command line: check content, start a new story."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import string
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib.resources import files
from pathlib import Path
from urllib.parse import urljoin

import yaml

from generator import urls
from generator.cms import NEW_STORY_TEMPLATE
from generator.content import scan
from generator.limits import LIMITS
from generator.pipeline import build_collection
from generator.problems import count_summary
from generator.report import compare, markdown_report
from generator.settings import Settings, settings_from_mkdocs_yml
from generator.text import forbidden_character, slugify


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="oqrls", description="Outils des courtiers de connaissances de l'OQRLS."
    )
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=Path("mkdocs.yml"),
        help="fichier mkdocs.yml du site (par défaut : ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    check = commands.add_parser(
        "check", help="vérifier les récits et les vocabulaires sans construire le site"
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="CHEMIN", help="fichiers ou dossiers à vérifier"
    )

    new = commands.add_parser("new", help="créer un nouveau récit à partir du modèle")
    new.add_argument("title", metavar="TITRE", help="titre de l'initiative, entre guillemets")

    report = commands.add_parser(
        "report", help="rapport des changements (problèmes, récits, effectifs par facette)"
    )
    report.add_argument(
        "--base", metavar="RÉVISION", help="révision git à comparer (ex. : origin/main)"
    )

    args = parser.parse_args(argv)
    settings = settings_from_mkdocs_yml(args.config)
    if args.command == "check":
        return run_check(settings, args.paths)
    if args.command == "report":
        return run_report(settings, args.base)
    return run_new(settings, args.title)


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
    print(
        f"oqrls check : {len(collection.stories)} récit(s) et {len(collection.bulletins)} "
        f"bulletin(s) publiables — {count_summary(problems)}"
    )
    return 1 if problems else 0


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
    template = string.Template(files("generator").joinpath(NEW_STORY_TEMPLATE).read_text("utf-8"))
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
    settings.stories_dir.mkdir(parents=True, exist_ok=True)
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
    print(f"Récit créé : {settings.shown(target).as_posix()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

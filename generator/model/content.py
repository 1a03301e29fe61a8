"""What a content folder (`stories/`, `bulletins/`) holds, and what of it may be published.

The one place that walks those folders, for the pipeline and for the MkDocs adapter alike:

- `*.md` files are stories (or bulletins), read and checked by the generator;
- attachments (PDF, images, office documents…) are published as they are, under the URL
  `generator.model.urls.attachment` gives them;
- symbolic links are followed only when they stay inside the project; a link that leaves
  it, a broken link or a loop is refused;
- anything else (other Markdown extensions, HTML, scripts, SVG…) is refused rather than
  published unchecked or silently ignored. Hidden files and the litter of office suites and
  operating systems are left out.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.problems import Problem
from generator.model.source import os_reason
from generator.model.text import FORBIDDEN_CHARACTERS, describe_character, quote

ATTACHMENTS: frozenset[str] = frozenset(
    {
        ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif",
        ".txt", ".csv", ".rtf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
        ".odt", ".ods", ".odp", ".mp3", ".m4a", ".ogg", ".mp4", ".webm", ".zip",
    }
)  # fmt: skip
"""Extensions (lower case) of the files published next to the stories: documents a browser
shows or downloads without running anything from them."""

MARKDOWN_LOOKALIKES: frozenset[str] = frozenset({".markdown", ".mdown", ".mkdn", ".mkd", ".md"})
"""Extensions MkDocs would read as Markdown; only `.md`, in lower case, is a story."""

_LITTER = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


@dataclass
class ContentFiles:
    """The files of one content folder, sorted, and what is wrong with the others."""

    documents: list[Path] = field(default_factory=list)
    """`*.md` files: stories or bulletins."""

    attachments: list[Path] = field(default_factory=list)
    """Files published as they are."""

    problems: list[Problem] = field(default_factory=list)
    """Refused files and links, located."""


def scan(
    folder: Path, project: Path, shown: Callable[[Path], Path], *, attachments: bool = True
) -> ContentFiles:
    """Every file under `folder`, sorted by path, classified by the policy above.

    `project` is the folder symbolic links may point into (the content folder itself is
    always allowed). `attachments=False` refuses attachments too (a folder that only holds
    Markdown).
    """
    out = ContentFiles()
    for path in walk(folder, (project, folder), shown, out.problems):
        suffix = path.suffix
        lower = suffix.lower()
        name = path.name.lower()
        if suffix == ".md":
            out.documents.append(path)
        elif lower in MARKDOWN_LOOKALIKES:
            out.problems.append(
                Problem(
                    shown(path),
                    1,
                    "fichier",
                    f"extension {quote(suffix)} : un récit ou un bulletin se termine par « .md »"
                    f" en minuscules ; renommez le fichier {quote(path.stem + '.md')}",
                )
            )
        elif lower in ATTACHMENTS and attachments:
            refusal = attachment_name_problem(path.relative_to(folder).as_posix())
            if refusal:
                out.problems.append(Problem(shown(path), 1, "fichier", refusal))
            else:
                out.attachments.append(path)
        elif name in _LITTER or name.startswith("~$") or name.endswith("~"):
            continue
        else:
            out.problems.append(Problem(shown(path), 1, "fichier", _refused(suffix)))
    return out  # in `walk`'s order: sorted by path


def attachment_name_problem(relative: str) -> str | None:
    """Why a file's path cannot be an address of the site, in French; None when it can.
    `#` and `?` would end the address's path (the rest read as an anchor or a query)."""
    for char in relative:
        if char in "#?":
            return (
                f"nom de fichier avec {quote(char)} : ce caractère couperait son adresse Web ; "
                "renommez le fichier (lettres, chiffres, traits d'union)"
            )
        if FORBIDDEN_CHARACTERS.match(char):
            return f"nom de fichier avec un {describe_character(char)} : renommez le fichier"
    return None


def generated_collisions(
    attachments: dict[str, Path], generated: dict[str, Path], shown: Callable[[Path], Path]
) -> list[Problem]:
    """Attachments published at the address of a file the generator writes (a bulletin's
    `courriel.txt`): refused, and left out of `attachments`, rather than silently replaced.
    `generated` gives, for each such address, the file it is made from."""
    problems = []
    for address in sorted(attachments.keys() & generated.keys()):
        file = attachments.pop(address)
        problems.append(
            Problem(
                shown(file), 1, "fichier",
                f"ce fichier serait publié à {quote(address)}, l'adresse d'un fichier que le "
                f"générateur écrit pour {shown(generated[address]).as_posix()} : renommez-le "
                "ou déplacez-le",
            )
        )  # fmt: skip
    return problems


def _refused(suffix: str) -> str:
    if suffix.lower() == ".svg":
        why = "une image SVG peut contenir du code : exportez-la en PNG"
    elif suffix:
        why = f"les fichiers {quote(suffix)} ne sont pas publiés"
    else:
        why = "un fichier sans extension n'est pas publié"
    return (
        f"{why} ; ce dossier ne reçoit que des fichiers .md et des pièces jointes "
        f"({', '.join(sorted(ATTACHMENTS))}) : retirez ce fichier du dossier"
    )


def walk(
    folder: Path,
    allowed: Iterable[Path],
    shown: Callable[[Path], Path],
    problems: list[Problem],
    folders: list[Path] | None = None,
) -> list[Path]:
    """The regular files under `folder`, hidden files and folders aside, as paths under
    `folder` (links are not replaced by their targets).

    A symbolic link is followed when its target exists and lies inside one of the `allowed`
    folders; each real folder is walked once, so a loop ends. Every link refused, and every
    special file (pipe, device), is reported in `problems`; the folders walked go to
    `folders`.
    """
    inside = [path.resolve() for path in allowed]
    start = folder.resolve()
    visited = {start}
    found: list[Path] = []
    pending: list[tuple[Path, tuple[Path, ...]]] = [(folder, (start,))]
    while pending:
        directory, ancestors = pending.pop()
        if folders is not None:
            folders.append(directory)
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(
                Problem(shown(directory), 1, "fichier", f"dossier illisible ({os_reason(error)})")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target, why = _follow(path, inside)
                if why:
                    problems.append(Problem(shown(path), 1, "fichier", why))
                    continue
                assert target is not None
                if target.is_dir():
                    if target in ancestors:
                        why = "lien symbolique en boucle : il mène à un dossier qui le contient"
                    elif target in visited:
                        why = "lien symbolique vers un dossier déjà lu par un autre chemin"
                    if why:
                        problems.append(Problem(shown(path), 1, "fichier", why))
                        continue
                    visited.add(target)
                    pending.append((path, (*ancestors, target)))
                elif target.is_file():
                    found.append(path)
                else:
                    problems.append(Problem(shown(path), 1, "fichier", _SPECIAL))
            elif entry.is_dir(follow_symlinks=False):
                real = ancestors[-1] / entry.name
                visited.add(real)
                pending.append((path, (*ancestors, real)))
            elif entry.is_file(follow_symlinks=False):
                found.append(path)
            else:
                problems.append(Problem(shown(path), 1, "fichier", _SPECIAL))
    return sorted(found, key=lambda path: path.parts)  # as paths sort, and quicker


_SPECIAL = "ce n'est pas un fichier ordinaire (tube, périphérique…) : retirez-le du dossier"


def _follow(link: Path, inside: list[Path]) -> tuple[Path | None, str]:
    """The real target of `link`, or why it is refused."""
    try:
        written = os.readlink(link)
    except OSError as error:
        return None, f"lien symbolique illisible ({os_reason(error)})"
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return None, f"lien symbolique en boucle (vers {quote(written)})"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, f"lien symbolique en boucle (vers {quote(written)})"
        return None, (
            f"lien symbolique brisé : sa cible {quote(written)} n'existe pas ; "
            "remplacez-le par le fichier ou retirez-le"
        )
    if not any(target.is_relative_to(folder) for folder in inside):
        return None, (
            f"lien symbolique vers {quote(written)}, hors du projet : un lien ne peut mener "
            "qu'à un fichier du projet ; copiez plutôt le fichier dans le dossier"
        )
    return target, ""


def folders_to_watch(folders: Iterable[Path], project: Path) -> list[Path]:
    """Every folder under `folders` the policy lets the generator read: what the preview
    server watches, each on its own (a recursive watch follows links, loops included)."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            walk(folder, (project, folder), lambda path: path, [], found)
    return sorted(set(found))

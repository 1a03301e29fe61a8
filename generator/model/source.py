"""Reading one Markdown file with YAML front matter, without ever raising on bad content."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from generator.cache import NO_CACHE, Cache
from generator.model.limits import LIMITS, body_problems
from generator.model.problems import Problem
from generator.model.text import forbidden_character
from generator.model.yamlsource import LocatedYaml, YamlProblem, parse_located


class _ExactYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler with a boundary that keeps blank lines.

    Its stock boundary (`^-{3,}\\s*$`) can swallow the newlines after `---`, which would shift
    every line number we report.
    """

    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)


_HANDLER = _ExactYAMLHandler()


@dataclass(frozen=True)
class SourceDocument:
    """A file split into its parsed front matter and its Markdown body."""

    path: Path
    """Path shown in messages."""
    front_matter: LocatedYaml
    body: str
    body_line: int
    """Line of the file where the body starts."""
    digest: str
    """SHA-256 of the file's bytes: what caches across rebuilds are keyed by."""


RECENT_NS = 3_000_000_000
"""A file changed this recently (nanoseconds) is read again whatever its status says."""


def read_document(file: Path, shown_as: Path, cache: Cache = NO_CACHE) -> SourceDocument | Problem:
    """Read `file`, or say in French, at which line, why it cannot be read.

    With the preview's cache, a file whose bytes did not change since the last build is not
    parsed again (`mkdocs serve`).
    """
    # The preview reads a thousand files after each edit: one whose status (size, times,
    # inode, type) did not change since it was read is not read again. An editor's save
    # changes its modification time, and any write its change time; a file changed in the
    # last seconds is read anyway, as git does, for file systems that count whole seconds.
    try:
        status = os.stat(file)
    except OSError:
        return _read(file, shown_as, cache)
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < RECENT_NS:
        return _read(file, shown_as, cache)
    # Paths as text: a path made anew each build hashes slowly (a thousand of them).
    key = ("document read", os.fspath(file), os.fspath(shown_as), status.st_mode,
           status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)  # fmt: skip
    found = cache.find(key)
    if isinstance(found, SourceDocument):
        return found
    read = _read(file, shown_as, cache)
    if isinstance(read, SourceDocument):
        cache.put(key, read)
    return read


def _read(file: Path, shown_as: Path, cache: Cache) -> SourceDocument | Problem:
    raw = read_bounded(file, LIMITS.max_file_bytes)
    if isinstance(raw, str):
        return Problem(shown_as, 1, "fichier", raw)
    digest = hashlib.sha256(raw).hexdigest()
    return cache.get(("document", shown_as, digest), lambda: _parse(raw, shown_as, digest))


def read_bounded(file: Path, limit: int) -> bytes | str:
    """The bytes of a regular file of at most `limit` bytes, or why not, in French.

    Opened without blocking and checked before reading: a named pipe or a device would
    never finish, a huge file would fill the memory.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return f"lecture impossible ({os_reason(error)})"
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return "ce n'est pas un fichier ordinaire (tube, périphérique…) : retirez-le"
        if status.st_size > limit:
            return (
                f"fichier de {status.st_size / 1_000_000:.1f} Mo : {limit / 1_000_000:g} Mo au "
                "plus ; placez les documents volumineux en pièce jointe (PDF)"
            )
        try:
            raw = handle.read(limit + 1)
        except OSError as error:
            return f"lecture impossible ({os_reason(error)})"
    if len(raw) > limit:
        return f"fichier de plus de {limit / 1_000_000:g} Mo"
    return raw


def os_reason(error: OSError) -> str:
    """Why the system refused, in French for the usual cases."""
    reasons = {
        errno.ENOENT: "fichier introuvable",
        errno.EACCES: "permission refusée",
        errno.EPERM: "permission refusée",
        errno.EISDIR: "c'est un dossier",
        errno.ELOOP: "lien symbolique en boucle",
        errno.ENAMETOOLONG: "nom trop long",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def _parse(raw: bytes, shown_as: Path, digest: str) -> SourceDocument | Problem:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(
            shown_as,
            line,
            "fichier",
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[error.start]:02x} illisible) : "
            "enregistrez-le en UTF-8",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    forbidden = forbidden_character(text)
    if forbidden is not None:
        line, column, what = forbidden
        return Problem(
            shown_as,
            line + 1,
            "caractère",
            f"{what} en colonne {column} : il ne peut être publié (pages, flux, courriel) ; "
            "retirez-le",
        )
    if not text.strip():
        return Problem(shown_as, 1, "fichier", "le fichier est vide")
    if not _HANDLER.detect(text):
        return Problem(
            shown_as,
            1,
            "en-tête",
            "en-tête YAML absent : le fichier doit commencer par une ligne « --- », suivie "
            "des champs du récit, puis d'une autre ligne « --- »",
        )
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        return Problem(
            shown_as,
            1,
            "en-tête",
            "en-tête YAML non fermé : ajoutez une ligne « --- » après les champs",
        )
    if len(front) > LIMITS.max_front_matter_chars:
        return Problem(
            shown_as,
            1,
            "en-tête",
            f"en-tête YAML de {len(front)} caractères : {LIMITS.max_front_matter_chars} au "
            "plus ; le texte du récit va après la ligne « --- » qui ferme l'en-tête",
        )
    # `front` starts right after the opening `---`, on line 1 of the file.
    try:
        located = parse_located(front, first_line=1)
    except YamlProblem as error:
        return Problem(shown_as, error.line, "yaml", error.message)
    content = body.lstrip("\n")
    closing_line = front.count("\n") + 1
    body_line = closing_line + len(body) - len(content)
    too_costly = body_problems(shown_as, content, body_line)
    if too_costly:
        return too_costly[0]
    return SourceDocument(shown_as, located, content, body_line, digest)

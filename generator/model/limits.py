"""Bounds on what one file may ask of the generator, so that careless or hostile content is
refused in seconds and bounded memory rather than hanging a build or the preview.

The one home of these numbers: the loaders (`generator.model.source`,
`generator.model.yamlsource`) and the bulletins read them from here, and the README quotes
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import markdown.util

from generator.model.problems import Problem


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

    max_link_scan: int = 10_000_000
    """`[` times the length of their paragraph, summed over the file: Python-Markdown
    reads each link to the end of its paragraph (500 links in each of ten paragraphs of
    20 000 characters: 21 s). A story with 500 links in paragraphs of 1 500 characters
    counts 750 000."""

    max_emphasis_run: int = 100
    """`*` or `_` in a row, mixed or not (outside a separator line): deeper emphasis
    exhausts Python's recursion in Python-Markdown, and `*_*_…` takes it seconds."""

    max_name_chars: int = 80
    """A name that becomes a folder of the site: a vocabulary term's id, the file name
    `oqrls new` makes from a title (a system refuses names of more than 255 bytes)."""

    max_paragraph_chars: int = 20_000
    """Characters between two blank lines: Python-Markdown reads some runs (`*_*_`, `\\`,
    `<span>`, `!!! note` nested) in a time that grows with the square of their block's
    length (a long paragraph is 2 000 characters, a large table 10 000)."""

    max_marks_per_paragraph: int = 500
    """`*` or `_`, `<`, and `!!!` in one paragraph of text (raw HTML blocks, such as a
    table, apart): Python-Markdown reads emphasis, inline HTML and nested notes in a time
    that grows with the square of their number (3 300 `<span>` in each of 15 paragraphs:
    10 s more to build; 1 530 `!!! note` in each: 12 s)."""

    max_marks_per_file: int = 40_000
    """`*`, `_`, `<`, `[`, `` ` `` and `\\` in one file. Python-Markdown reads each in about
    10 µs, several times per build: 2 Mo of `*_` built in 55 s. A long story has a few
    hundred; 40 000 build in about a second more."""

    max_headings: int = 1_000
    """Headings in one file: each repeated title takes longer to get its own anchor
    (30 000 « # a » take 15 s; a story has about 10)."""

    max_unclosed_tag_scan: int = 20_000_000
    """Characters Python-Markdown's HTML reader scans, in all, for the `>` that would close
    each `<` followed by a letter or `/` (`<http://a`, `x <b`): from each one to the next
    `>`, or to the end of the file. 20 million take about a second; 8 000 `<http://a`
    without `>` would take 13 s, and a few hundred kilobytes of them minutes."""

    max_blocks: int = 200
    """`::: recit` and `::: liste` blocks in one bulletin."""


LIMITS = Limits()

_SEPARATOR = re.compile(r"[ \t]*([*_])(?:[ \t]*\1)*[ \t]*")


def body_problems(path: Path, body: str, first_line: int, limits: Limits = LIMITS) -> list[Problem]:
    """Markdown that would take Python-Markdown minutes, or its recursion, to render."""
    problems: list[Problem] = []
    line = first_line
    link_scan = 0
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
        elif link_scan <= limits.max_link_scan < link_scan + brackets * len(paragraph):
            problems.append(
                Problem(
                    path,
                    line,
                    "corps",
                    "trop de liens « [ » dans de longs paragraphes (Markdown mettrait des "
                    "minutes à les lire) : séparez le texte en paragraphes plus courts",
                )
            )
        link_scan += brackets * len(paragraph)
        longest = limits.max_emphasis_run + 1
        if paragraph.count("*") + paragraph.count("_") >= longest:
            # Mixed runs too: `*_*_…` is the slowest of all for Python-Markdown.
            runs = re.compile(rf"[*_]{{{longest},}}")
            for offset, text in enumerate(paragraph.split("\n")):
                run = runs.search(text)
                if run and not _SEPARATOR.fullmatch(text):
                    problems.append(
                        Problem(
                            path,
                            line + offset,
                            "corps",
                            f"{len(run[0])} « {' » ou « '.join(sorted(set(run[0])))} » "
                            "d'affilée : "
                            f"{limits.max_emphasis_run} au plus",
                        )
                    )
                    break
        problems.extend(_mark_problems(path, paragraph, line, limits))
        if len(paragraph) > limits.max_paragraph_chars:
            problems.append(
                Problem(
                    path,
                    line,
                    "corps",
                    f"paragraphe de {len(paragraph)} caractères sans ligne vide : "
                    f"{limits.max_paragraph_chars} au plus ; séparez-le en paragraphes par "
                    "des lignes vides",
                )
            )
        line += paragraph.count("\n") + 2
    problems.extend(_total_mark_problems(path, body, first_line, limits))
    problems.extend(_heading_problems(path, body, first_line, limits))
    problems.extend(_unclosed_tag_problems(path, body, first_line, limits))
    return problems


_HTML_BLOCK = re.compile(
    r"<(?:" + "|".join(markdown.util.BLOCK_LEVEL_ELEMENTS) + r")[\s/>]|<!--", re.IGNORECASE
)
"""A paragraph Python-Markdown keeps as raw HTML (its first tag is a block's)."""


def _mark_problems(path: Path, paragraph: str, line: int, limits: Limits) -> list[Problem]:
    """Too many emphasis marks, or inline tags, in one paragraph of text."""
    if _HTML_BLOCK.match(paragraph.lstrip()):
        return []  # a raw HTML block (a table): read once, as a whole, by the HTML reader
    for marks, what in (
        (("*", "_"), "« * » ou « _ »"),
        (("<",), "« < »"),
        (("!!!", "???"), "encadrés « !!! »"),
    ):
        count = sum(paragraph.count(mark) for mark in marks)
        if count > limits.max_marks_per_paragraph:
            return [
                Problem(
                    path,
                    line,
                    "corps",
                    f"{count} {what} dans un même paragraphe : {limits.max_marks_per_paragraph} "
                    "au plus (Markdown mettrait des minutes à les lire) ; séparez le texte en "
                    "paragraphes",
                )
            ]
    return []


_MARKS = "*_<[`\\"


def _total_mark_problems(path: Path, body: str, first_line: int, limits: Limits) -> list[Problem]:
    """Too much markup in one file, located at the line where it passes the limit."""
    if sum(body.count(mark) for mark in _MARKS) <= limits.max_marks_per_file:
        return []
    seen = 0
    for offset, text in enumerate(body.split("\n")):
        seen += sum(text.count(mark) for mark in _MARKS)
        if seen > limits.max_marks_per_file:
            return [
                Problem(
                    path,
                    first_line + offset,
                    "corps",
                    f"plus de {limits.max_marks_per_file} signes de mise en forme (« * », "
                    "« _ », « < », « [ », « ` », « \\ ») dans un même fichier : Markdown mettrait "
                    "des minutes à les lire ; partagez le texte en plusieurs récits",
                )
            ]
    return []


_HEADING = re.compile(r"^(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_TAG_START = re.compile(r"<[A-Za-z/]")


def _heading_problems(path: Path, body: str, first_line: int, limits: Limits) -> list[Problem]:
    """Too many headings (setext underlines and rules counted too: an upper bound)."""
    for count, found in enumerate(_HEADING.finditer(body), start=1):
        if count > limits.max_headings:
            return [
                Problem(
                    path,
                    first_line + body.count("\n", 0, found.start()),
                    "corps",
                    f"plus de {limits.max_headings} intertitres dans un même fichier : "
                    "partagez le texte en plusieurs récits",
                )
            ]
    return []


def _unclosed_tag_problems(path: Path, body: str, first_line: int, limits: Limits) -> list[Problem]:
    """`<` starting a tag or an address that no `>` closes soon: the HTML reader looks for
    the `>` from each of them, to the end of the file when there is none."""
    if "<" not in body:
        return []
    scanned = 0
    worst: tuple[int, int] | None = None  # (distance, position) of the costliest start
    closing = body.find(">")
    for found in _TAG_START.finditer(body):
        start = found.start()
        if closing != -1 and closing < start:
            closing = body.find(">", start)
        distance = (closing if closing != -1 else len(body)) - start
        scanned += distance
        if worst is None or distance > worst[0]:
            worst = (distance, start)
        if scanned > limits.max_unclosed_tag_scan:
            assert worst is not None
            where = worst[1]
            shown = body[where : where + 12].split("\n")[0]
            return [
                Problem(
                    path,
                    first_line + body.count("\n", 0, where),
                    "corps",
                    f"trop de « < » sans « > » qui les ferme (ici : « {shown} ») : Markdown "
                    "mettrait des minutes à les lire ; écrivez « &lt; » pour un signe "
                    "« < », ou fermez la balise ou l'adresse par « > »",
                )
            ]
    return []

import os
from pathlib import Path

import pytest

from generator.cache import NO_CACHE, BuildCache, Cache
from generator.model import source
from generator.model.problems import Problem
from generator.model.source import SourceDocument, read_document


def _read(tmp_path: Path, raw: bytes, cache: Cache = NO_CACHE) -> SourceDocument | Problem:
    path = tmp_path / "s.md"
    path.write_bytes(raw)
    return read_document(path, Path("stories/s.md"), cache)


def test_front_matter_lines_and_body(tmp_path: Path) -> None:
    document = _read(tmp_path, b"---\ntitle: a\n\nregion: b\n---\n\nLe corps.\n")
    assert isinstance(document, SourceDocument)
    assert document.front_matter.line_of(("region",)) == 4
    assert document.body == "Le corps.\n"
    assert document.body_line == 7


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    document = _read(tmp_path, b"\xef\xbb\xbf---\r\ntitle: a\r\n---\r\nCorps\r\n")
    assert isinstance(document, SourceDocument)
    assert document.front_matter.data == {"title": "a"}
    assert document.body == "Corps\n"


def test_problems_instead_of_exceptions(tmp_path: Path) -> None:
    cases = {
        b"": "stories/s.md:1: fichier: le fichier est vide",
        b"  \n\n": "stories/s.md:1: fichier: le fichier est vide",
        b"Pas d'en-t\xc3\xaate\n": "stories/s.md:1: en-tête: en-tête YAML absent",
        b"---\ntitle: a\n": "stories/s.md:1: en-tête: en-tête YAML non fermé",
        b"---\ntitle: a\n---\n\xe9t\xe9\n": (
            "stories/s.md:4: fichier: le fichier n'est pas encodé en UTF-8"
        ),
        b"---\ntitle: a\n  b: c\n---\n": "stories/s.md:3: yaml: YAML invalide",
    }
    for raw, expected in cases.items():
        problem = _read(tmp_path, raw)
        assert isinstance(problem, Problem), raw
        assert str(problem).startswith(expected), str(problem)


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    cache = BuildCache()
    first = _read(tmp_path, b"---\ntitle: a\n---\nCorps\n", cache)
    assert _read(tmp_path, b"---\ntitle: a\n---\nCorps\n", cache) is first
    assert _read(tmp_path, b"---\ntitle: a\n---\nCorps\n") is not first  # no cache, no reuse
    changed = _read(tmp_path, b"---\ntitle: b\n---\nCorps\n", cache)
    assert isinstance(changed, SourceDocument) and changed is not first
    assert changed.front_matter.data == {"title": "b"}


def test_a_file_whose_status_did_not_change_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview trusts a file's status (size, times, inode) once it is a few seconds
    old; a save of the same length still changes its times, and is read."""
    monkeypatch.setattr(source, "RECENT_NS", 0)
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: a\n---\nCorps\n")
    cache = BuildCache()
    first = read_document(path, Path("a.md"), cache)
    assert isinstance(first, SourceDocument)
    reads: list[Path] = []
    monkeypatch.setattr(source, "read_bounded", lambda file, limit: reads.append(file) or b"")
    assert read_document(path, Path("a.md"), cache) is first
    assert reads == []
    monkeypatch.undo()
    monkeypatch.setattr(source, "RECENT_NS", 0)
    before = os.stat(path).st_mtime_ns
    path.write_bytes(b"---\ntitle: b\n---\nCorps\n")  # same length
    os.utime(path, ns=(before + 1_000_000, before + 1_000_000))  # whatever the clock's grain
    changed = read_document(path, Path("a.md"), cache)
    assert isinstance(changed, SourceDocument) and changed.front_matter.data == {"title": "b"}


def test_a_file_changed_in_the_last_seconds_is_read_again(tmp_path: Path) -> None:
    """Within `RECENT_NS` of its last change a file is read whatever its status says: a file
    system counting whole seconds gives two quick saves the same time."""
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: a\n---\nCorps\n")
    cache = BuildCache()
    first = read_document(path, Path("a.md"), cache)
    status = path.stat()
    path.write_bytes(b"---\ntitle: b\n---\nCorps\n")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # the same times as before
    changed = read_document(path, Path("a.md"), cache)
    assert changed is not first
    assert isinstance(changed, SourceDocument) and changed.front_matter.data == {"title": "b"}

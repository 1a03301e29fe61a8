"""Problems that only show across files."""

from pathlib import Path

from tests.conftest import story_text
from tests.helpers import collect, messages


def test_duplicate_slug_in_two_folders(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        {
            "stories/a/echo.md": story_text(title="Un"),
            "stories/b/echo.md": story_text(title="Deux"),
        },
    )
    assert found == [
        "stories/b/echo.md:1: fichier: nom de fichier déjà utilisé par stories/a/echo.md : deux "
        "récits ne peuvent pas avoir la même adresse ; renommez l'un des deux"
    ]


def test_duplicate_title_ignoring_case_and_accents(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        {
            "stories/a.md": story_text(title="Projet Écho"),
            "stories/b.md": story_text(title="projet echo"),
        },
    )
    assert found == ["stories/b.md:2: title: titre « projet echo » déjà utilisé par stories/a.md"]


def test_dangling_and_self_related(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        {
            "stories/projet-echo.md": story_text(title="A"),
            "stories/reva.md": story_text(title="B", related=["projet-eco", "reva", "projet-echo"]),
        },
    )
    assert found == [
        "stories/reva.md:14: related: récit « projet-eco » introuvable : vouliez-vous dire "
        "« projet-echo » ?",
        "stories/reva.md:15: related: un récit ne peut pas être lié à lui-même",
    ]


def test_file_name_must_be_a_slug(tmp_path: Path) -> None:
    found = messages(tmp_path, {"stories/Projet Écho.md": story_text()})
    assert found == [
        "stories/Projet Écho.md:1: fichier: nom de fichier « Projet Écho.md » invalide : il "
        "devient l'adresse du récit ; utilisez minuscules sans accents, chiffres et traits "
        "d'union : vouliez-vous dire « projet-echo.md » ?"
    ]


def test_drafts_are_left_out_of_the_build_but_checked(tmp_path: Path) -> None:
    files = {
        "stories/brouillon.md": story_text(title="B", draft=True),
        "stories/public.md": story_text(title="P"),
    }
    assert [s.slug for s in collect(tmp_path, files).stories] == ["public"]
    assert [s.slug for s in collect(tmp_path, files, drafts=True).stories] == [
        "brouillon",
        "public",
    ]
    broken = {"stories/brouillon.md": story_text(title="B", draft=True, region="x")}
    assert len(collect(tmp_path, broken).errors) == 1


def test_published_story_cannot_point_to_a_draft(tmp_path: Path) -> None:
    files = {
        "stories/brouillon.md": story_text(title="B", draft=True),
        "stories/public.md": story_text(title="P", related=["brouillon"]),
    }
    assert messages(tmp_path, files) == [
        "stories/public.md:14: related: le récit « brouillon » est un brouillon (draft: true) "
        "et ne sera pas publié"
    ]
    assert collect(tmp_path, files, drafts=True).problems == []


def test_stories_newest_first_then_by_slug(tmp_path: Path) -> None:
    files = {
        "stories/b.md": story_text(title="1", date="2012-01-01"),
        "stories/a.md": story_text(title="2", date="2012-01-01"),
        "stories/c.md": story_text(title="3", date="2013-01-01"),
        "stories/.cache/x.md": "pas un récit",
    }
    assert [s.slug for s in collect(tmp_path, files).stories] == ["c", "a", "b"]

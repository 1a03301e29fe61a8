"""`oqrls check` and `oqrls new`, run as brokers run them."""

import hashlib

from tests.conftest import Project, story_text


def test_check_passes_on_valid_content(project: Project) -> None:
    project.story("a")
    result = project.check()
    assert result.returncode == 0, result.stdout
    assert (
        result.stdout
        == "oqrls check : 1 récit(s) et 0 bulletin(s) publiables — 0 erreur, 0 avertissement\n"
    )


def test_check_lists_every_problem_and_a_total(project: Project) -> None:
    project.story("a", region="nulle-part")
    project.write("stories/b.md", "")
    result = project.check()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("stories/a.md:4: region: terme inconnu « nulle-part »")
    assert lines[1] == "stories/b.md:1: fichier: le fichier est vide"
    assert (
        lines[2]
        == "oqrls check : 0 récit(s) et 0 bulletin(s) publiables — 2 erreurs, 0 avertissement"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_check_given_paths_reports_only_those(project: Project) -> None:
    project.story("a", region="nulle-part")
    project.story("b", partners="CSSS")
    result = project.check("stories/b.md")
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == ["stories/b.md"]


def test_check_a_file_outside_the_stories_folder(project: Project) -> None:
    project.story("a")
    project.write("brouillons/x.md", story_text(title="Autre", date="2012-13-01"))
    result = project.check("brouillons/x.md")
    assert result.returncode == 1
    assert result.stdout.startswith("brouillons/x.md:3: date: date impossible")


def test_check_never_modifies_content(project: Project) -> None:
    project.story("a", region="x")
    project.write("stories/b.md", b"\xef\xbb\xbf---\r\ntitle: b\r\n---\r\n")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in project.stories.rglob("*")}
    project.check()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in project.stories.rglob("*")}
    assert before == after


def test_new_writes_a_template_that_check_explains(project: Project) -> None:
    result = project.run("generator.tools.cli", "new", "L'initiative « Écho » à Québec")
    assert result.returncode == 0
    path = project.stories / "l-initiative-echo-a-quebec.md"
    text = path.read_text("utf-8")
    assert 'title: "L\'initiative « Écho » à Québec"' in text
    assert text.startswith(
        "---\n# yaml-language-server: $schema=https://oqrls.example.org/schema/story.schema.json\n"
    )
    for key in ("region", "rls", "population", "partners", "sectors", "programs", "objectives",
                "success_factors", "outcomes", "determinants", "challenges", "summary",
                "related", "tags", "draft"):  # fmt: skip
        assert f"\n{key}:" in text or f"\n# {key}:" in text, key
    check = project.check()
    assert check.returncode == 1
    assert (
        "stories/l-initiative-echo-a-quebec.md:19: population: ne doit pas être vide"
        in check.stdout
    )


def test_new_refuses_to_overwrite(project: Project) -> None:
    path = project.story("projet-echo", title="Projet Écho")
    before = path.read_bytes()
    result = project.run("generator.tools.cli", "new", "Projet Écho")
    assert result.returncode == 1
    assert "existe déjà" in result.stderr
    assert path.read_bytes() == before

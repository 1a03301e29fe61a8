"""`oqrls check` and `oqrls new`, run as brokers run them."""

import datetime
import hashlib
import re

import yaml

from tests.conftest import Project, story_text


def test_check_passes_on_valid_content(project: Project) -> None:
    project.story("a")
    result = project.check()
    assert result.returncode == 0, result.stdout
    assert (
        result.stdout
        == "oqrls check : 1 récit et 0 bulletin publiables — 0 erreur, 0 avertissement\n"
    )


def test_check_lists_every_problem_and_a_total(project: Project) -> None:
    project.story("a", region="nulle-part")
    project.write("stories/b.md", "")
    result = project.check()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("stories/a.md:4: region: terme inconnu « nulle-part »")
    assert lines[1] == "stories/b.md:1: fichier: le fichier est vide"
    assert lines[2] == "oqrls check : 0 récit et 0 bulletin publiables — 2 erreurs, 0 avertissement"
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


def _bulletin(number: object, stories: list[str], **fields: object) -> str:
    data = {"title": f"Numéro {number}", "number": number, "date": "2013-03-05",
            "description": "Un numéro.", "stories": stories, **fields}  # fmt: skip
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n\nTexte.\n"


def test_check_summary_counts_drafts(project: Project) -> None:
    project.story("a")
    project.story("b", draft=True)
    project.story("c", draft=True)
    result = project.check()
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        "oqrls check : 1 récit et 0 bulletin publiables, 2 brouillons non publiés "
        "(draft: true) — 0 erreur, 0 avertissement\n"
    )


def test_check_reports_a_duplicate_number_with_the_other_errors(project: Project) -> None:
    project.story("a")
    project.write("bulletins/premier.md", _bulletin(4, ["a"]))
    project.write("bulletins/second.md", _bulletin(4, ["inconnu"]))  # two problems at once
    result = project.check()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "bulletins/second.md:7: stories: récit « inconnu » introuvable" in lines
    assert "bulletins/second.md:3: number: numéro 4 déjà utilisé par bulletins/premier.md" in lines
    alone = project.check("bulletins/premier.md").stdout
    assert "bulletins/premier.md:3: number: numéro 4 aussi utilisé par bulletins/second.md" in alone


def test_new_bulletin_takes_the_next_number_and_today(project: Project) -> None:
    project.story("a", date="2012-01-01")
    project.write("bulletins/premier.md", _bulletin(1, ["a"]))
    project.write("bulletins/casse.md", _bulletin(7, ["inconnu"]))  # refused, number taken
    result = project.run("generator.tools.cli", "new", "bulletin", "Prévenir les chutes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Numéro 8 de Le Relais créé : bulletins/prevenir-les-chutes.md\n"
    text = (project.root / "bulletins/prevenir-les-chutes.md").read_text("utf-8")
    assert 'title: "Prévenir les chutes"' in text
    assert "\nnumber: 8\n" in text
    assert f"\ndate: {datetime.date.today().isoformat()}\n" in text
    assert "\n# select:\n" in text and "::: liste" in text and "::: recit" in text
    check = project.check("bulletins/prevenir-les-chutes.md")
    # Only its placeholders are to fill: the help text in its body is not taken for blocks.
    assert check.stdout.splitlines()[:-1] == [
        "bulletins/prevenir-les-chutes.md:13: description: ne doit pas être vide"
    ]
    again = project.run("generator.tools.cli", "new", "bulletin", "Prévenir les chutes")
    assert again.returncode == 1 and "existe déjà" in again.stderr


def test_new_bulletin_in_a_site_without_bulletins(project: Project) -> None:
    (project.root / "bulletins").rmdir()
    result = project.run("generator.tools.cli", "new", "bulletin", "Premier numéro")
    assert result.returncode == 0, result.stderr
    assert "\nnumber: 1\n" in (project.root / "bulletins/premier-numero.md").read_text("utf-8")


ENGLISH = re.compile(r"usage:|positional arguments|optional arguments|show this help|"
                     r"the following|required|invalid choice|expected")  # fmt: skip


def test_help_and_usage_errors_are_in_french(project: Project) -> None:
    outputs = []
    for args in (["--help"], ["new", "--help"], ["check", "--help"], ["report", "--help"],
                 [], ["new"], ["chek"], ["new", "a", "b", "c"]):  # fmt: skip
        result = project.run("generator.tools.cli", *args)
        outputs.append(result.stdout + result.stderr)
    assert all(not ENGLISH.search(text) for text in outputs), outputs
    assert outputs[0].startswith("utilisation : oqrls")
    assert "afficher cette aide" in outputs[0]
    assert 'oqrls new bulletin "Titre"' in outputs[1].replace("\n", " ")
    assert "oqrls : erreur : COMMANDE : 'chek' n'existe pas" in outputs[6]


def test_the_readme_commands_run_without_activation() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text("utf-8")
    # A command on a line of its own (a code block) is copied as it is: never a bare
    # `oqrls` or `mkdocs`, which only an activated environment finds (the total that
    # `oqrls check :` prints is output, not a command).
    bare = re.findall(r"^ {4}(?:oqrls|mkdocs) [a-z-]+\b(?! :).*$", readme, re.MULTILINE)
    assert bare == []
    commands = re.findall(r"\.venv/bin/oqrls ([a-z-]+)", readme)
    assert {"new", "check"} <= set(commands)
    assert set(commands) <= {"new", "check", "report", "--help"}
    assert 'oqrls = "generator.tools.cli:main"' in (REPO / "pyproject.toml").read_text("utf-8")

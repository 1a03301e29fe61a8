"""`oqrls report`: the pull request's summary, against a git base."""

import subprocess

from tests.conftest import Project


def _git(project: Project, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=project.root, check=True, capture_output=True,
    )  # fmt: skip


def test_report_against_the_base_branch(project: Project) -> None:
    project.story("a", region="estrie")
    project.story("b", region="laval")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    project.story("b", region="laval", population="Autre population")
    project.story("c", title="Nouveau récit", region="estrie")
    project.story("d", region="nulle-part")
    result = project.run("generator.tools.cli", "report", "--base", "HEAD")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "- ` stories/d.md:4: region: terme inconnu « nulle-part »" in report
    assert "### Récits ajoutés (1)\n\n- Nouveau récit (` stories/c.md `)" in report
    assert "### Récits modifiés (1)\n\n- Initiative b (` stories/b.md `)" in report
    assert "### Récits retirés (0)" in report
    assert "| Régions | Estrie | 1 | 2 | +1 |" in report


def test_report_without_base_and_with_a_bad_base(project: Project) -> None:
    project.story("a")
    plain = project.run("generator.tools.cli", "report")
    assert plain.returncode == 0 and "Aucun problème." in plain.stdout
    assert "Récits ajoutés" not in plain.stdout
    bad = project.run("generator.tools.cli", "report", "--base", "inexistante")
    assert bad.returncode == 2
    assert "oqrls report : révision inexistante illisible" in bad.stderr


def test_a_title_cannot_add_markup_to_the_report(project: Project) -> None:
    _git(project, "init", "-q")
    project.story("a")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    project.story("b", title="# [Cliquez](https://evil.example) ![x](y.png) <b>gras</b>")
    project.story("c", region="`nulle` [part](https://evil.example)")
    report = project.run("generator.tools.cli", "report", "--base", "HEAD").stdout
    added = report.split("### Récits ajoutés (1)\n\n")[1].split("\n\n")[0].splitlines()
    assert added[0] == (
        "- \\# \\[Cliquez\\]\\(https\\:\\/\\/evil\\.example\\) \\!\\[x\\]\\(y\\.png\\) "
        "\\<b\\>gras\\<\\/b\\> (` stories/b.md `)"
    )
    problem = "stories/c.md:4: region: terme inconnu « `nulle` [part](https://evil.example) »"
    assert f"- `` {problem}" in report

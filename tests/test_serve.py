"""`mkdocs serve`, the brokers' preview: a typo is reported and the server keeps going."""

from pathlib import Path

from tests.conftest import Project, story_text
from tests.helpers import free_port, http_get, mkdocs_serve, wait_until


def test_serve_reports_invalid_story_and_keeps_running(project: Project, tmp_path: Path) -> None:
    project.story("a", title="Premier titre")
    project.story("b", title="Brouillon visible", draft=True)
    log = tmp_path / "serve.log"
    with mkdocs_serve(project.root, free_port(), log) as base:
        assert wait_until(lambda: "Premier titre" in http_get(base + "recits/a/"))
        assert "Brouillon visible" in http_get(base + "recits/b/")  # drafts are previewed

        project.write("stories/a.md", story_text(title="Premier titre", region="nulle-part"))
        assert wait_until(lambda: "stories/a.md:4: region" in log.read_text("utf-8"))
        assert "Brouillon visible" in http_get(base + "recits/b/")

        project.write("stories/a.md", story_text(title="Titre corrigé"))
        assert wait_until(lambda: "Titre corrigé" in http_get(base + "recits/a/"))


def test_serve_rebuilds_only_what_an_edit_changes(project: Project, tmp_path: Path) -> None:
    for slug in "abc":
        project.story(slug, title=f"Titre {slug}", success_factors=["vision-commune"])
    project.story("d", title="Titre d", region="07", success_factors=["ecoute-population"],
                  outcomes=["continuite"])  # fmt: skip
    log = tmp_path / "serve.log"
    with mkdocs_serve(project.root, free_port(), log) as base:
        assert wait_until(lambda: "Titre a" in http_get(base + "recits/a/"))
        project.write(
            "stories/a.md", story_text(title="Titre revu", success_factors=["vision-commune"])
        )
        # The story, the story that lists it as related, the catalogue: all fresh.
        assert wait_until(lambda: "Titre revu" in http_get(base + "recits/a/"))
        for page in ("recits/b/", "catalogue/", "regions/estrie/"):
            assert "Titre revu" in http_get(base + page), page
        text = log.read_text("utf-8")
        assert "pages refaites" in text and "'dirty' build" not in text
        rebuilt, unchanged = text.rsplit("aperçu : ", 1)[1].split(" pages refaites, ")
        # d, its region, factor, outcome and year, the search page: left as they were.
        assert int(rebuilt) > 0 and int(unchanged.split(" ")[0]) >= 6

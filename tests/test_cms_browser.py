"""The brokers' editor (Decap CMS) in Chromium, against decap-server on loopback.

Each test builds a throw-away site whose editor saves into the test's own project folder,
then checks the files written with `oqrls check`, as a broker's commit would be checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import serve
from tests.conftest import Project, make_project
from tests.decap import admin_site, decap_server, require_modules
from tests.helpers import free_port, mkdocs_serve, wait_until

EDITED_STORY = """\
---
# yaml-language-server: $schema=https://oqrls.example.org/schema/story.schema.json
# Note de la courtière : vérifier le nom du CLSC avec l'équipe avant de publier.
title: "Projet Écho : des services intensifs à domicile"
date: 2011-05-11
region: Estrie            # écrit par son libellé, pas par son identifiant
rls: RLS de Gatineau
population: Familles de jeunes
partners:
- Centre jeunesse
- 'CSSS, volet famille'
success_factors: [vision-commune, mecanismes-partenariat]
outcomes: [continuite]
summary: >-
  Un coup d'œil plié
  sur deux lignes.
tags: [famille, jeunesse]
---

Le texte du récit.

!!! note "À retenir"
    Un encadré que l'éditeur ne doit pas toucher.
"""


@dataclass
class Admin:
    """A built site with its editor, served on loopback, and decap-server writing `project`."""

    project: Project
    url: str
    page: Any
    requests: list[str]

    def login(self) -> None:
        self.page.goto(self.url + "admin/")
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.get_by_text("Récits").first.wait_for()

    def open(self, fragment: str) -> None:
        self.page.goto(self.url + "admin/#/" + fragment)
        self.page.get_by_label("Titre", exact=True).wait_for()
        self.page.wait_for_load_state("networkidle")  # the entry read from decap-server

    def choose(self, key: str, text: str) -> None:
        """Pick an option of a select or relation widget by typing part of its label."""
        box = self.page.locator(f"[id^={key}-field-]").first
        box.click()
        box.fill(text)
        self.page.locator("[class*=-option]").filter(has_text=text).first.click()

    def add_item(self, key: str, label: str, text: str) -> None:
        self.page.get_by_role("button", name=f"Ajouter {label}").click()
        self.page.locator(f"[id^={key}-field-]").last.fill(text)

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publier").first.click()
        self.page.get_by_text("Publier maintenant").click()

    def field_errors(self, key: str) -> str:
        """The refusals Decap shows on the field of `key` (its list above the field's label),
        once there is one."""
        errors = self.page.locator(f"label[for^={key}-field-] >> xpath=.. >> ul li")
        errors.first.wait_for(timeout=10_000)
        return " ; ".join(errors.all_text_contents())  # as written, not upper-cased by CSS

    def toast(self) -> str:
        alert = self.page.get_by_text("Échec de l'enregistrement").first
        alert.wait_for(timeout=10_000)
        return str(alert.inner_text())


@pytest.fixture(scope="module")
def modules() -> Path:
    return require_modules()


@pytest.fixture
def admin(tmp_path: Path, browser: Any, modules: Path) -> Iterator[Admin]:
    project = make_project(tmp_path / "site-cms")
    project.story("programme-reva", title="Programme REVA : revenir vers l'emploi",
                  date="2010-02-03")  # fmt: skip
    project.write("stories/projet-echo.md", EDITED_STORY)
    port = free_port()
    admin_site(project, port)
    built = project.build()
    assert built.returncode == 0, built.stderr
    with decap_server(project.root, port), serve(project.root / "site") as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        yield Admin(project, url, page, requests)
        page.close()


def test_a_story_created_through_the_form_passes_oqrls_check(admin: Admin) -> None:
    admin.login()
    admin.open("collections/recits/new")
    page = admin.page
    page.get_by_label("Titre", exact=True).fill("L'école des parents : « réussir ensemble »")
    page.get_by_label("Date de publication").fill("2013-04-05")
    admin.choose("region", "Estrie")
    page.get_by_label("Population", exact=True).fill("Parents d'élèves du primaire")
    # One line per partner, commas kept (Decap's list widget nested each under « 1 partners »).
    page.get_by_label("Partenaires", exact=True).fill(
        "CLSC de la Pommeraie, volet famille\nÉcole Saint-Joseph"
    )
    admin.choose("success_factors", "Vision commune")
    admin.choose("outcomes", "Accessibilité")
    admin.publish()
    # The name `oqrls new` gives: the apostrophe becomes a hyphen (Decap alone: « lecole »).
    created = admin.project.stories / "l-ecole-des-parents-reussir-ensemble.md"
    assert wait_until(created.exists, 20)
    text = created.read_text("utf-8")
    # The `$schema` line of `oqrls new`: the site's address (mkdocs.yml), not the preview's.
    assert text.startswith(
        "---\n# yaml-language-server: $schema=https://oqrls.example.org/schema/story.schema.json\n"
    )
    assert "partners:\n  - CLSC de la Pommeraie, volet famille\n  - École Saint-Joseph\n" in text
    assert "region: [estrie]" in text and "draft: true" in text
    checked = admin.project.check(str(created.relative_to(admin.project.root)))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_story_without_partner_is_not_saved(admin: Admin) -> None:
    admin.login()
    admin.open("collections/recits/new")
    page = admin.page
    page.get_by_label("Titre", exact=True).fill("Une initiative sans partenaire")
    page.get_by_label("Date de publication").fill("2013-04-05")
    admin.choose("region", "Estrie")
    page.get_by_label("Population", exact=True).fill("Aînés")
    admin.choose("success_factors", "Vision commune")
    admin.choose("outcomes", "Accessibilité")
    admin.page.get_by_label("Partenaires", exact=True).fill("  \n ")  # blank lines: no partner
    admin.publish()
    # Refused on the field itself, in French.
    assert admin.field_errors("partners")
    assert "Error" not in admin.field_errors("partners")
    assert not (admin.project.stories / "une-initiative-sans-partenaire.md").exists()


def test_a_save_that_oqrls_check_would_refuse_is_refused_in_french(admin: Admin) -> None:
    path = admin.project.write(
        "stories/terme-inconnu.md",
        EDITED_STORY.replace("outcomes: [continuite]", "outcomes: [continuite, bien-etre]"),
    )
    before = path.read_bytes()
    admin.login()
    admin.open("collections/recits/entries/terme-inconnu")
    admin.page.get_by_label("Population", exact=True).fill("Familles")
    admin.publish()
    # Under the field of the unknown term, with the words of `oqrls check`.
    assert admin.field_errors("outcomes") == (
        "terme inconnu « bien-etre » dans le vocabulaire « Retombées »"
    )
    assert path.read_bytes() == before


def test_editing_a_story_changes_only_the_field_edited(admin: Admin) -> None:
    path = admin.project.stories / "projet-echo.md"
    admin.login()
    admin.open("collections/recits/entries/projet-echo")
    population = admin.page.get_by_label("Population", exact=True)
    assert population.input_value() == "Familles de jeunes"
    population.fill("Familles de jeunes en difficulté")
    admin.publish()
    assert wait_until(lambda: "en difficulté" in path.read_text("utf-8"), 20)
    expected = EDITED_STORY.replace(
        "population: Familles de jeunes\n", "population: Familles de jeunes en difficulté\n"
    )
    assert path.read_text("utf-8") == expected  # comments, order, quoting, text: all kept
    checked = admin.project.check("stories/projet-echo.md")
    assert checked.returncode == 0, checked.stdout


def test_a_bulletin_picks_its_stories_with_the_relation_widget(admin: Admin) -> None:
    admin.login()
    admin.open("collections/bulletins/new")
    page = admin.page
    page.get_by_label("Titre", exact=True).fill("Le Relais : l'emploi d'abord")
    page.get_by_label("Numéro").fill("7")
    page.get_by_label("Date de parution").fill("2014-01-15")
    page.get_by_label("Description").fill("Deux initiatives pour l'emploi.")
    admin.choose("stories", "Programme REVA")
    admin.publish()
    created = admin.project.root / "bulletins" / "le-relais-l-emploi-d-abord.md"
    assert wait_until(created.exists, 20)
    text = created.read_text("utf-8")
    assert "stories:\n  - programme-reva\n" in text and "number: 7\n" in text
    checked = admin.project.check()
    assert checked.returncode == 0, checked.stdout


def test_the_admin_page_asks_no_other_host(admin: Admin) -> None:
    admin.login()
    admin.open("collections/recits/entries/projet-echo")
    admin.page.goto(admin.url + "admin/#/collections/bulletins")
    admin.page.get_by_text("Le Relais").first.wait_for()
    admin.page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).hostname for url in admin.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts


def test_the_preview_pane_shows_the_story_as_the_site_does(admin: Admin) -> None:
    admin.login()
    admin.open("collections/recits/entries/projet-echo")
    preview = admin.page.frame_locator("iframe").first
    fiche = preview.locator(".oqrls-fiche")
    # Labels, as on the story's page, never the ids written in the file.
    fiche.get_by_text("Vision commune centrée sur les besoins de la population").wait_for()
    shown = preview.locator("body").inner_text()
    assert "Continuité des services" in shown and "Mécanismes de partenariat" in shown
    assert "Estrie" in shown and "Centre jeunesse, CSSS, volet famille" in shown
    for term_id in ("vision-commune", "mecanismes-partenariat", "continuite"):
        assert term_id not in shown
    assert preview.locator("h1").inner_text() == "Projet Écho : des services intensifs à domicile"
    # With the site's own style sheets (Material's and the generator's), not Decap's serif.
    sheets = preview.locator("link[rel=stylesheet]").evaluate_all("ls => ls.map(l => l.href)")
    assert any(re.search(r"/assets/stylesheets/main\.[0-9a-f]+\.min\.css$", s) for s in sheets)
    assert any(s.endswith("/assets/stylesheets/oqrls.css") for s in sheets)
    font = preview.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    assert "serif" not in font.replace("sans-serif", ""), font


def test_a_refusal_is_shown_on_its_field_in_french(admin: Admin) -> None:
    path = admin.project.stories / "projet-echo.md"
    before = path.read_bytes()
    admin.login()
    admin.open("collections/recits/entries/projet-echo")
    admin.page.get_by_label("Titre", exact=True).fill("   ")
    admin.publish()
    assert admin.field_errors("title") == "ne doit pas être vide"
    assert path.read_bytes() == before
    admin.page.get_by_label("Titre", exact=True).fill("Projet Écho, deuxième phase")
    admin.publish()
    assert wait_until(lambda: "deuxième phase" in path.read_text("utf-8"), 20)
    assert admin.project.check("stories/projet-echo.md").returncode == 0


def test_a_save_in_mkdocs_serve_does_not_reload_the_editor(
    tmp_path: Path, browser: Any, modules: Path
) -> None:
    project = make_project(tmp_path / "site-apercu")
    project.story("programme-reva", title="Programme REVA : revenir vers l'emploi")
    decap_port = free_port()
    admin_site(project, decap_port)
    with (
        decap_server(project.root, decap_port),
        mkdocs_serve(project.root, free_port(), tmp_path / "serve.log") as url,
    ):
        # A page of the site, which mkdocs serve reloads after each rebuild: the witness.
        witness = browser.new_page()
        witness.goto(url + "recits/programme-reva/")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        admin = Admin(project, url, page, [])
        admin.login()
        admin.open("collections/recits/new")
        page.evaluate("window.oqrlsSameEditor = true")
        page.get_by_label("Titre", exact=True).fill("Un récit écrit pendant l'aperçu")
        admin.choose("region", "Estrie")
        page.get_by_label("Population", exact=True).fill("Aînés")
        page.get_by_label("Partenaires", exact=True).fill("CLSC")
        admin.choose("success_factors", "Vision commune")
        admin.choose("outcomes", "Accessibilité")
        with witness.expect_event("load", timeout=60_000):  # the rebuild after the save
            admin.publish()
        created = project.stories / "un-recit-ecrit-pendant-l-apercu.md"
        assert created.exists()
        # The editor was not reloaded: same page, same form, no « Loading configuration… ».
        assert page.evaluate("window.oqrlsSameEditor") is True
        # `$schema` from mkdocs.yml's site_url, not the preview's 127.0.0.1 address.
        text = created.read_text("utf-8")
        assert text.startswith(
            "---\n# yaml-language-server: $schema="
            "https://oqrls.example.org/schema/story.schema.json\n"
        ), text
        assert "127.0.0.1" not in text
        witness.close()
        page.close()

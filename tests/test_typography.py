import re

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.outputs.typography import NBSP, NNBSP, french_spacing, french_spacing_html


def test_spaces_before_colon_and_inside_guillemets() -> None:
    assert french_spacing("Projet Écho : des « services »") == (
        f"Projet Écho{NBSP}: des «{NBSP}services{NBSP}»"
    )
    assert french_spacing("Note: fin") == f"Note{NBSP}: fin"
    assert french_spacing("«cité»") == f"«{NBSP}cité{NBSP}»"


def test_narrow_space_before_tall_punctuation_only_where_the_text_has_a_space() -> None:
    assert french_spacing("Quoi ? Oui ! Ici ; là") == f"Quoi{NNBSP}? Oui{NNBSP}! Ici{NNBSP}; là"
    assert french_spacing(f"Déjà{NBSP}?") == f"Déjà{NNBSP}?"
    for text in ("Quoi?", "Yahoo!", "a;b", "https://exemple.org/?q=1", "&amp; fin"):
        assert french_spacing(text) == text


def test_apostrophes_after_a_letter_become_typographic() -> None:
    assert french_spacing("L'école d'aujourd'hui, qu'il") == "L’école d’aujourd’hui, qu’il"
    assert french_spacing("5' et ' seul") == "5' et ' seul"


def test_escaped_apostrophes_in_html_become_typographic_too() -> None:
    html = "<p>Numéro d&#39;essai, l&#x27;x</p>"
    assert french_spacing_html(html) == "<p>Numéro d’essai, l’x</p>"
    assert french_spacing_html('<a title="l&#39;x">&#39;</a>') == '<a title="l&#39;x">&#39;</a>'


def test_colon_after_a_link_or_bold_text() -> None:
    html = '<p><strong>Objectif</strong> : x <a href="/a">lien</a> ? <em>e</em>: f</p><p> : g</p>'
    assert french_spacing_html(html) == (
        f'<p><strong>Objectif</strong>{NBSP}: x <a href="/a">lien</a>{NNBSP}? '
        f"<em>e</em>{NBSP}: f</p><p> : g</p>"
    )


def test_times_urls_and_ratios_are_left_alone() -> None:
    for text in ("À 10:30", "https://exemple.org/a:b", "ratio 3:1", "mailto:x@y"):
        assert french_spacing(text) == text


def test_html_pass_skips_attributes_and_code() -> None:
    html = '<a title="a : b" href="/x:y">Lien : ici</a><code>c : d</code><pre>e : f</pre>g :'
    assert french_spacing_html(html) == (
        f'<a title="a : b" href="/x:y">Lien{NBSP}: ici</a><code>c : d</code><pre>e : f</pre>'
        f"g{NBSP}:"
    )


def test_markdown_extension_works_on_text_nodes_only() -> None:
    source = 'Titre : « cité » `a : b` [lien](http://a/b:c "t : u")\n\n    bloc : code\n'
    html = markdown.markdown(source, extensions=["generator.outputs.typography"])
    assert f"Titre{NBSP}: «{NBSP}cité{NBSP}»" in html
    assert "<code>a : b</code>" in html and "bloc : code" in html
    assert 'href="http://a/b:c" title="t : u"' in html


def test_markdown_with_the_site_extensions_converts_apostrophes_not_quotes() -> None:
    from generator.settings import settings_from_mkdocs_yml
    from tests.conftest import REPO

    settings = settings_from_mkdocs_yml(REPO / "mkdocs.yml")
    source = (
        "L'école : \"droit\" -- ... « cité » **Gras** : fin ; [lien](http://a/?b) ! `l'x : y`\n"
    )
    html = markdown.markdown(
        source,
        extensions=list(settings.markdown_extensions),
        extension_configs=dict(settings.markdown_configs),
    )
    assert f'L’école{NBSP}: "droit" -- ... «{NBSP}cité{NBSP}»' in html
    assert f"<strong>Gras</strong>{NBSP}: fin{NNBSP}; " in html
    assert f'<a href="http://a/?b">lien</a>{NNBSP}!' in html
    assert "<code>l'x : y</code>" in html


def test_headings_in_the_table_of_contents_are_typeset_too() -> None:
    converter = markdown.Markdown(extensions=["generator.outputs.typography", "toc"])
    converter.convert("## L'équipe : qui ?\n")
    # (The table of contents folds every space into a plain one, no-break spaces included.)
    assert converter.toc_tokens[0]["name"] == "L’équipe : qui ?"  # type: ignore[attr-defined]


def test_built_pages_follow_french_typography(project) -> None:  # type: ignore[no-untyped-def]
    project.story(
        "a",
        title="Projet : un « titre »",
        population="Aînés : tous",
        body="Le corps : un « texte » et `code : brut`.\n",
    )
    assert project.build().returncode == 0
    page = project.html("recits/a/index.html")
    title = f"Projet{NBSP}: un «{NBSP}titre{NBSP}»"
    assert f'<h1 id="titre-recit" tabindex="-1" data-pagefind-weight="10">{title}</h1>' in page
    assert f"Aînés{NBSP}: tous" in page
    assert f"Le corps{NBSP}: un «{NBSP}texte{NBSP}»" in page and "<code>code : brut</code>" in page
    assert f"<title>Projet{NBSP}: un «{NBSP}titre{NBSP}»" in page
    card = project.html("coups-doeil/index.html")
    assert f">Projet{NBSP}: un «{NBSP}titre{NBSP}»</a>" in card


FRAGMENTS = ["<p>", "</p>", '<a href="/x:y?z">', "</a>", "<strong>", "</strong>", "<em>", "</em>",
             "<br>", "l'école", "d&#39;un", " : ", ":", " ; ", ";", " !", "?", " ?", "«", "»",
             "&amp;", "&nbsp;", " ", "mot", "\u00a0", "5'"]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_the_quick_path_typesets_as_the_full_one(fragments: list[str]) -> None:
    """Without code in it, HTML takes a quicker path: it must give the same text."""
    html = "".join(fragments)
    full = french_spacing_html(html + "<code></code>").removesuffix("<code></code>")
    assert french_spacing_html(html) == full


def test_aria_labels_are_typeset_but_not_other_attributes_or_code() -> None:
    html = (
        '<nav class="x" aria-label="Fil d&#39;Ariane : ici"><a title="a : b" href="/x:y">'
        "L'accueil</a></nav><code>&lt;b aria-label=\"l'x : y\"&gt;</code>"
    )
    assert french_spacing_html(html) == (
        f'<nav class="x" aria-label="Fil d’Ariane{NBSP}: ici"><a title="a : b" href="/x:y">'
        'L’accueil</a></nav><code>&lt;b aria-label="l\'x : y"&gt;</code>'
    )


def test_titles_of_the_nav_and_the_table_of_contents_are_typeset() -> None:
    from types import SimpleNamespace

    from generator.outputs.typography import typeset_titles

    anchor = SimpleNamespace(title="L'équipe : qui ?", children=[])
    section = SimpleNamespace(title="Coups d'œil", children=[anchor])
    typeset_titles([section])
    assert section.title == "Coups d’œil"
    assert anchor.title == f"L’équipe{NBSP}: qui{NNBSP}?"
    typeset_titles([section])  # a second build of the same nav changes nothing
    assert anchor.title == f"L’équipe{NBSP}: qui{NNBSP}?"


def test_built_nav_toc_aria_labels_and_titles_are_typeset(project) -> None:  # type: ignore[no-untyped-def]
    project.story("a", title="Projet : l'essai")
    project.write(
        "bulletins/n1.md",
        "---\ntitle: Numéro\nnumber: 1\ndate: 2020-01-01\ndescription: D.\nstories: [a]\n"
        "---\n\n## L'équipe : qui ?\n\nTexte.\n",
    )
    assert project.build().returncode == 0
    page = project.html("bulletins/n1/index.html")
    nav = page[page.index('<nav class="md-nav md-nav--primary') :]
    assert "Coups d’œil" in nav and "Coups d'œil" not in page
    toc = page[page.index('<nav class="md-nav md-nav--secondary"') :]
    assert f"L’équipe{NBSP}: qui{NNBSP}?" in toc
    assert f"<title>Projet{NBSP}: l’essai — " in project.html("recits/a/index.html")
    for other in ("recits/a/index.html", "bulletins/n1/index.html", "coups-doeil/index.html",
                  "regions/index.html", "index.html", "404.html"):  # fmt: skip
        html = project.html(other)
        assert not re.search(r"aria-label=\"[^\"]*(&#39;|')", html), other
        title = html[html.index("<title>") : html.index("</title>")]
        assert " - " not in title and (" — " in title or other == "index.html"), title

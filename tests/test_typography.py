import markdown

from generator.typography import NBSP, french_spacing, french_spacing_html


def test_spaces_before_colon_and_inside_guillemets() -> None:
    assert french_spacing("Projet Écho : des « services »") == (
        f"Projet Écho{NBSP}: des «{NBSP}services{NBSP}»"
    )
    assert french_spacing("Note: fin") == f"Note{NBSP}: fin"
    assert french_spacing("«cité»") == f"«{NBSP}cité{NBSP}»"


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
    html = markdown.markdown(source, extensions=["generator.typography"])
    assert f"Titre{NBSP}: «{NBSP}cité{NBSP}»" in html
    assert "<code>a : b</code>" in html and "bloc : code" in html
    assert 'href="http://a/b:c" title="t : u"' in html


def test_built_pages_follow_french_typography(project) -> None:  # type: ignore[no-untyped-def]
    project.story(
        "a",
        title="Projet : un « titre »",
        population="Aînés : tous",
        body="Le corps : un « texte » et `code : brut`.\n",
    )
    assert project.build().returncode == 0
    page = project.html("recits/a/index.html")
    assert f'<h1 id="titre-recit">Projet{NBSP}: un «{NBSP}titre{NBSP}»</h1>' in page
    assert f"Aînés{NBSP}: tous" in page
    assert f"Le corps{NBSP}: un «{NBSP}texte{NBSP}»" in page and "<code>code : brut</code>" in page
    assert f"<title>Projet{NBSP}: un «{NBSP}titre{NBSP}»" in page
    card = project.html("coups-doeil/index.html")
    assert f">Projet{NBSP}: un «{NBSP}titre{NBSP}»</a>" in card

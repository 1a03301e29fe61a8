"""What the preview shows of the problems, file by file (`preview_pages`), without MkDocs."""

from pathlib import Path

from generator.model import urls
from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.outputs.preview_pages import preview_pages, preview_problems
from generator.settings import Settings
from tests.conftest import story_text
from tests.helpers import collect

BULLETIN = (
    "---\ntitle: Numéro cassé\nnumber: 2\ndate: 2013-03-05\ndescription: Un numéro.\n"
    "stories: [absent]\n---\n\nTexte.\n"
)


def test_each_refused_file_gets_a_page_at_its_address(tmp_path: Path) -> None:
    files = {
        "stories/ok.md": story_text(title="Valide"),
        "stories/brouillon.md": story_text(title="En préparation", draft=True),
        "stories/date.md": story_text(title="Une date fausse", date="2012-02-30"),
        "stories/terme.md": story_text(title="Un terme", outcomes=["prévention des chutes"]),
        "stories/Mauvais Nom.md": story_text(title="Mal nommé"),
        "stories/vide.md": "",
        "bulletins/casse.md": BULLETIN,
    }
    collection = collect(tmp_path, files, drafts=True)
    settings = Settings(tmp_path, tmp_path / "stories", tmp_path / "bulletins")
    report = preview_problems(collection, settings)
    by_path = {item.path: item for item in report.files}
    assert sorted(by_path) == [
        "bulletins/casse.md", "stories/Mauvais Nom.md", "stories/date.md", "stories/terme.md",
        "stories/vide.md",
    ]  # fmt: skip
    assert by_path["stories/date.md"].title == "Une date fausse"
    assert by_path["stories/date.md"].permalink == urls.story("date")
    assert by_path["stories/vide.md"].title == "vide.md"  # nothing to read: its name
    assert by_path["stories/Mauvais Nom.md"].permalink is None  # no address to stand at
    assert by_path["bulletins/casse.md"].permalink == urls.bulletin("casse")
    assert by_path["bulletins/casse.md"].kind == "bulletin"
    (link,) = by_path["stories/terme.md"].vocabularies
    assert (link.label, link.url) == ("Retombées", "retombees/")
    assert link.file == (DEFAULT_VOCABULARIES / "outcomes.yml").as_posix()
    assert by_path["stories/date.md"].vocabularies == ()
    assert report.banner == (5, 0) and report.drafts == 1
    pages = {page.src_uri: page for page in preview_pages(report)}
    assert set(pages) == {
        urls.problems().src_uri, "recits/date.md", "recits/terme.md", "recits/vide.md",
        "bulletins/casse.md",
    }  # fmt: skip
    assert pages["recits/date.md"].title == "À corriger : Une date fausse"
    assert pages["recits/date.md"].template == "erreur-recit.html"

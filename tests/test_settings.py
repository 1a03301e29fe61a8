from pathlib import Path

from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.settings import settings_from_mkdocs_yml


def test_options_are_read_from_mkdocs_yml_without_mkdocs(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - oqrls:\n      stories_dir: recits\n"
        "      summary_words: 40\n      related_weights: {region: 0}\n",
        "utf-8",
    )
    settings = settings_from_mkdocs_yml(config)
    assert settings.stories_dir == tmp_path / "recits"
    assert settings.bulletins_dir == tmp_path / "bulletins"
    assert settings.vocabularies_dir == DEFAULT_VOCABULARIES
    assert settings.summary_rules.max_words == 40
    assert settings.related_weights["region"] == 0
    assert settings.related_weights["outcomes"] == 1.5


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    settings = settings_from_mkdocs_yml(tmp_path / "absent.yml")
    assert settings.stories_dir == tmp_path / "stories"

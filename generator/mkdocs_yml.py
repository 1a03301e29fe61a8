"""mkdocs.yml read without MkDocs (`oqrls check` runs without it): the file's data and the
line of each of the plugin's options, for messages located at their line."""

from __future__ import annotations

from pathlib import Path

from generator.model.limits import LIMITS
from generator.model.problems import Problem
from generator.model.source import read_bounded
from generator.model.yamlsource import LocatedYaml, Location, YamlProblem, parse_located

PLUGIN_NAME = "oqrls"
"""The plugin's name in mkdocs.yml's `plugins` (its entry point in pyproject.toml)."""


def plugin_lines(config_file: Path | None) -> LocatedYaml:
    """The lines of the plugin's options in `config_file`, keyed as the options are."""
    located = LocatedYaml(None)
    if config_file is None:
        return located
    whole, _ = read_yaml(config_file)
    location = plugin_location(whole.data)
    if location is None:
        return located
    for key, line in whole.lines.items():
        if key[: len(location)] == location:
            located.lines[key[len(location) :] or ("plugins",)] = line
    located.lines.setdefault(("plugins",), whole.lines.get(("plugins",), 1))
    return located


def option_line(config_file: Path, option: str) -> int:
    """The line of the plugin's `option` in `config_file` (of its `plugins` when absent)."""
    return plugin_lines(config_file).line_of((option,))


def plugin_location(config: object) -> Location | None:
    if not isinstance(config, dict) or not isinstance(config.get("plugins"), list | dict):
        return None
    plugins = config["plugins"]
    if isinstance(plugins, dict):
        return ("plugins", PLUGIN_NAME) if PLUGIN_NAME in plugins else None
    for index, plugin in enumerate(plugins):
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return ("plugins", index, PLUGIN_NAME)
    return None


def read_yaml(config_file: Path) -> tuple[LocatedYaml, list[Problem]]:
    """mkdocs.yml parsed without MkDocs: tags such as `!!python/name:` or `!ENV` read as
    None; a file that cannot be read or parsed is a located problem."""
    raw = read_bounded(config_file, LIMITS.max_vocabulary_bytes)
    if isinstance(raw, str):
        return LocatedYaml(None), [Problem(config_file, 1, "fichier", raw)]
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        message = "le fichier n'est pas encodé en UTF-8"
        return LocatedYaml(None), [Problem(config_file, 1, "fichier", message)]
    try:
        return parse_located(text, tolerant_tags=True), []
    except YamlProblem as error:
        return LocatedYaml(None), [Problem(config_file, error.line, "yaml", error.message)]


def plugin_line(config_file: Path) -> int:
    """Line of mkdocs.yml where the plugin's options start (`- oqrls:`), for messages about
    them; 1 when it cannot be found."""
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, start=1):
        if line.strip().removeprefix("-").strip().rstrip(":").strip() == PLUGIN_NAME:
            return number
    return 1

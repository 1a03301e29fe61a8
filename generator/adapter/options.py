"""The plugin's options for MkDocs, made from `generator.settings.Options`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options
from mkdocs.config.base import BaseConfigOption, Config

from generator.settings import DEFAULTS, OPTION_NAMES


def _config_class() -> type[Config]:
    """The plugin's options for MkDocs, made from `generator.settings.Options`, where their
    meaning, defaults and checks are declared once: MkDocs takes each as written, and the
    generator reports a wrong one in French, located (see `OqrlsPlugin.load_config`)."""

    def option(name: str) -> BaseConfigOption[Any]:
        default = getattr(DEFAULTS, name)
        if default is None:
            return config_options.Optional(config_options.Type(object))
        return config_options.Type(object, default=default)

    return type("OqrlsConfig", (Config,), {name: option(name) for name in OPTION_NAMES})


if TYPE_CHECKING:
    OqrlsConfig = Config  # for the type checker, a Config (the class is made at run time)
else:
    OqrlsConfig = _config_class()

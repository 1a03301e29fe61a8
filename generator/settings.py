"""What a build is asked to do: the plugin's options and their defaults, and the settings
the pipeline runs with, read from mkdocs.yml by the plugin or, without MkDocs, by `oqrls`."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from generator.mkdocs_yml import PLUGIN_NAME, plugin_lines, plugin_location, read_yaml
from generator.model.facets import DEFAULT_WEIGHTS, FACETS_BY_KEY
from generator.model.messages import pydantic_problems
from generator.model.problems import Problem
from generator.model.text import closest, did_you_mean, quote
from generator.model.vocabulary import DEFAULT_VOCABULARIES
from generator.model.yamlsource import LocatedYaml
from generator.outputs.summary import SummaryRules


def _web_address(value: str) -> str:
    """A Web address a reader can open (https:// or http://), as typed."""
    if not is_web_address(value.strip()):
        raise PydanticCustomError(
            "adresse_web", "adresse Web attendue (https://…) : « {value} »", {"value": value}
        )
    return value.strip()


@dataclass(frozen=True)
class Options:
    """The plugin's options in mkdocs.yml and their defaults: the one place they are
    declared (the MkDocs config class, `generator.adapter.options`, is made from them)."""

    stories_dir: str = "stories"
    """Folder of the stories, relative to mkdocs.yml."""

    bulletins_dir: str = "bulletins"
    """Folder of the bulletins, relative to mkdocs.yml."""

    vocabularies_dir: str | None = None
    """Folder of the vocabulary files; the generator's own vocabularies when absent."""

    summary_words: Annotated[int, Field(ge=1)] = SummaryRules.max_words
    """Longest derived « coup d'œil », in words."""

    related_weights: Mapping[str, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = field(
        default_factory=dict
    )
    """Weight of a shared term per facet key when ranking related stories (0: ignore);
    facets not named keep their default weight (see `generator.model.facets`)."""

    search: bool = True
    """Build the Pagefind search index after the site (the results page needs it)."""

    sender_name: str = "Observatoire québécois des réseaux locaux de services (OQRLS)"
    """Who publishes Le Relais: named at the top and in the footer of its email edition,
    and on its printout."""

    postal_address: str | None = None
    """The sender's postal address, in the footer of every email (Canada's anti-spam law);
    one line, or several separated by line breaks."""

    unsubscribe_link: str | None = None
    """Where a reader unsubscribes: an address, or the merge tag of the mailing tool that
    sends Le Relais (`*|UNSUB|*`), written as is in both email editions."""

    subscribe_url: Annotated[str, AfterValidator(_web_address)] | None = None
    """Address of the sign-up form of the mailing service that sends Le Relais: when given,
    « Recevoir Le Relais par courriel » leads there from the home page, the archive, each
    issue, the footer and the email editions; when absent, nothing is offered."""

    admin: bool = True
    """Publish the brokers' editor (Decap CMS) at `admin/`."""

    admin_repo: str | None = None
    """GitHub repository the editor saves to, `owner/name`; taken from `repo_url` when absent."""

    admin_branch: str = "main"
    """Branch the editor reads and commits to."""

    admin_auth_url: str | None = None
    """Address of the GitHub sign-in proxy (OAuth), e.g. a Cloudflare Worker."""

    admin_local_url: str = "http://127.0.0.1:8081/api/v1"
    """decap-server's address for local editing (`npx decap-server`), used from a local preview."""

    node_modules: str = "node_modules"
    """Folder where `npm ci` installed the editor (decap-cms), relative to mkdocs.yml."""

    __pydantic_config__ = ConfigDict(extra="forbid")


DEFAULTS = Options()
OPTION_NAMES: tuple[str, ...] = tuple(Options.__dataclass_fields__)

MARKDOWN_BUILTINS: tuple[str, ...] = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always adds to those of mkdocs.yml."""


@dataclass(frozen=True)
class Sender:
    """Who sends Le Relais, as its email editions and printouts say."""

    name: str = DEFAULTS.sender_name
    """Organisation's name."""

    postal_address: str | None = None
    """Postal address, lines separated by `\\n`."""

    unsubscribe_link: str | None = None
    """Unsubscribe address or merge tag, used as is."""

    subscribe_url: str | None = None
    """Sign-up form of the mailing service (option `subscribe_url`); None: none offered."""


@dataclass(frozen=True)
class Settings:
    """Where the content is and what to publish: one build's input, besides the files."""

    root: Path
    """Project folder; paths in messages are shown relative to it."""

    stories_dir: Path
    """Folder of the stories, searched recursively for `*.md`."""

    bulletins_dir: Path
    """Folder of the bulletins."""

    vocabularies_dir: Path = DEFAULT_VOCABULARIES
    """Folder of the vocabulary files, one `<name>.yml` per facet."""

    include_drafts: bool = False
    """Publish stories marked `draft: true` (the preview server does, the build does not)."""

    site_url: str | None = None
    """Address of the published site (`site_url` of mkdocs.yml), for absolute links."""

    summary_rules: SummaryRules = field(default_factory=SummaryRules)
    """Limits of the « coups d'œil »."""

    related_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Weight of a shared term, per facet, when ranking related stories."""

    markdown_extensions: tuple[str, ...] = MARKDOWN_BUILTINS
    """The site's Markdown extensions: summaries are rendered as the pages are."""

    markdown_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Their options, by extension name."""

    site_name: str = ""
    """`site_name` of mkdocs.yml: the publisher when `extra.organisation` is not given."""

    extra: Mapping[str, Any] = field(default_factory=dict)
    """`extra` of mkdocs.yml, where the publisher's details are (`generator.model.publisher`)."""

    config_file: Path | None = None
    """The mkdocs.yml these settings come from, when there is one (problems in its `extra`
    and options are located there)."""
    sender: Sender = field(default_factory=Sender)
    """Sender of Le Relais (email editions, printouts)."""

    written_options: frozenset[str] = frozenset()
    """Options mkdocs.yml gives explicitly: a folder named there must exist."""

    problems: tuple[Problem, ...] = ()
    """What is wrong in the configuration (unknown or ill-typed option, broken YAML)."""

    options: Options = DEFAULTS
    """The plugin's options, validated (a wrong one keeps its default)."""

    absolute_root: Path = field(init=False, repr=False, compare=False)
    """`root` resolved once: messages show thousands of paths relative to it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "absolute_root", self.root.resolve())

    def shown(self, path: Path) -> Path:
        """`path` as brokers should read it in a message: relative to the project."""
        # absolute(), not resolve(): no system call per file (thousands of them).
        try:
            return path.absolute().relative_to(self.absolute_root)
        except ValueError:
            return path


def settings_from_options(
    root: Path,
    options: Mapping[str, Any],
    *,
    include_drafts: bool = False,
    site_url: str | None = None,
    markdown_extensions: tuple[str, ...] = MARKDOWN_BUILTINS,
    markdown_configs: Mapping[str, Mapping[str, Any]] | None = None,
    site_name: str = "",
    extra: Mapping[str, Any] | None = None,
    config_file: Path | None = None,
    problems: Iterable[Problem] = (),
) -> Settings:
    """Settings for a project whose mkdocs.yml is in `root`, with the plugin's `options`
    as written there; an unknown or ill-typed option is a problem located in `config_file`
    (its default is used meanwhile)."""
    given = {key: value for key, value in options.items() if value is not None}
    merged, found = check_options(given, config_file)
    found += consistency_problems(merged, given, site_url, config_file)
    if any(problem.field == "unsubscribe_link" for problem in found):
        merged = replace(merged, unsubscribe_link=None)  # never written into an email
    vocabularies = merged.vocabularies_dir
    shown_root = root.resolve()
    return Settings(
        root=root,
        stories_dir=root / merged.stories_dir,
        bulletins_dir=root / merged.bulletins_dir,
        vocabularies_dir=root / vocabularies if vocabularies else DEFAULT_VOCABULARIES,
        include_drafts=include_drafts,
        site_url=site_url,
        summary_rules=SummaryRules(max_words=merged.summary_words),
        related_weights={**DEFAULT_WEIGHTS, **dict(merged.related_weights)},
        markdown_extensions=markdown_extensions,
        markdown_configs=dict(markdown_configs or {}),
        site_name=site_name,
        extra=dict(extra or {}),
        config_file=config_file,
        written_options=frozenset(given),
        options=merged,
        problems=tuple(_relative(p, shown_root) for p in (*problems, *found)),
        sender=Sender(
            name=str(merged.sender_name),
            postal_address=_optional_text(merged.postal_address),
            unsubscribe_link=_optional_text(merged.unsubscribe_link),
            subscribe_url=_optional_text(merged.subscribe_url),
        ),
    )


def _optional_text(value: object) -> str | None:
    """A text option, None when absent or blank."""
    text = str(value).strip() if value is not None else ""
    return text or None


def check_options(
    options: Mapping[str, Any], config_file: Path | None
) -> tuple[Options, list[Problem]]:
    """The plugin's options validated (types, bounds, facet keys), with every problem located
    in `config_file`; a bad option keeps its default so the rest can still be checked."""
    adapter = TypeAdapter(Options)
    try:
        return adapter.validate_python(dict(options)), _facet_problems(options, config_file)
    except ValidationError as error:
        located = plugin_lines(config_file)
        shown = config_file or Path("mkdocs.yml")
        problems = pydantic_problems(error, shown, located, OPTION_NAMES)
        bad = {str(problem.field) for problem in problems}
        kept = {key: value for key, value in options.items() if key not in bad}
        try:
            merged = adapter.validate_python(kept)
        except ValidationError:
            merged = DEFAULTS
        return merged, problems + _facet_problems(options, config_file)


_SITE_TEXTS = ("site_name", "site_description", "copyright", "site_author")
"""Texts of mkdocs.yml that Material's templates print as HTML, unescaped."""

_MERGE_TAG = re.compile(r"\*\|[A-Z0-9_:]+\|\*")
"""A mailing tool's merge tag (Mailchimp's `*|UNSUB|*`)."""


def consistency_problems(
    options: Options, given: Mapping[str, Any], site_url: str | None, config_file: Path | None
) -> list[Problem]:
    """What each option's type cannot say: addresses that lead somewhere safe, folders that
    are not each other's, a usable SOURCE_DATE_EPOCH. Located in `config_file`."""
    shown = config_file or Path("mkdocs.yml")
    located = plugin_lines(config_file)
    whole = read_yaml(config_file)[0] if config_file else LocatedYaml(None)
    problems: list[Problem] = []
    for key in _SITE_TEXTS:
        text = whole.data.get(key) if isinstance(whole.data, dict) else None
        markup = re.search(r"[<>\"]", text) if isinstance(text, str) else None
        if markup is not None:
            problems.append(
                Problem(
                    shown, whole.line_of((key,)), key,
                    f"caractère {quote(markup[0])} refusé : ce texte est affiché tel quel par "
                    "le thème (du HTML y serait exécuté) ; écrivez du texte, avec « » pour "
                    "les guillemets",
                )
            )  # fmt: skip
    if site_url and not is_web_address(site_url):
        line = whole.line_of(("site_url",))
        problems.append(
            Problem(
                shown, line, "site_url",
                f"adresse invalide {quote(site_url)} : l'adresse complète du site, comme "
                "« https://oqrls.example.org/ » (http ou https, sans espace)",
            )
        )  # fmt: skip
    link = _optional_text(options.unsubscribe_link)
    if link and not (
        _MERGE_TAG.fullmatch(link) or is_web_address(link) or re.fullmatch(r"mailto:\S+@\S+", link)
    ):
        problems.append(
            Problem(
                shown, located.line_of(("unsubscribe_link",)), "unsubscribe_link",
                f"lien de désabonnement invalide {quote(link)} : une adresse Web (https://…), "
                "une adresse mailto: ou une balise de l'outil d'envoi comme « *|UNSUB|* »",
            )
        )  # fmt: skip
    if "bulletins_dir" in given or "stories_dir" in given:
        stories, bulletins = Path(options.stories_dir), Path(options.bulletins_dir)
        if stories == bulletins or stories in bulletins.parents or bulletins in stories.parents:
            problems.append(
                Problem(
                    shown, located.line_of(("bulletins_dir",)), "bulletins_dir",
                    f"{quote(options.bulletins_dir)} et stories_dir {quote(options.stories_dir)}"
                    " se recouvrent : les récits et les bulletins ont chacun leur dossier",
                )
            )  # fmt: skip
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch and source_date_epoch() is None:
        problems.append(
            Problem(
                shown, 1, "SOURCE_DATE_EPOCH",
                f"variable d'environnement invalide {quote(epoch)} : un nombre entier de "
                "secondes depuis le 1er janvier 1970 (ex. : « git log -1 --format=%ct »)",
            )
        )  # fmt: skip
    return problems


def is_web_address(text: str) -> bool:
    """An absolute http(s) address with a host and no space or control character."""
    if any(char.isspace() or ord(char) < 32 for char in text):
        return False
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (the date of reproducible builds): 0 when unset, None when unusable."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return 0
    if not re.fullmatch(r"[0-9]{1,12}", text):
        return None
    return int(text)


def _facet_problems(options: Mapping[str, Any], config_file: Path | None) -> list[Problem]:
    weights = options.get("related_weights")
    if not isinstance(weights, Mapping):
        return []
    unknown = [key for key in weights if key not in FACETS_BY_KEY]
    if not unknown:
        return []
    located = plugin_lines(config_file)
    return [
        Problem(
            config_file or Path("mkdocs.yml"),
            located.line_of(("related_weights", str(key))),
            "related_weights",
            f"facette inconnue {quote(key)}" + did_you_mean(closest(str(key), FACETS_BY_KEY)),
        )
        for key in unknown
    ]


def _relative(problem: Problem, root: Path) -> Problem:
    try:
        shown = problem.path.absolute().relative_to(root)
    except ValueError:
        return problem
    return Problem(shown, problem.line, problem.field, problem.message, problem.severity)


def markdown_from_config(
    entries: object,
) -> tuple[tuple[str, ...], dict[str, Mapping[str, Any]]]:
    """The extensions of a `markdown_extensions` list as MkDocs reads it (a name, or a name
    with its options), after MkDocs' built-in ones."""
    names = list(MARKDOWN_BUILTINS)
    configs: dict[str, Mapping[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            name, options = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
        else:
            continue
        if name not in names:
            names.append(str(name))
        if isinstance(options, dict):
            configs[str(name)] = options
    return tuple(names), configs


def settings_from_mkdocs_yml(config_file: Path, *, include_drafts: bool = False) -> Settings:
    """Settings as the plugin would see them, for commands that run without MkDocs; what is
    wrong in mkdocs.yml is in `problems`, located."""
    root = config_file.parent
    options: Mapping[str, Any] = {}
    config: dict[str, Any] = {}
    problems: list[Problem] = []
    if config_file.is_file():
        located, problems = read_yaml(config_file)
        if isinstance(located.data, dict):
            config = located.data
        elif located.data is not None:
            problems.append(
                Problem(
                    config_file, 1, "mkdocs.yml", "doit être une suite de lignes « clé: valeur »"
                )
            )
        location = plugin_location(config)
        if location is not None:
            written = config["plugins"][location[1]] if len(location) == 3 else config["plugins"]
            options = written[PLUGIN_NAME] or {}
            if not isinstance(options, dict):
                line = located.line_of(location)
                message = "les options du générateur doivent être une suite de « clé: valeur »"
                problems.append(Problem(config_file, line, PLUGIN_NAME, message))
                options = {}
    site_url = config.get("site_url")
    site_name = config.get("site_name")
    extra = config.get("extra")
    extensions, configs = markdown_from_config(config.get("markdown_extensions"))
    return settings_from_options(
        root,
        options,
        include_drafts=include_drafts,
        site_url=site_url if isinstance(site_url, str) else None,
        markdown_extensions=extensions,
        markdown_configs=configs,
        site_name=site_name if isinstance(site_name, str) else "",
        extra=extra if isinstance(extra, dict) else None,
        config_file=config_file if config_file.is_file() else None,
        problems=problems,
    )

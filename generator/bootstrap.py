"""Set up and run the project from a fresh clone, before anything is installed.

    python3 -m generator.bootstrap site [ARGS]     # mkdocs serve, or mkdocs ARGS
    python3 -m generator.bootstrap tests [ARGS]    # pytest ARGS
    python3 -m generator.bootstrap oqrls ARGS      # the brokers' command line

Both build the virtual environment `.venv` of the repository when it is missing, install the
generator into it (`pip install -e .`, plus `[test]` for the tests) when pyproject.toml changed
since the last install, and then run MkDocs, pytest or `oqrls` with the environment's own
Python. The system Python's packages are never touched (PEP 668), and nothing needs
activating. Each step says what it does, in French, and a long one says it is still going;
the tools' own notices (pip's, npm's, Material's end-of-life banner) are left out.

Standard library only, and no other module of `generator` is imported: this runs under the
system Python before any dependency exists. Python 3.11 is checked before anything else, so
older interpreters get a French message, not a syntax or import error.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / ".venv"
STAMP = "oqrls-install.json"
MIN_PYTHON = (3, 11)
EXTRAS: Mapping[str, frozenset[str]] = MappingProxyType(
    {"site": frozenset(), "tests": frozenset({"test"}), "oqrls": frozenset()}
)
QUIET_TOOLS: Mapping[str, str] = MappingProxyType(
    {
        # pip: no version check, no warning about running as root or about this Python.
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_ROOT_USER_ACTION": "ignore",
        "PIP_NO_PYTHON_VERSION_WARNING": "1",
        # Material for MkDocs: its end-of-life notice, on every run (README, « Le moteur du
        # site », says what it means).
        "NO_MKDOCS_2_WARNING": "1",
        # npm: no funding or audit notices, no update notice.
        "NPM_CONFIG_FUND": "false",
        "NPM_CONFIG_AUDIT": "false",
        "NPM_CONFIG_UPDATE_NOTIFIER": "false",
    }
)
"""Environment that keeps the tools' notices out of the brokers' terminal."""
PIP_QUIET = ("-qq",)
"""pip shows its errors only (no warnings, no progress of its own: `prepare` says what it
does)."""
NPM_CI = ("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
"""The editor's and the HTML validator's npm packages, as package-lock.json pins them;
errors only (hundreds of deprecation warnings otherwise)."""
STILL_RUNNING = 20
"""Seconds between two « toujours en cours » lines of a long step."""

USAGE = """\
Utilisation : python3 -m generator.bootstrap site [ARGUMENTS]
              python3 -m generator.bootstrap tests [ARGUMENTS]
              python3 -m generator.bootstrap oqrls ARGUMENTS

  site    prépare .venv puis lance « mkdocs serve » (aperçu sur http://127.0.0.1:8000/) ;
          avec des arguments, « mkdocs ARGUMENTS » (ex. : site build --strict)
          (ex. : site serve -a 127.0.0.1:8001 pour un autre port)
  tests   prépare .venv avec les outils de test (et Chromium sur Debian ou Ubuntu) et les
          paquets npm (environ 200 Mo la première fois), puis lance « pytest ARGUMENTS »
          (tous les tests : 8 à 25 minutes selon le poste)
  oqrls   prépare .venv puis lance « oqrls ARGUMENTS » (ex. : oqrls check)

Sous Windows, remplacez python3 par py."""


class SetupError(Exception):
    """A set-up step failed; the message says, in French, what to do."""


def say(message: str) -> None:
    print(f"[oqrls] {message}", file=sys.stderr, flush=True)


def run(command: Sequence[str | Path], *, quiet: bool = False) -> int:
    """Run `command`; its exit code. `quiet` hides its output (a probe, not a step); a
    step that takes long says every `STILL_RUNNING` seconds that it is still going."""
    output = subprocess.DEVNULL if quiet else None
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            [str(part) for part in command], stdout=output, stderr=output, env=quiet_env()
        )
    except OSError:
        return 127
    while True:
        try:
            return process.wait(timeout=STILL_RUNNING)
        except subprocess.TimeoutExpired:
            if not quiet:
                say(f"  … toujours en cours ({round(time.monotonic() - started)} s)")


def quiet_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """`environ` with the tools' notices turned off (`QUIET_TOOLS`), unless set already."""
    return {**QUIET_TOOLS, **environ}


def venv_python(venv: Path, *, windows: bool = os.name == "nt") -> Path:
    """The interpreter of `venv`: bin/python, or Scripts\\python.exe on Windows."""
    scheme = "nt_venv" if windows else "posix_venv"
    scripts = sysconfig.get_path("scripts", scheme, vars={"base": str(venv), "platbase": str(venv)})
    return Path(scripts) / ("python.exe" if windows else "python")


def fingerprint(repo: Path = REPO) -> str:
    """What an install depends on: pyproject.toml, and where the repository is."""
    digest = hashlib.sha256((repo / "pyproject.toml").read_bytes())
    digest.update(str(repo.resolve()).encode())
    return digest.hexdigest()


def up_to_date(venv: Path, extras: frozenset[str], repo: Path = REPO) -> bool:
    """True when `venv` holds an install of this pyproject.toml with at least `extras`."""
    try:
        stamp = json.loads((venv / STAMP).read_text(encoding="utf-8"))
        return (
            venv_python(venv).exists()
            and stamp["fingerprint"] == fingerprint(repo)
            and extras <= set(stamp["extras"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def write_stamp(venv: Path, extras: frozenset[str], repo: Path = REPO) -> None:
    stamp = {"fingerprint": fingerprint(repo), "extras": sorted(extras)}
    (venv / STAMP).write_text(json.dumps(stamp) + "\n", encoding="utf-8")


def no_pip_message() -> str:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"""\
Impossible de préparer l'environnement Python du projet (.venv) : ce Python n'a ni le module
« ensurepip » ni « pip » pour y installer pip.

Sur Debian ou Ubuntu, installez le paquet du système qui fournit ensurepip, puis relancez la
même commande :

    sudo apt install python3-venv

(pour ce Python {version} précisément, le paquet est python{version}-venv). Ailleurs, installez
Python depuis https://www.python.org/ : il fournit ensurepip."""


def create_venv(venv: Path) -> None:
    """A virtual environment without pip (pip comes next, from wherever it can)."""
    try:
        import venv as venv_module
    except ImportError as error:
        raise SetupError(no_pip_message()) from error
    say(f"création de l'environnement virtuel {venv}")
    builder = venv_module.EnvBuilder(with_pip=False, clear=True, symlinks=os.name != "nt")
    builder.create(str(venv))


def ensure_pip(python: Path) -> None:
    """pip in the environment of `python`: already there, from ensurepip, or from system pip."""
    if run([python, "-m", "pip", "--version"], quiet=True) == 0:
        return
    if run([python, "-m", "ensurepip", "--upgrade", "--default-pip"], quiet=True) == 0:
        return
    # Debian and Ubuntu ship ensurepip separately (python3-venv); their pip, if installed,
    # can install pip into another environment (pip >= 22.3).
    system_pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    if run([*system_pip, "--version"], quiet=True) == 0:
        say("ensurepip absent : installation de pip dans .venv avec le pip du système")
        if run([*system_pip, "--python", python, "install", *PIP_QUIET, "pip"]) == 0:
            return
    raise SetupError(no_pip_message())


def prepare(venv: Path, extras: frozenset[str], repo: Path = REPO) -> Path:
    """The Python of `venv`, with the generator and `extras` installed; quick when current."""
    python = venv_python(venv)
    if up_to_date(venv, extras, repo):
        return python
    if not python.exists():
        create_venv(venv)
    ensure_pip(python)
    target = f"{repo}[{','.join(sorted(extras))}]" if extras else str(repo)
    what = "du générateur et des outils de test" if extras else "du générateur"
    say(f"installation {what} dans .venv (MkDocs, Material…) : 1 à 3 minutes la première fois")
    pip: list[str | Path] = [
        python,
        "-m",
        "pip",
        "install",
        *PIP_QUIET,
        "--disable-pip-version-check",
    ]
    if run([*pip, "-e", target]) != 0:
        raise SetupError(
            "L'installation des dépendances a échoué (voir les messages de pip ci-dessus)."
        )
    write_stamp(venv, extras, repo)
    say("installation terminée")
    return python


SYSTEM_TOOLS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"chromium": ("chromium",), "npm": ("nodejs", "npm"), "java": ("default-jre-headless",)}
)
"""What the tests need from the system, by command, and the Debian packages that give it:
Chromium (browser tests), npm (the brokers' editor, the HTML validator), Java (the latter)."""


def ensure_system_tools() -> None:
    """The tests' system tools (`SYSTEM_TOOLS`) that are missing, with apt-get as root or
    through sudo, in one go."""
    missing = [name for name in SYSTEM_TOOLS if shutil.which(name) is None]
    if not missing:
        return
    names = ", ".join(missing)
    skipped = f"les tests qui demandent {names} seront ignorés (ou échoueront si CI est défini)"
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        say(f"absent du système : {names} ; {skipped}")
        return
    if os.geteuid() == 0:
        admin: list[str] = []
    elif shutil.which("sudo") is not None:
        admin = ["sudo"]
    else:
        say(f"absent du système : {names}, et ni root ni sudo pour apt-get ; {skipped}")
        return
    packages = [package for name in missing for package in SYSTEM_TOOLS[name]]
    say(f"installation de {names} (apt-get install {' '.join(packages)})")
    apt = [*admin, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    if run([*apt, "update", "-qq"]) or run([*apt, "install", "-y", "-qq", *packages]):
        say(f"l'installation a échoué : {skipped}")


def npm_packages_current(repo: Path = REPO) -> bool:
    """Whether node_modules holds the version package.json pins of each npm package."""
    try:
        wanted = json.loads((repo / "package.json").read_text("utf-8"))["dependencies"]
        for name, version in wanted.items():
            found = json.loads((repo / "node_modules" / name / "package.json").read_text("utf-8"))
            if found.get("version") != version:
                return False
        return True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def ensure_npm_packages(repo: Path = REPO) -> None:
    """The npm packages the tests use (the editor, the HTML validator), with `npm ci` when
    missing or stale; without npm, the tests that need them say so themselves."""
    if npm_packages_current(repo) or shutil.which("npm") is None:
        return
    say(
        "téléchargement des paquets npm dans node_modules (l'éditeur des récits, le "
        "validateur HTML) : environ 200 Mo, quelques minutes la première fois"
    )
    os.chdir(repo)
    if run(NPM_CI) != 0:
        say("npm ci a échoué (voir ci-dessus) : les tests de l'éditeur le signaleront")
    else:
        say("paquets npm installés")


def command_for(word: str, python: Path, args: Sequence[str]) -> list[str]:
    """The command that `site`, `tests` or `oqrls` runs with the environment's Python."""
    if word == "tests":
        return [str(python), "-m", "pytest", *args]
    if word == "oqrls":
        return [str(python), "-m", "generator.tools.cli", *args]
    if not args or args[0].startswith("-"):
        args = ["serve", *args]
    return [str(python), "-m", "mkdocs", *args]


def launch(command: list[str]) -> int:
    """Hand over to `command` (the process itself on POSIX, so Ctrl-C goes straight to it)."""
    os.chdir(REPO)
    env = quiet_env()
    if os.name == "posix":
        os.execve(command[0], command, env)
    process = subprocess.Popen(command, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in EXTRAS:
        help_asked = bool(args) and args[0] in ("-h", "--help", "aide")
        print(USAGE, file=sys.stdout if help_asked else sys.stderr)
        return 0 if help_asked else 2
    if sys.version_info < MIN_PYTHON:
        found = ".".join(map(str, sys.version_info[:3]))
        say(f"Python {found} est trop ancien : il faut Python 3.11 ou plus récent.")
        return 1
    word, rest = args[0], args[1:]
    try:
        python = prepare(VENV, EXTRAS[word])
        if word == "tests":
            ensure_system_tools()
            ensure_npm_packages()
            if not rest:
                say("lancement de tous les tests : 8 à 25 minutes selon le poste")
    except SetupError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return launch(command_for(word, python, rest))


if __name__ == "__main__":
    sys.exit(main())

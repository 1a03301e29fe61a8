"""`python3 -m generator.bootstrap`: the set-up decisions, without building real environments."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from generator import bootstrap
from tests.conftest import REPO

Command = list[str]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    return root


def fake_venv(venv: Path) -> Path:
    python = bootstrap.venv_python(venv)
    python.parent.mkdir(parents=True)
    python.write_text("", encoding="utf-8")
    return python


def record(
    monkeypatch: pytest.MonkeyPatch, fails: Callable[[Command], bool] = lambda _: False
) -> list[Command]:
    """Replace `bootstrap.run`: commands are recorded, and those for which `fails` is true fail."""
    commands: list[Command] = []

    def run(command: Sequence[str | Path], *, quiet: bool = False) -> int:
        words = [str(part) for part in command]
        commands.append(words)
        return 1 if fails(words) else 0

    monkeypatch.setattr(bootstrap, "run", run)
    return commands


def test_runs_with_nothing_but_the_standard_library() -> None:
    # -S: no site-packages at all, as on a fresh clone before the first install.
    result = subprocess.run(
        [sys.executable, "-S", "-m", "generator.bootstrap", "--help"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "generator.bootstrap site" in result.stdout


def test_unknown_command_prints_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert bootstrap.main(["serve"]) == 2
    assert "generator.bootstrap tests" in capsys.readouterr().err


def test_too_old_python_gets_a_french_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bootstrap, "MIN_PYTHON", (99, 0))
    assert bootstrap.main(["site"]) == 1
    assert "il faut Python 3.11 ou plus récent" in capsys.readouterr().err


def test_venv_interpreter_on_posix_and_windows(tmp_path: Path) -> None:
    venv = tmp_path / ".venv"
    assert bootstrap.venv_python(venv, windows=False) == venv / "bin" / "python"
    assert bootstrap.venv_python(venv, windows=True) == venv / "Scripts" / "python.exe"


def test_site_and_tests_commands() -> None:
    python = Path("/d/.venv/bin/python")
    assert bootstrap.command_for("site", python, []) == [str(python), "-m", "mkdocs", "serve"]
    assert bootstrap.command_for("site", python, ["build", "--strict"])[2:] == [
        "mkdocs", "build", "--strict"
    ]  # fmt: skip
    assert bootstrap.command_for("site", python, ["-a", "0.0.0.0:8000"])[3:] == [
        "serve", "-a", "0.0.0.0:8000"
    ]  # fmt: skip
    assert bootstrap.command_for("tests", python, ["-x"])[1:] == ["-m", "pytest", "-x"]
    assert bootstrap.command_for("oqrls", python, ["check"])[1:] == [
        "-m", "generator.tools.cli", "check"
    ]  # fmt: skip


def test_first_install_then_nothing_to_do(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv = tmp_path / ".venv"
    python = fake_venv(venv)
    commands = record(monkeypatch)
    assert bootstrap.prepare(venv, frozenset({"test"}), repo) == python
    assert commands[-1][-2:] == ["-e", f"{repo}[test]"]
    assert commands[-1][:4] == [str(python), "-m", "pip", "install"]

    commands.clear()
    assert bootstrap.prepare(venv, frozenset({"test"}), repo) == python
    assert bootstrap.prepare(venv, frozenset(), repo) == python  # the tests' install has it all
    assert commands == []


def test_a_changed_pyproject_or_a_new_extra_reinstalls(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv = tmp_path / ".venv"
    fake_venv(venv)
    bootstrap.write_stamp(venv, frozenset(), repo)
    assert bootstrap.up_to_date(venv, frozenset(), repo)
    assert not bootstrap.up_to_date(venv, frozenset({"test"}), repo)
    (repo / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert not bootstrap.up_to_date(venv, frozenset(), repo)
    commands = record(monkeypatch)
    bootstrap.prepare(venv, frozenset(), repo)
    assert commands[-1][-2:] == ["-e", str(repo)]


def test_missing_venv_is_created(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    created: list[Path] = []
    monkeypatch.setattr(bootstrap, "create_venv", lambda venv: created.append(fake_venv(venv)))
    record(monkeypatch)
    python = bootstrap.prepare(tmp_path / ".venv", frozenset(), repo)
    assert created == [python]


def test_without_ensurepip_the_system_pip_installs_pip(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = fake_venv(tmp_path / ".venv")
    commands = record(monkeypatch, fails=lambda c: c[0] == str(python) and "install" not in c)
    bootstrap.prepare(tmp_path / ".venv", frozenset(), repo)
    assert [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python),
            "install", "-qq", "pip"] in commands  # fmt: skip
    assert commands[-1][:4] == [str(python), "-m", "pip", "install"]


def test_without_ensurepip_nor_pip_says_which_package_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(bootstrap, "create_venv", fake_venv)
    monkeypatch.setattr(bootstrap, "launch", lambda command: pytest.fail("ne doit pas lancer"))
    record(monkeypatch, fails=lambda command: True)
    assert bootstrap.main(["site"]) == 1
    err = capsys.readouterr().err
    assert "sudo apt install python3-venv" in err
    assert "Traceback" not in err


def test_a_failed_install_is_an_error_without_stamp(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    venv = tmp_path / ".venv"
    fake_venv(venv)
    record(monkeypatch, fails=lambda command: "-e" in command)
    with pytest.raises(bootstrap.SetupError, match="installation des dépendances a échoué"):
        bootstrap.prepare(venv, frozenset(), repo)
    assert not (venv / bootstrap.STAMP).exists()


@pytest.mark.parametrize(
    ("root", "sudo", "expected"),
    [(True, False, "env"), (False, True, "sudo"), (False, False, None)],
    ids=["root", "sudo", "ni-root-ni-sudo"],
)
def test_system_tools_are_installed_with_apt_when_missing(
    monkeypatch: pytest.MonkeyPatch, root: bool, sudo: bool, expected: str | None
) -> None:
    tools = {"apt-get": "/usr/bin/apt-get", "sudo": "/usr/bin/sudo" if sudo else None,
             "java": "/usr/bin/java"}  # fmt: skip
    monkeypatch.setattr(bootstrap.shutil, "which", tools.get)
    monkeypatch.setattr(bootstrap.sys, "platform", "linux")
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0 if root else 1000, raising=False)
    commands = record(monkeypatch)
    bootstrap.ensure_system_tools()
    if expected is None:
        assert commands == []
    else:
        assert [command[0] for command in commands] == [expected, expected]
        assert commands[-1][-6:] == ["install", "-y", "-qq", "chromium", "nodejs", "npm"]


def test_main_runs_the_command_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    python = Path("/d/.venv/bin/python")
    launched: list[Command] = []
    monkeypatch.setattr(bootstrap, "prepare", lambda venv, extras: python)
    monkeypatch.setattr(bootstrap, "ensure_system_tools", lambda: None)
    monkeypatch.setattr(bootstrap, "launch", lambda command: launched.append(command) or 0)
    assert bootstrap.main(["site", "build", "--strict"]) == 0
    assert bootstrap.main(["tests", "-q"]) == 0
    assert launched == [
        [str(python), "-m", "mkdocs", "build", "--strict"],
        [str(python), "-m", "pytest", "-q"],
    ]


def test_a_real_environment_is_created_without_pip(tmp_path: Path) -> None:
    venv = tmp_path / ".venv"
    bootstrap.create_venv(venv)
    python = bootstrap.venv_python(venv)
    result = subprocess.run(
        [python, "-c", "import sys; print(sys.prefix)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert os.path.samefile(result.stdout.strip(), venv)


def test_the_tools_notices_are_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = bootstrap.quiet_env({"PATH": "/bin"})
    assert quiet["NO_MKDOCS_2_WARNING"] == "1"  # Material's end-of-life banner
    assert quiet["PIP_DISABLE_PIP_VERSION_CHECK"] == "1"
    assert quiet["PATH"] == "/bin"
    assert bootstrap.quiet_env({"NO_MKDOCS_2_WARNING": ""})["NO_MKDOCS_2_WARNING"] == ""
    launched: list[dict[str, str]] = []

    class Launched(Exception):
        pass

    def execve(path: str, command: list[str], env: dict[str, str]) -> None:
        launched.append(env)
        raise Launched  # the real one never returns

    monkeypatch.setattr(bootstrap.os, "name", "posix")
    monkeypatch.setattr(bootstrap.os, "chdir", lambda path: None)
    monkeypatch.setattr(bootstrap.os, "execve", execve)
    with pytest.raises(Launched):
        bootstrap.launch(["/d/.venv/bin/python", "-m", "mkdocs", "serve"])
    assert launched[0]["NO_MKDOCS_2_WARNING"] == "1"


def test_pip_shows_only_its_errors(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_venv(tmp_path / ".venv")
    commands = record(monkeypatch)
    bootstrap.prepare(tmp_path / ".venv", frozenset({"test"}), repo)
    assert "-qq" in commands[-1]
    said = capsys.readouterr().err
    assert "[oqrls] installation du générateur et des outils de test dans .venv" in said
    assert "[oqrls] installation terminée" in said


def test_a_long_step_says_it_is_still_going(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bootstrap, "STILL_RUNNING", 0.05)
    # The step ends when its input does: after the first « still going » line at the latest.
    code = bootstrap.run([sys.executable, "-c", "import time; time.sleep(1)"])
    assert code == 0
    assert "[oqrls]   … toujours en cours (" in capsys.readouterr().err


def test_npm_packages_installed_once_with_errors_only(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "package.json").write_text('{"dependencies": {"decap-cms": "3.1.0"}}', "utf-8")
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(bootstrap.os, "chdir", lambda path: None)
    commands = record(monkeypatch)
    bootstrap.ensure_npm_packages(repo)
    assert commands == [["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                         "--loglevel=error"]]  # fmt: skip
    assert "environ 200 Mo" in capsys.readouterr().err
    installed = repo / "node_modules" / "decap-cms"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text('{"version": "3.1.0"}', "utf-8")
    commands.clear()
    bootstrap.ensure_npm_packages(repo)
    assert commands == []


def test_oqrls_runs_the_brokers_command_line() -> None:
    python = Path("/d/.venv/bin/python")
    assert bootstrap.command_for("oqrls", python, ["check"]) == [
        str(python), "-m", "generator.tools.cli", "check"
    ]  # fmt: skip
    assert bootstrap.EXTRAS["oqrls"] == frozenset()

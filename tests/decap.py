"""Decap CMS for tests: the pinned npm packages, decap-server on loopback, an admin site."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Project

NODE_MODULES = REPO / "node_modules"


def _installed(name: str) -> str | None:
    try:
        return str(json.loads((NODE_MODULES / name / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def require_modules() -> Path:
    """The packages of package.json, installed by `npm ci` when they are missing or stale.

    Skipped without npm, except in CI, where the editor's tests must run.
    """
    wanted = json.loads((REPO / "package.json").read_text("utf-8"))["dependencies"]
    if all(_installed(name) == version for name, version in wanted.items()):
        return NODE_MODULES
    if shutil.which("npm") is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js et npm sont requis en CI pour tester l'éditeur (voir .ci/run)")
        pytest.skip("npm absent : l'éditeur Decap CMS ne peut pas être installé (npm ci)")
    result = subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci a échoué :\n{result.stderr[-3000:]}")
    return NODE_MODULES


@contextmanager
def decap_server(root: Path, port: int) -> Iterator[str]:
    """decap-server writing into `root` (its file-system mode), bound to 127.0.0.1."""
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": "warn",
    }
    server = subprocess.Popen(
        ["node", str(NODE_MODULES / "decap-server" / "dist" / "index.js")],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    error = server.stderr.read().decode() if server.stderr else ""
                    pytest.fail(f"decap-server ne démarre pas : {error}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def admin_site(project: Project, port: int) -> None:
    """Point the project's editor at decap-server on `port` and at the installed bundle."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    options = (
        f"      admin_local_url: http://127.0.0.1:{port}/api/v1\n"
        f"      node_modules: {NODE_MODULES}\n"
        "      search: false\n"
    )
    marker = "      bulletins_dir: bulletins\n"
    assert marker in text
    config.write_text(text.replace(marker, marker + options), "utf-8")


FRONT_MATTER_JS = REPO / "theme" / "assets" / "javascripts" / "front-matter.js"

_NODE_CALL = """
const [module, yamlModule, settingsPath] = process.argv.slice(1);
const FM = await import(module);
const YAML = await import(yamlModule);
const fs = await import("node:fs");
const settings = JSON.parse(fs.readFileSync(settingsPath, "utf8"));
const calls = JSON.parse(fs.readFileSync(0, "utf8"));
const answers = calls.map(([name, args]) => {
  try {
    return { value: FM[name](YAML, settings, ...args) };
  } catch (error) {
    return { error: String(error) };
  }
});
process.stdout.write(JSON.stringify(answers));
"""


def front_matter_js(
    settings: dict[str, Any], calls: list[tuple[str, list[Any]]], tmp_path: Path
) -> list[dict[str, Any]]:
    """Call functions of theme/assets/javascripts/front-matter.js in Node, as the editor
    does in the browser (with the `yaml` package it loads): `[(name, args)]` → `{value}` or
    `{error}` each. Skipped without Node.js (except in CI)."""
    modules = require_modules()
    settings_file = tmp_path / "reglages-editeur.json"
    settings_file.write_text(json.dumps(settings), "utf-8")
    result = subprocess.run(
        [
            "node", "--no-warnings", "--input-type=module", "-e", _NODE_CALL,
            FRONT_MATTER_JS.as_uri(),
            (modules / "yaml" / "browser" / "dist" / "index.js").as_uri(),
            str(settings_file),
        ],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers

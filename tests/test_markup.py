"""The markup the project writes validates: the W3C Nu HTML Checker on every page type.

The checker (npm `vnu-jar`, run with Java) reads the whole built site of the repo and of a
generated collection with a bulletin. What Material's own templates write (documented in
the README) and what email clients need in the email editions are the only errors allowed;
anything else fails, with its file, line and message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.decap import require_modules

pytestmark = pytest.mark.validator

MATERIAL = (
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off".
    ("Attribute “autocomplete” is only allowed", 'class="md-toggle"'),
    # partials/toc.html: the title of the table of contents labels a hidden toggle.
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
)
"""Errors in Material's own templates (base.html, partials/toc.html), which the project does
not override: (start of the message, part of the markup it quotes)."""

EMAIL = (
    # Outlook's table spacing, and the VML namespaces MJML declares for Outlook.
    ("CSS: “mso-", ""),
    ("Attribute “xmlns:v” not allowed here", ""),
    ("Attribute “xmlns:o” not allowed here", ""),
    # The unsubscribe link as the mailing tool's merge tag (`*|UNSUB|*`), replaced on sending.
    ("Bad value “*|", "href"),
)
"""What the email editions (courriel.html) need for mail clients and mailing tools."""


def _checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("Java est requis en CI pour le validateur HTML (voir .ci/run)")
        pytest.skip("Java absent : le validateur HTML (vnu) ne peut pas tourner")
    jar = require_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), jar
    return [java, "-jar", str(jar)]


def _allowed(message: dict[str, str]) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    known = [*MATERIAL, *(EMAIL if message.get("url", "").endswith("/courriel.html") else ())]
    return any(text.startswith(start) and part in extract for start, part in known)


def _errors(site: Path) -> list[dict[str, str]]:
    result = subprocess.run(
        [*_checker(), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    messages: list[dict[str, str]] = json.loads(result.stderr)["messages"]
    return messages


def _shown(message: dict[str, str], site: Path) -> str:
    where = message["url"].split(str(site))[-1]
    return f"{where}:{message.get('lastLine')}: {message['message']} « {message.get('extract')} »"


@pytest.fixture(scope="module")
def sites(repo_site: Path, generated_site: Path) -> dict[str, Path]:
    _checker()
    return {"dépôt": repo_site, "généré": generated_site}


@pytest.mark.parametrize("name", ["dépôt", "généré"])
def test_the_checker_finds_no_error_of_ours(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    errors = _errors(site)
    ours = [_shown(m, site) for m in errors if not _allowed(m)]
    assert ours == []
    # The allowances are real: Material's errors are there, so the check did read the pages.
    assert any(_allowed(m) for m in errors)
    checked = {m["url"] for m in errors}
    assert any(url.endswith("/index.html") for url in checked)


def test_the_checker_would_see_an_error(tmp_path: Path) -> None:
    """A page with an error of the kind the project once wrote fails the check."""
    page = tmp_path / "index.html"
    page.write_text(
        '<!DOCTYPE html><html lang="fr"><head><title>x</title></head><body>'
        '<h1>Titre</h1><h3>Saut</h3><span aria-label="étiquette">0</span>'
        '<p id="a">1</p><p id="a">2</p></body></html>',
        "utf-8",
    )
    messages = [m["message"] for m in _errors(tmp_path) if not _allowed(m)]
    assert any("aria-label" in m for m in messages)
    assert any("Duplicate ID" in m for m in messages)

"""`mkdocs serve`, the brokers' preview: a typo is reported and the server keeps going."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import Project, story_text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(condition, seconds: float = 30) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_reports_invalid_story_and_keeps_running(project: Project, tmp_path: Path) -> None:
    project.story("a", title="Premier titre")
    project.story("b", title="Brouillon visible", draft=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "Premier titre" in _get(base + "recits/a/"))
        assert "Brouillon visible" in _get(base + "recits/b/")  # drafts are previewed

        project.write("stories/a.md", story_text(title="Premier titre", region="nulle-part"))
        assert _wait_for(lambda: "stories/a.md:4: region" in Path(log.name).read_text("utf-8"))
        assert server.poll() is None
        assert "Brouillon visible" in _get(base + "recits/b/")

        project.write("stories/a.md", story_text(title="Titre corrigé"))
        assert _wait_for(lambda: "Titre corrigé" in _get(base + "recits/a/"))
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "Traceback" not in Path(log.name).read_text("utf-8")


def test_serve_rebuilds_only_what_an_edit_changes(project: Project, tmp_path: Path) -> None:
    for slug in "abc":
        project.story(slug, title=f"Titre {slug}", success_factors=["vision-commune"])
    project.story("d", title="Titre d", region="07", success_factors=["ecoute-population"],
                  outcomes=["continuite"])  # fmt: skip
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "Titre a" in _get(base + "recits/a/"))
        project.write(
            "stories/a.md", story_text(title="Titre revu", success_factors=["vision-commune"])
        )
        # The story, the story that lists it as related, the catalogue: all fresh.
        assert _wait_for(lambda: "Titre revu" in _get(base + "recits/a/"))
        for page in ("recits/b/", "catalogue/", "regions/estrie/"):
            assert "Titre revu" in _get(base + page), page
        text = Path(log.name).read_text("utf-8")
        assert "pages refaites" in text and "'dirty' build" not in text
        rebuilt, unchanged = text.rsplit("aperçu : ", 1)[1].split(" pages refaites, ")
        # d, its region, factor, outcome and year, the search page: left as they were.
        assert int(rebuilt) > 0 and int(unchanged.split(" ")[0]) >= 6
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "Traceback" not in Path(log.name).read_text("utf-8")

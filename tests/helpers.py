"""Running the core pipeline on a folder of files written by a test."""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path

from generator.pipeline import Collection, Settings, build_collection


def collect(root: Path, files: dict[str, str | bytes], *, drafts: bool = False) -> Collection:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    settings = Settings(root, root / "stories", root / "bulletins", include_drafts=drafts)
    return build_collection(settings)


def messages(root: Path, files: dict[str, str | bytes]) -> list[str]:
    return [str(problem) for problem in collect(root, files).problems]


def installed_tool(name: str) -> str | None:
    """A command that pip installed next to the running Python, else one on PATH.

    `.venv/bin/python -m pytest` runs without an activated environment: its tools are in
    `.venv/bin` (`.venv\\Scripts` on Windows), which need not be on PATH.
    """
    folders = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for folder in folders:
        for candidate in (
            folder / name,
            folder / f"{name}.exe",
            folder / "Scripts" / f"{name}.exe",
        ):
            if candidate.is_file():
                return str(candidate)
    return shutil.which(name)

"""The site's search index, built by Pagefind over the finished HTML.

Pagefind's binary ships in the `pagefind[bin]` wheel. Only stories and bulletins are read
(elements marked `data-pagefind-body`); the page language (`fr`) selects French stemming.
Pagefind's filters are not used: their files come out in a different order on every run,
and the site must build byte for byte the same.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import urls

INDEXED = f"{{{urls.STORIES},{urls.BULLETINS}}}/**/*.html"
"""The pages worth searching; Pagefind need not read the thousands of others."""


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_site(site_dir: Path) -> None:
    """Run Pagefind over `site_dir`, writing its bundle to `site_dir/pagefind`."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir),
        "--output-subdir", urls.SEARCH_BUNDLE, "--glob", INDEXED,
        "--exclude-selectors", ".headerlink", "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(str(error)) from None
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip()[-2000:])

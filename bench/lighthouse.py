"""Lighthouse 12 on pages of the built site, as a phone sees them.

    npm install --prefix /tmp/lighthouse lighthouse@12     # once, outside the repo
    python bench/lighthouse.py                              # home page and one story
    python bench/lighthouse.py --pages "" catalogue/ tableau-de-bord/ --runs 3

The site is built from the repo (or taken from `--site`), served on 127.0.0.1 with gzip (as
GitHub Pages serves it), and each page
is audited with Lighthouse's default mobile preset (a mid-range phone, slow 4G, a slower
CPU) in Debian's Chromium (`CHROME_PATH`, /usr/bin/chromium by default). Prints the median
performance, accessibility, best-practices and SEO scores of each page (the aim is 0.9 for
performance and 0.95 for the others), the measures behind performance and the machine's speed
as Lighthouse measured it (its `benchmarkIndex`; below 1000, Lighthouse warns that the CPU is
slower than it expects and the score too low: `--cpu-slowdown auto` scales its 4× slowdown
to the machine), and writes them to bench/out/lighthouse.json.
Lighthouse is found with `--lighthouse`, then `LIGHTHOUSE`, then the PATH, then
/tmp/lighthouse.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP s",
    "largest-contentful-paint": "LCP s",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI s",
}
"""Lighthouse's measures behind the performance score, as printed (seconds, milliseconds)."""
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
EXPECTED_BENCHMARK = 1000
"""Lighthouse's mobile preset slows the CPU 4 times, for a machine of at least this speed
(its benchmarkIndex); on a slower or busy one it warns that the score is too low."""
DEFAULT_SLOWDOWN = 4.0
INSTALLED = Path("/tmp/lighthouse/node_modules/.bin/lighthouse")
COMPRESSED = frozenset(
    {"application/javascript", "text/javascript", "application/json", "image/svg+xml",
     "application/xml", "application/atom+xml"}
)  # fmt: skip


def find_lighthouse(given: str | None) -> str | None:
    for candidate in (given, os.environ.get("LIGHTHOUSE"), shutil.which("lighthouse")):
        if candidate:
            return candidate
    return str(INSTALLED) if INSTALLED.exists() else None


class _CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: text compressed with gzip when the browser
    accepts it (Python's own server sends it raw, which no host does)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        request = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not request.endswith("/"):
                return super().send_head()  # which redirects `dossier` to `dossier/`
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and (kind.startswith("text/") or kind in COMPRESSED)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_CompressingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(target: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
        cwd=REPO, env=env, check=True,
    )  # fmt: skip


def default_pages(site: Path) -> list[str]:
    """The home page and the newest story (read from the site: no story is named here)."""
    records = json.loads((site / "stories.json").read_text("utf-8"))
    return ["", f"recits/{records[0]['slug']}/"] if records else [""]


def audit(
    lighthouse: str, address: str, chrome: str, slowdown: float = DEFAULT_SLOWDOWN
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "rapport.json"
        subprocess.run(
            [lighthouse, address, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
             f"--throttling.cpuSlowdownMultiplier={slowdown}"],
            env={**os.environ, "CHROME_PATH": chrome}, check=True, timeout=600,
        )  # fmt: skip
        result = json.loads(report.read_text("utf-8"))
    scores = {name: float(result["categories"][name]["score"]) for name in CATEGORIES}
    for audit_id, label in METRICS.items():
        value = float(result["audits"][audit_id]["numericValue"])
        scores[label] = value / 1000 if label.endswith(" s") else value
    # Lighthouse's measure of this machine's speed: a busy machine scores lower (and so
    # does the page), whatever the site.
    scores["benchmarkIndex"] = float(result["environment"]["benchmarkIndex"])
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : construit)")
    parser.add_argument("--pages", nargs="*", help="adresses relatives à la racine du site")
    parser.add_argument("--runs", type=int, default=1, help="passages par page (médiane)")
    parser.add_argument("--lighthouse", help="chemin de l'exécutable lighthouse")
    parser.add_argument(
        "--cpu-slowdown",
        default=str(DEFAULT_SLOWDOWN),
        help="ralentissement du processeur (4 : réglage mobile de Lighthouse) ; « auto » : "
        "4 × indice de vitesse mesuré / 1000, pour une machine lente ou occupée",
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    arguments = parser.parse_args()
    lighthouse = find_lighthouse(arguments.lighthouse)
    if lighthouse is None:
        print(
            "Lighthouse introuvable : npm install --prefix /tmp/lighthouse lighthouse@12",
            file=sys.stderr,
        )
        return 2
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder:
        site = arguments.site
        if site is None:
            site = Path(folder) / "site"
            build_site(site)
        pages = arguments.pages if arguments.pages is not None else default_pages(site)
        results = {}
        with serve(site) as base:
            slowdown = _slowdown(arguments.cpu_slowdown, lighthouse, base + pages[0], chrome)
            for page in pages:
                runs = [
                    audit(lighthouse, base + page, chrome, slowdown) for _ in range(arguments.runs)
                ]
                results[page or "/"] = {
                    name: statistics.median(run[name] for run in runs) for name in runs[0]
                }
    print(f"ralentissement du processeur : {slowdown:.2f}")
    columns = [*CATEGORIES, *METRICS.values(), "benchmarkIndex"]
    print(f"{'page':<40} " + " ".join(f"{name[:14]:>14}" for name in columns))
    for page, scores in results.items():
        print(f"{page[:40]:<40} " + " ".join(f"{scores[name]:>14.2f}" for name in columns))
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / "lighthouse.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def _slowdown(given: str, lighthouse: str, address: str, chrome: str) -> float:
    """The CPU slowdown to audit with; `auto` scales Lighthouse's 4× to this machine's
    measured speed, as its documentation advises, so that the emulated phone stays the same."""
    if given != "auto":
        return float(given)
    speed = audit(lighthouse, address, chrome)["benchmarkIndex"]
    return min(DEFAULT_SLOWDOWN, max(1.0, DEFAULT_SLOWDOWN * speed / EXPECTED_BENCHMARK))


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the generator's full build against the floor (MkDocs + Material alone).

    python bench/run.py                       # N = 100, 1000, 5000; 3 runs each
    python bench/run.py --sizes 100 --runs 1  # a quick look
    python bench/run.py --preview             # `mkdocs serve`: rebuild after each edit

For each N it writes a deterministic corpus, builds (1) the floor: the same stories as plain
Material pages, out of the nav, with Material's search; (2) the full site with the generator;
and prints medians of wall time, peak resident memory, site size, what a reader downloads to
search, the ratio full/floor, and the generator's own time per stage.

With `--preview`, it starts `mkdocs serve` on the corpus of each N instead, edits one story at
a time — its title, one more term, one more sentence in its body — and times each rebuild,
from the save to the server's « Reloading browsers », with the pages it rendered again.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402

FLOOR_CONFIG = """\
site_name: Plancher
site_url: https://oqrls.example.org/
docs_dir: docs
theme:
  name: material
  language: fr
  font: false
nav:
  - Accueil: index.md
plugins:
  - search:
      lang: fr
"""


def machine_speed() -> float:
    """Seconds a fixed loop of pure Python takes here, now (the best of three): shared
    virtual machines run at half their speed for minutes at a time, and numbers taken in
    such a phase read as a regression. Printed and kept with the results, to compare like
    with like."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(3_000_000):
            total += number * number
        best = min(best, time.perf_counter() - start)
    return best


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of one run (GNU time)."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            cwd=cwd, env=env, check=True, capture_output=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
        return wall, int(report.read().strip().splitlines()[-1])


def prepare(root: Path, count: int) -> tuple[Path, Path]:
    corpus = root / "corpus"
    write_corpus(corpus, count)
    floor = root / "floor"
    (floor / "docs").mkdir(parents=True)
    (floor / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (floor / "docs" / "index.md").write_text("# Plancher\n", encoding="utf-8")
    shutil.copytree(corpus / "stories", floor / "docs" / "recits")
    full = root / "full"
    full.mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    (full / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(corpus / "stories", full / "stories")
    shutil.copytree(corpus / "bulletins", full / "bulletins")
    return floor, full


def _transfer(path: Path) -> int:
    """Bytes on the wire: scripts, styles and JSON go gzipped (as static hosts such as GitHub
    Pages send them); Pagefind's own files are already compressed."""
    data = path.read_bytes()
    if path.suffix in (".js", ".css", ".json"):
        return len(gzip.compress(data, 6, mtime=0))
    return len(data)


TYPICAL_SEARCH_KIB = 300
"""Target: what a reader downloads for a typical one-word search at 5,000 stories."""


def search_cost(site: Path, worst: bool = False) -> int:
    """Bytes a reader downloads for one search of one word (Material: its whole index,
    gzipped)."""
    legacy = site / "search" / "search_index.json"
    if legacy.exists():
        return _transfer(legacy)
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return 0
    # What the results page fetches (as recorded in Chromium): its own script (or, before
    # recherche.js asked pagefind.js itself, Pagefind's default interface), the engine and
    # its worker, the entry file, the French metadata and WebAssembly; then the word's
    # index chunk (typical: the median chunk; worst: the largest, the chunk of the most
    # frequent words) and the excerpts of the first ten results.
    page = (site / "recherche" / "index.html").read_text(encoding="utf-8")
    names = ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"]
    if "pagefind-ui.js" in page:
        names += ["pagefind-ui.js", "pagefind-ui.css"]
    fixed = sum(_transfer(bundle / name) for name in names if (bundle / name).exists())
    fixed += _transfer(site / "assets" / "javascripts" / "recherche.js")
    fixed += sum(_transfer(p) for p in bundle.glob("wasm.fr*.pagefind"))
    fixed += sum(_transfer(p) for p in bundle.glob("pagefind.fr*.pf_meta"))
    chunks = sorted(p.stat().st_size for p in (bundle / "index").iterdir())
    fragments = sorted(p.stat().st_size for p in (bundle / "fragment").iterdir())
    chunk = chunks[-1] if worst else int(statistics.median(chunks))
    return fixed + chunk + 10 * int(statistics.median(fragments))


def index_size(site: Path) -> dict[str, float]:
    """The search index on disk (KiB): word chunks, excerpts (fragments), metadata; and the
    number and largest of its chunks."""
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return {}
    chunks = [p.stat().st_size for p in (bundle / "index").iterdir()]
    fragments = [p.stat().st_size for p in (bundle / "fragment").iterdir()]
    meta = [p.stat().st_size for p in bundle.glob("pagefind.*.pf_meta")]
    return {
        "index_kib": (sum(chunks) + sum(fragments) + sum(meta)) / 1024,
        "chunks": len(chunks),
        "largest_chunk_kib": max(chunks) / 1024,
        "median_chunk_kib": statistics.median(chunks) / 1024,
    }


def bench(count: int, runs: int, workdir: Path) -> dict[str, object]:
    root = workdir / f"n{count}"
    floor, full = prepare(root, count)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result: dict[str, object] = {"n": count}
    # Floor and full alternate, run by run: this VM's speed swings for minutes at a time,
    # and all the floor's runs followed by all the full ones measured the swing as much as
    # the generator.
    runs_of: dict[str, tuple[list[float], list[int], list[dict[str, float]]]] = {
        "floor": ([], [], []), "full": ([], [], []),
    }  # fmt: skip
    for _ in range(runs):
        for name, folder in (("floor", floor), ("full", full)):
            walls, memories, stages = runs_of[name]
            timings = root / f"{name}-timings.json"
            run_env = {**env, "OQRLS_TIMINGS": str(timings)}
            wall, memory = _timed([sys.executable, "-m", "mkdocs", "build", "-q"], folder, run_env)
            walls.append(wall)
            memories.append(memory)
            if timings.exists():
                stages.append(json.loads(timings.read_text()))
    for name, folder in (("floor", floor), ("full", full)):
        walls, memories, stages = runs_of[name]
        site = folder / "site"
        result[name] = {
            "wall_s": statistics.median(walls),
            "walls": walls,
            "peak_rss_mib": statistics.median(memories) / 1024,
            "site_mib": _size(site) / 2**20,
            "search_kib": search_cost(site) / 1024,
            "search_worst_kib": search_cost(site, worst=True) / 1024,
            **index_size(site),
        }
        if stages:
            result[name]["stages_s"] = {  # type: ignore[index]
                stage: statistics.median(s[stage] for s in stages) for stage in stages[0]
            }
        if name == "full":
            for page in ("catalogue/index.html", "coups-doeil/index.html"):
                result[f"{page.split('/')[0]}_kib"] = (site / page).stat().st_size / 1024
            # Le Relais by email: Gmail clips a message past about 102 KB.
            emails = [p.stat().st_size for p in site.glob("bulletins/*/courriel.html")]
            result["email_max_kib"] = max(emails, default=0) / 1024
    check_walls = []
    for _ in range(runs):
        wall, _memory = _timed([sys.executable, "-m", "generator.tools.cli", "check"], full, env)
        check_walls.append(wall)
    result["check_s"] = statistics.median(check_walls)
    floor_stats, full_stats = result["floor"], result["full"]
    result["ratio_time"] = full_stats["wall_s"] / floor_stats["wall_s"]  # type: ignore[index]
    floor_walls, full_walls = runs_of["floor"][0], runs_of["full"][0]
    result["ratios"] = [b / a for a, b in zip(floor_walls, full_walls, strict=True)]
    result["ratio_size"] = full_stats["site_mib"] / floor_stats["site_mib"]  # type: ignore[index]
    return result


EDITS = ("titre", "terme", "phrase")
"""The edits a broker makes while previewing: a title, one more term, one more sentence."""


class _ServeLog:
    """The server's log lines as they come, each with the moment it was read."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            with self._changed:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self._changed.notify_all()

    def wait_for(self, text: str, after: int, seconds: float = 600) -> tuple[int, float]:
        """Index and time of the first line from `after` on that contains `text`."""
        deadline = time.perf_counter() + seconds
        with self._changed:
            while True:
                for index in range(after, len(self.lines)):
                    if text in self.lines[index][1]:
                        return index, self.lines[index][0]
                if not self._changed.wait(timeout=max(0.0, deadline - time.perf_counter())):
                    tail = "\n".join(line for _, line in self.lines[-40:])
                    raise TimeoutError(f"« {text} » attendu de mkdocs serve :\n{tail}")


def _edit(path: Path, kind: str, number: int) -> None:
    """One broker's edit of one story file."""
    import yaml

    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    if kind == "titre":
        data["title"] = f"{data['title']} (révisé {number})"
    elif kind == "terme":
        from generator.model.vocabulary import DEFAULT_VOCABULARIES, load_vocabularies

        vocabularies, _ = load_vocabularies(DEFAULT_VOCABULARIES)
        ids = [term.id for term in vocabularies["success_factors"]]
        chosen = data["success_factors"]
        data["success_factors"] = [*chosen, next(i for i in ids if i not in chosen)]
    else:
        body = body.replace("\n\n", f" Une phrase ajoutée ({number}).\n\n", 1)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def _cpu_seconds(pid: int) -> float:
    """Processor time used so far by process `pid` (Linux): on a shared machine, what a
    rebuild costs whatever the other processes take."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_REDONE = re.compile(r"aperçu : (\d+) pages refaites")


def preview(count: int, runs: int, workdir: Path) -> dict[str, object]:
    """Rebuild times of `mkdocs serve` after each kind of edit, `runs` edits of each."""
    root = workdir / f"n{count}"
    _floor, full = prepare(root, count)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=full, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    log = _ServeLog(server.stdout)
    result: dict[str, object] = {"n": count}
    try:
        seen, started = log.wait_for("Serving on", 0)
        result["first_build_s"] = started - log.lines[0][0]
        stories = sorted((full / "stories").glob("*.md"))
        number = 0
        for kind in EDITS:
            saves, builds, cpus, redone = [], [], [], []
            for _ in range(runs):
                number += 1
                time.sleep(1.0)  # the previous reload settles; polling sees one change
                seen = len(log.lines)
                saved, cpu = time.perf_counter(), _cpu_seconds(server.pid)
                _edit(stories[(number * 37) % len(stories)], kind, number)
                detected, detected_at = log.wait_for("Detected file changes", seen)
                done, done_at = log.wait_for("Reloading browsers", detected)
                cpus.append(_cpu_seconds(server.pid) - cpu)
                saves.append(done_at - saved)
                builds.append(done_at - detected_at)
                counts = [_REDONE.search(line) for _, line in log.lines[detected:done]]
                redone += [int(match[1]) for match in counts if match]
            result[kind] = {
                "save_to_reload_s": statistics.median(saves),
                "rebuild_s": statistics.median(builds),
                "cpu_s": statistics.median(cpus),
                "saves": saves,
                "pages": redone,
            }
    finally:
        server.terminate()
        server.wait(timeout=60)
    return result


def _print_preview(results: list[dict[str, object]]) -> None:
    print(f"{'N':>6} {'modification':>13} {'sauvegarde→rechargement s':>26} "
          f"{'reconstruction s':>17} {'processeur s':>13} {'pages refaites':>15}")  # fmt: skip
    for r in results:
        for kind in EDITS:
            k = r[kind]
            pages = k["pages"]  # type: ignore[index]
            shown = statistics.median(pages) if pages else "toutes"
            print(f"{r['n']:>6} {kind:>13} {k['save_to_reload_s']:>26.2f} "  # type: ignore[index]
                  f"{k['rebuild_s']:>17.2f} {k['cpu_s']:>13.2f} {shown!s:>15}")  # type: ignore[index]  # fmt: skip
        print(f"{r['n']:>6} première construction : {r['first_build_s']:.1f} s")


def _search_line(r: dict[str, Any]) -> str:
    """One-word searches: typical and worst download, the index and its chunks."""
    full, floor = r["full"], r["floor"]
    target = ""
    if r["n"] >= 5000:
        reached = "atteinte" if full["search_kib"] <= TYPICAL_SEARCH_KIB else "MANQUÉE"
        target = f" (cible ≤ {TYPICAL_SEARCH_KIB} Ko : {reached})"
    return (
        f"N={r['n']}: recherche d'un mot : typique {full['search_kib']:.0f} Ko{target}, "
        f"pire cas {full['search_worst_kib']:.0f} Ko (plus gros morceau de mots : "
        f"{full.get('largest_chunk_kib', 0):.0f} Ko) ; plancher {floor['search_kib']:.0f} Ko ; "
        f"index {full.get('index_kib', 0):.0f} Ko en {full.get('chunks', 0):.0f} morceaux "
        f"(médian {full.get('median_chunk_kib', 0):.0f} Ko)"
    )


def _print(results: list[dict[str, object]]) -> None:
    print(f"{'N':>6} {'plancher s':>10} {'complet s':>10} {'ratio':>6} {'Mo pl.':>8} "
          f"{'Mo compl.':>9} {'ratio':>6} {'RSS pl.':>8} {'RSS co.':>8} {'rech. Ko':>9} "
          f"{'check s':>8}")  # fmt: skip
    for r in results:
        fl, fu = r["floor"], r["full"]
        print(
            f"{r['n']:>6} {fl['wall_s']:>10.2f} {fu['wall_s']:>10.2f} {r['ratio_time']:>6.2f} "  # type: ignore[index]
            f"{fl['site_mib']:>8.1f} {fu['site_mib']:>9.1f} {r['ratio_size']:>6.2f} "  # type: ignore[index]
            f"{fl['peak_rss_mib']:>8.0f} {fu['peak_rss_mib']:>8.0f} {fu['search_kib']:>9.0f} "  # type: ignore[index]
            f"{r['check_s']:>8.2f}"
        )
    for r in results:
        stages = r["full"].get("stages_s", {})  # type: ignore[attr-defined]
        split = ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
        print(f"N={r['n']}: étapes du générateur (s) : {split}")
        print(f"N={r['n']}: catalogue {r.get('catalogue_kib', 0):.0f} Ko, "
              f"coups d'œil {r.get('coups-doeil_kib', 0):.0f} Ko ; "
              f"courriel le plus lourd {r.get('email_max_kib', 0):.0f} Ko")  # fmt: skip
        print(_search_line(r))
    if len(results) > 1:
        by_n = {r["n"]: r for r in results}
        if 1000 in by_n and 5000 in by_n:
            growth = by_n[5000]["full"]["wall_s"] / by_n[1000]["full"]["wall_s"]  # type: ignore[index]
            print(f"temps complet N=5000 / N=1000 : {growth:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--keep", action="store_true", help="garder les sites construits")
    parser.add_argument(
        "--preview",
        action="store_true",
        help="mesurer l'aperçu (mkdocs serve) après chaque édition",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="oqrls-bench-"))
    measure = preview if args.preview else bench
    try:
        speed = machine_speed()
        results = [measure(count, args.runs, workdir) for count in args.sizes]
        for result in results:
            result["machine_s"] = round((speed + machine_speed()) / 2, 3)  # before and after
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    name = "preview.json" if args.preview else "results.json"
    (args.out / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    (_print_preview if args.preview else _print)(results)
    print(f"boucle de référence : {results[-1]['machine_s']:.3f} s (plus c'est long, plus la "
          "machine était lente pendant la mesure)")  # fmt: skip


if __name__ == "__main__":
    main()

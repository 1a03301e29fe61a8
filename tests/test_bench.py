"""The benchmark script runs end to end on a tiny corpus (its numbers are not asserted)."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_benchmark_runs_and_reports(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "15", "--runs", "1", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (report,) = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert report["n"] == 15
    for build in ("floor", "full"):
        assert report[build]["wall_s"] > 0 and report[build]["site_mib"] > 0
    assert set(report["full"]["stages_s"]) == {"load", "validate", "enrich", "index", "render"}
    assert report["full"]["search_kib"] > 0
    assert report["full"]["search_worst_kib"] >= report["full"]["search_kib"]
    assert report["full"]["index_kib"] > 0 and "recherche d'un mot" in result.stdout
    assert "étapes du générateur" in result.stdout
    assert report["machine_s"] > 0 and "boucle de référence" in result.stdout

"""The files benchmark (bench/files_bench.py) runs end to end at a tiny size and reports what it measured.

Correctness only: the speed and memory targets are read in its results, not asserted in a timed test.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO


def test_files_bench_runs_at_a_tiny_size(tmp_path: Path) -> None:
    command = [
        str(REPO / ".venv" / "bin" / "python"), "bench/files_bench.py",
        "--sizes", "20", "--base-files", "2", "--added", "3",
        "--work-dir", str(tmp_path / "work"), "--results-dir", str(tmp_path / "results"),
    ]
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    (result,) = (tmp_path / "results").glob("*-files.json")
    report = json.loads(result.read_text())
    (size,) = report["results"]
    assert size["files"] == 20
    assert size["full"]["name"] == "full build, 20 files" and size["incremental"]["name"] == "+3 files on 20"
    for run in (report["base"], size["full"], size["incremental"]):
        assert run["wall_s"] > 0 and run["cpu_s"] > 0 and run["peak_mb"] > 50, run
    # nodes and edges: part 0 and at most one part per file (23 files, 256 buckets)
    assert 2 <= size["parquet_files"] <= 2 * (23 + 1)
    raw = tmp_path / "work" / "raw-20"
    assert len(list(raw.glob("pubmed_*.csv"))) == 20 and not list(raw.glob("pubmed-added_*.csv"))
    assert (tmp_path / "results" / result.name.replace(".json", ".md")).read_text().startswith("# Files benchmark")

"""The benchmark runs end to end at a tiny size, and the pipeline finds exactly the floor's mention pairs.

This checks correctness only; speed and memory targets live in `make bench`, not in timed tests.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO


def test_bench_runs_and_pipeline_matches_floor(tmp_path: Path) -> None:
    command = [
        str(REPO / ".venv" / "bin" / "python"),
        "bench/run_bench.py", "--publications", "20000", "--drugs", "300", "--pandas-publications", "2000",
        "--work-dir", str(tmp_path / "work"), "--results-dir", str(tmp_path / "results"),
    ]
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    (result,) = (tmp_path / "results").glob("*-20000x300.json")
    report = json.loads(result.read_text())
    assert report["pairs_equal"] is True
    assert report["incremental_equal"] is True
    assert {run["name"] for run in report["runs"]} >= {
        "floor", "pipeline", "pipeline, 7 drugs", "pandas loop (small)", "incremental build, +1.0%", "full build, +1.0%",
    }
    counts = json.loads((tmp_path / "work" / "raw-20000x300" / "_expected_counts.json").read_text())
    assert sum(rows for name, rows in counts.items() if not name.startswith("drugs")) == 20000

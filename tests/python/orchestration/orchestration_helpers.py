"""Shared by the orchestration tests, which run in .venv-orchestration (Dagster, dagster-dbt): `make test` runs
them apart from tests/python."""

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_DIR


@pytest.fixture
def pipeline_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A copy of the sample as RAW_DATA_DIR, and a warehouse, outputs and alerts file of the test's own."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    paths = {
        "raw": raw,
        "database": tmp_path / "warehouse" / "warehouse.duckdb",
        "output": tmp_path / "output",
        "alerts": tmp_path / "alerts.jsonl",
    }
    paths["database"].parent.mkdir()
    monkeypatch.setenv("RAW_DATA_DIR", str(raw))
    monkeypatch.setenv("DUCKDB_PATH", str(paths["database"]))
    monkeypatch.setenv("OUTPUT_DIR", str(paths["output"]))
    monkeypatch.setenv("ALERTS_FILE", str(paths["alerts"]))
    monkeypatch.setenv("DBT_TARGET", "duckdb")
    monkeypatch.delenv("ALERT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("DRUG_GRAPH_FAIL_MODELS", raising=False)
    return paths

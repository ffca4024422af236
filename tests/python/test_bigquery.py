"""The project as BigQuery SQL, offline: `dbt compile --target bigquery` with the network cut and a dummy key,
then the manifest check and the ZetaSQL analysis of every compiled model, test and analysis.

Needs the portability venv (`make setup-portability`: .venv-portability with dbt-bigquery and zetasql) and
`unshare` (util-linux) with the right to cut the network (root, user namespaces or sudo).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, Build

PORTABILITY_BIN = Path(os.environ.get("PORTABILITY_VENV", REPO / ".venv-portability")) / "bin"
SCRIPTS = REPO / "scripts" / "portability"
PROJECT = "drug-graph-offline"

# DuckDB-only syntax that must not pass as BigQuery SQL, each on a real table of the project.
DUCKDB_ONLY = {
    "cast_operator.sql": f"select drug_id::varchar as drug_id from `{PROJECT}`.`marts`.`dim_drugs`",
    "list_comprehension.sql": "select [word || 's' for word in ['a', 'b']] as words",
    "string_split.sql": f"select string_split(name_words, ' ') from `{PROJECT}`.`marts`.`dim_drugs`",
    "exclude.sql": f"select * exclude (atccode) from `{PROJECT}`.`marts`.`dim_drugs`",
    "read_csv.sql": "select * from read_csv('data/sample/drugs.csv')",
}
BIGQUERY_OK = (
    f"select split(name_words, ' ')[safe_offset(0)] as first_word, * except (atccode)"
    f" from `{PROJECT}`.`marts`.`dim_drugs`"
)


def bigquery_missing() -> str | None:
    for tool in ("dbt", "python"):
        if not (PORTABILITY_BIN / tool).exists():
            return f"{PORTABILITY_BIN / tool} is missing: run `make setup-portability`"
    for tool in ("unshare", "openssl"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    return None


pytestmark = pytest.mark.skipif(bigquery_missing() is not None, reason=bigquery_missing() or "")


def run_script(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(PORTABILITY_BIN / "python"), str(SCRIPTS / script), *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bigquery") / "target"
    completed = run_script("bigquery_compile.py", "--dbt", str(PORTABILITY_BIN / "dbt"), "--target-path", str(target))
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    return target / "manifest.json"


@pytest.fixture(scope="module")
def manifest(manifest_path: Path) -> dict:
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def test_compile_covers_models_tests_and_analyses(manifest: dict) -> None:
    compiled = [node for node in manifest["nodes"].values() if node.get("compiled_code")]
    kinds = {node["resource_type"] for node in compiled}
    assert {"model", "test", "analysis"} <= kinds
    assert all(node["database"] == PROJECT for node in compiled if node["resource_type"] == "model")


def test_manifest_uses_only_bigquery_materializations(manifest_path: Path) -> None:
    completed = run_script("manifest_check.py", str(manifest_path))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "model.drug_graph.graph_export_files" in completed.stdout  # the DuckDB-only Python model is disabled


def test_manifest_check_rejects_a_duckdb_only_materialization(manifest: dict, tmp_path: Path) -> None:
    broken = json.loads(json.dumps(manifest))
    broken["nodes"]["model.drug_graph.fct_drug_mentions"]["config"]["materialized"] = "external"
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    completed = run_script("manifest_check.py", str(path))
    assert completed.returncode == 1
    assert "fct_drug_mentions: materialization 'external'" in completed.stdout


def test_large_facts_are_partitioned_by_date_and_clustered_by_drug(manifest: dict) -> None:
    for name in ("fct_drug_mentions", "fct_journal_drug_mentions"):
        config = manifest["nodes"][f"model.drug_graph.{name}"]["config"]
        assert config["partition_by"] == {"field": "mentioned_on", "data_type": "date", "granularity": "day"}
        assert config["cluster_by"] == ["drug_id"]
    export = manifest["nodes"]["model.drug_graph.drug_graph_json"]["config"]
    assert export["materialized"] == "table"


def test_zetasql_accepts_every_compiled_statement(manifest_path: Path, sample_build: Build) -> None:
    completed = run_script("zetasql_check.py", "--manifest", str(manifest_path), "--duckdb", str(sample_build.database))
    assert completed.returncode == 0, completed.stdout[-8000:] + completed.stderr[-3000:]
    assert ", 0 failure(s)" in completed.stdout


def test_zetasql_rejects_duckdb_only_syntax(manifest_path: Path, sample_build: Build, tmp_path: Path) -> None:
    files = []
    for name, sql in {**DUCKDB_ONLY, "bigquery_ok.sql": BIGQUERY_OK}.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
        files.append(str(tmp_path / name))
    completed = run_script(
        "zetasql_check.py", "--manifest", str(manifest_path), "--duckdb", str(sample_build.database), "--sql", *files
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    failed = {line.split("/")[-1] for line in completed.stdout.splitlines() if line.startswith("FAIL ")}
    assert failed == set(DUCKDB_ONLY)

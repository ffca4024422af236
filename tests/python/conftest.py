"""Shared helpers: run dbt on a raw data folder into a temporary DuckDB file and output folder."""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT = REPO / ".venv" / "bin" / "dbt"
SAMPLE_DIR = REPO / "data" / "sample"
SERVIER_DIR = REPO.parent / "shared" / "servier"
# The schema of each layer, by model name prefix (dbt_project.yml; seeds are in `raw`).
LAYER_SCHEMAS = {
    "stg_": "staging",
    "int_": "intermediate",
    "dim_": "marts",
    "fct_": "marts",
    "dq_": "data_quality",
    "graph_": "exports",
    "drug_graph_json": "exports",
}
BUILT_SCHEMAS = ("raw", *dict.fromkeys(LAYER_SCHEMAS.values()))


def schema_of(name: str) -> str:
    """The schema holding a model (or seed) of the project."""
    return next((schema for prefix, schema in LAYER_SCHEMAS.items() if name.startswith(prefix)), "raw")


def relation(name: str) -> str:
    """The schema-qualified name of a model (or seed) of the project, as an analyst would write it."""
    return f"{schema_of(name)}.{name}"


@dataclass
class Build:
    """A finished `dbt build` on one raw data folder."""

    raw_dir: Path
    database: Path
    output_dir: Path

    @property
    def graph_path(self) -> Path:
        return self.output_dir / "drug_graph.json"

    def env(self) -> dict[str, str]:
        return dbt_env(self.raw_dir, self.database, self.output_dir)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def graph(self) -> dict:
        return json.loads(self.graph_path.read_text(encoding="utf-8"))

    def show(self, analysis: str, variables: str | None = None) -> list[dict]:
        args = ["show", "--select", analysis, "--output", "json", "--quiet", "--limit", "-1"]
        if variables:
            args += ["--vars", variables]
        result = run_dbt(args, self.env())
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout)["show"]


def dbt_env(raw_dir: Path, database: Path, output_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw_dir),
        DUCKDB_PATH=str(database),
        OUTPUT_DIR=str(output_dir),
        DBT_PROFILES_DIR=str(REPO),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_TARGET="duckdb",
    )
    return env


def run_dbt(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Runs dbt on the repository's project from the warehouse's folder, with its own target and log folders, so
    runs never share state. The warehouse is named relative to that folder: every test then has the same
    profile, and dbt starts from one parse of the project (partial parsing, see project_parse) instead of
    parsing the whole project again for each run."""
    database = Path(env["DUCKDB_PATH"])
    work = database.parent
    target = work / "target"
    target.mkdir(parents=True, exist_ok=True)
    parsed = project_parse()
    if parsed is not None and not (target / "partial_parse.msgpack").exists():
        shutil.copy(parsed, target / "partial_parse.msgpack")
    command = [str(DBT), *args, "--project-dir", str(REPO), "--target-path", str(target), "--log-path", str(work / "logs")]
    return subprocess.run(
        command, cwd=work, env={**env, "DUCKDB_PATH": database.name}, capture_output=True, text=True, check=False
    )


@functools.cache
def project_parse() -> Path | None:
    """dbt's saved parse of the project (partial_parse.msgpack), made once per test session with a warehouse
    named warehouse.duckdb. dbt uses it when the profile and --vars are the same, and otherwise parses the
    project whole, as without it; either way the result is the same manifest."""
    work = Path(tempfile.mkdtemp(prefix="drug-graph-parse-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    env = dbt_env(SAMPLE_DIR, Path("warehouse.duckdb"), work / "output")
    command = [str(DBT), "parse", "--project-dir", str(REPO), "--target-path", str(work / "target"),
               "--log-path", str(work / "logs")]
    completed = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
    parsed = work / "target" / "partial_parse.msgpack"
    return parsed if completed.returncode == 0 and parsed.exists() else None


def check_after_tampering(
    built: Build, work_dir: Path, selector: str, tampering: str
) -> subprocess.CompletedProcess[str]:
    """`dbt test --select <selector>` on a copy of a built warehouse: it passes first, then runs again (the run
    returned) after the SQL `tampering` has changed the copy."""
    work_dir.mkdir(parents=True, exist_ok=True)
    tampered = Build(built.raw_dir, work_dir / "warehouse.duckdb", built.output_dir)
    shutil.copy(built.database, tampered.database)
    check = ["test", "--select", selector]
    before = run_dbt(check, tampered.env())
    assert before.returncode == 0, before.stdout[-3000:]
    with duckdb.connect(str(tampered.database)) as connection:
        connection.execute(tampering)
    return run_dbt(check, tampered.env())


def export_files(output_dir: Path) -> dict[str, bytes]:
    """The export files of a build (the JSON graph and every Parquet part), by path inside the output folder."""
    paths = [output_dir / "drug_graph.json", *sorted(output_dir.glob("graph_*/*.parquet"))]
    return {str(path.relative_to(output_dir)): path.read_bytes() for path in paths}


def build(raw_dir: Path, work_dir: Path) -> Build:
    work_dir.mkdir(parents=True, exist_ok=True)
    result = Build(raw_dir, work_dir / "warehouse.duckdb", work_dir / "output")
    completed = run_dbt(["build"], result.env())
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-5000:]
    return result


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(SAMPLE_DIR, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def servier_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    if not SERVIER_DIR.is_dir():
        pytest.skip("../shared/servier is not here")
    return build(SERVIER_DIR, tmp_path_factory.mktemp("servier"))

"""DuckDB buffers a CTE that a query reads more than once (it "materializes" it) unless the CTE is marked `not
materialized` (macro not_materialized): on the graph's millions of rows a buffered import CTE copies gigabytes
first (docs/performance.md, "CTEs read several times"). The CTEs DuckDB buffers in the models' queries (as a
full build compiles them) are exactly the ones listed here, each with the reason it may be."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
from conftest import REPO, Build, run_dbt

BUFFERED_ON_PURPOSE = {
    # the few candidate (row, drug) pairs, without titles: the model's comment says why they are shared
    "int_drug_mentions_matched": {"candidates"},
    # the rows of the drugs files: thousands, not millions
    "int_drug_rows_resolved": {"drug_rows"},
}
# DuckDB's own shared subplans and dbt's ephemeral models, which the plan names with a leading "__"
CTE_NAME = re.compile(r"CTE Name:[\s│]*([A-Za-z0-9_]+)")


def buffered_ctes(connection: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    plan = "\n".join(row[1] for row in connection.execute("explain " + sql).fetchall())
    return {name for name in CTE_NAME.findall(plan) if not name.startswith("__")}


def test_only_the_ctes_chosen_are_buffered(sample_build: Build, tmp_path: Path) -> None:
    # compiled as a full build (`--full-refresh`), on a copy of the sample's warehouse that other tests may build
    # again incrementally; the plans are explained on the warehouse itself
    work = tmp_path / "compile"
    work.mkdir()
    shutil.copy(sample_build.database, work / "warehouse.duckdb")
    copy = Build(sample_build.raw_dir, work / "warehouse.duckdb", work / "output")
    compiled = run_dbt(["compile", "--full-refresh"], copy.env())
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    model_names = {path.stem for path in (REPO / "models").rglob("*.sql")}
    folder = work / "target" / "compiled" / "drug_graph" / "models"
    models = [path for path in sorted(folder.rglob("*.sql")) if path.stem in model_names]  # not the tests
    assert len(models) > 20, "dbt compiled the models"
    with duckdb.connect(str(copy.database), read_only=True) as connection:
        found = {path.stem: names for path in models if (names := buffered_ctes(connection, path.read_text()))}
    assert found == BUFFERED_ON_PURPOSE


def test_the_check_sees_a_buffered_cte(sample_build: Build) -> None:
    with duckdb.connect(str(sample_build.database), read_only=True) as connection:
        twice = "with numbers as (select range as n from range(10)) select * from numbers, numbers as other"
        assert buffered_ctes(connection, twice) == {"numbers"}
        marked = twice.replace("numbers as (", "numbers as not materialized (")
        assert buffered_ctes(connection, marked) == set()

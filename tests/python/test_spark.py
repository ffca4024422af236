"""The project on Apache Spark (dbt-spark, in-process session, local mode): one `dbt build` of the shipped sample,
then the marts compared row for row with the DuckDB build of the same sample.

Needs the portability venv (`make setup-portability`: .venv-portability with dbt-spark and PySpark) and Java 17+.
Spark writes its tables as parquet files in its warehouse folder; DuckDB reads them back for the comparison.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SAMPLE_DIR, Build, relation, schema_of

PORTABILITY_DBT = Path(os.environ.get("PORTABILITY_VENV", REPO / ".venv-portability")) / "bin" / "dbt"
SPARK_SCHEMA = "drug_graph"

# Every table the drug graph and sales marts leave behind, compared whole: the mentions, and what leads to them.
COMPARED_TABLES = [
    "fct_drug_mentions",
    "fct_journal_drug_mentions",
    "dim_drugs",
    "int_publication_rows_resolved",  # the table behind the dim_publications view: every row's outcome
    "int_drug_mentions_matched",
    "dim_journals",
    "dq_rejected_rows",
    "dq_merged_rows",
    "dq_ambiguous_dates",
    "dq_file_reconciliation",
    "fct_sales_daily_revenue",
    "fct_sales_client_product_types",
]
# Columns whose values depend on the engine or the run: when the row was loaded or decided, and the engine's own hashes.
ENGINE_COLUMNS = {"loaded_at", "decided_at", "title_date_hash", "publication_id_hash"}


def spark_missing() -> str | None:
    if not PORTABILITY_DBT.exists():
        return f"{PORTABILITY_DBT} is missing: run `make setup-portability`"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "Java is missing: Spark needs a JDK 17+"
    return None


pytestmark = pytest.mark.skipif(spark_missing() is not None, reason=spark_missing() or "")


class SparkBuild:
    """A finished `dbt build --target spark` whose tables are parquet folders of the Spark warehouse."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.warehouse = work_dir / "spark" / "warehouse"

    def files(self, table: str) -> str:
        """The Parquet files of a table: `<warehouse>/<layer schema>.db/<table>/` (see conftest.LAYER_SCHEMAS)."""
        return str(self.warehouse / f"{schema_of(table)}.db" / table / "*.parquet")

    def rows(self, table: str, columns: list[str] | None = None) -> list[tuple]:
        files = self.files(table)
        listed = ", ".join(columns) if columns else "*"
        with duckdb.connect() as connection:
            return sorted(connection.sql(f"select {listed} from read_parquet('{files}')").fetchall(), key=repr)

    def columns(self, table: str) -> list[str]:
        files = self.files(table)
        with duckdb.connect() as connection:
            return [column[0] for column in connection.sql(f"select * from read_parquet('{files}')").description]


@pytest.fixture(scope="module")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> SparkBuild:
    work = tmp_path_factory.mktemp("spark")
    env = dict(os.environ)
    env.update(
        DBT_PROFILES_DIR=str(REPO),
        DBT_TARGET="spark",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        RAW_DATA_DIR=str(SAMPLE_DIR),
        SPARK_WORK_DIR=str(work / "spark"),
        SPARK_SCHEMA=SPARK_SCHEMA,
        SPARK_LOCAL_IP="127.0.0.1",
        OUTPUT_DIR=str(work / "output"),
        DUCKDB_PATH=str(work / "unused.duckdb"),
    )
    command = [
        str(PORTABILITY_DBT), "build", "--target", "spark",
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
    ]
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    log = "\n".join(line for line in completed.stdout.splitlines() if not line.startswith("{"))
    assert completed.returncode == 0, log[-6000:] + completed.stderr[-3000:]
    assert "ERROR=0" in log
    return SparkBuild(work)


@pytest.mark.parametrize("table", COMPARED_TABLES)
def test_spark_gives_the_duckdb_rows(spark_build: SparkBuild, sample_build: Build, table: str) -> None:
    columns = [column for column in spark_build.columns(table) if column not in ENGINE_COLUMNS]
    duckdb_rows = sorted(sample_build.query(f"select {', '.join(columns)} from {relation(table)}"), key=repr)
    spark_rows = spark_build.rows(table, columns)
    assert duckdb_rows, f"{table} is empty on DuckDB: the comparison would prove nothing"
    missing = [row for row in duckdb_rows if row not in spark_rows]
    extra = [row for row in spark_rows if row not in duckdb_rows]
    assert (missing, extra) == ([], []), f"{table}: rows only on DuckDB {missing}, only on Spark {extra}"


def test_spark_has_the_duckdb_columns(spark_build: SparkBuild, sample_build: Build) -> None:
    for table in COMPARED_TABLES:
        duckdb_columns = [row[0] for row in sample_build.query(
            "select column_name from information_schema.columns"
            f" where table_schema = '{schema_of(table)}' and table_name = '{table}' order by ordinal_position"
        )]
        assert sorted(spark_build.columns(table)) == sorted(duckdb_columns), table


def test_spark_finds_every_sample_mention(spark_build: SparkBuild) -> None:
    # 24 drug-publication mentions on the sample (see test_sample_pipeline.EXPECTED_MENTIONS).
    assert len(spark_build.rows("fct_drug_mentions")) == 24

"""Load the raw files into PostgreSQL's `raw` schema, as the DuckDB build reads them.

Usage: postgres_load_raw.py [--raw-dir DIR] [--dbt PATH/TO/dbt] (connection from POSTGRES_HOST, POSTGRES_PORT,
POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DATABASE)

Two steps, kept apart so that another reader can feed the same writer:
- `read_raw_tables(raw_dir)` reads the raw folder with DuckDB in-process exactly as the DuckDB build does: it runs
  the project's own on-run-start work (`dbt run-operation register_raw_sources_committed`) on a scratch DuckDB
  file, which checks every file (a bad file stops here with the project's message, naming it), then reads the
  `raw.*` views it made: every column as text, plus `source_file` and `source_row`, and the listing `raw.files`.
- `load_raw_tables(connection, tables)` replaces each table `raw.<name>` in one transaction, with `COPY … FROM
  STDIN`, the column types taken from the Arrow schema. Readers of the raw tables see the old rows or the new.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pyarrow as pa
from psycopg2 import sql

REPO = Path(__file__).resolve().parents[2]
RAW_TABLES = ("drugs", "pubmed_csv", "pubmed_json", "clinical_trials", "files")
# Arrow type -> PostgreSQL type of the raw tables' columns.
POSTGRES_TYPES: dict[str, str] = {
    "string": "text",
    "large_string": "text",
    "int64": "bigint",
    "int32": "integer",
}
COPY_BATCH_ROWS = 50_000


def read_raw_tables(raw_dir: Path, dbt: Path, work_dir: Path) -> dict[str, pa.Table]:
    """The raw tables of `raw_dir` as the DuckDB build reads them, by table name."""
    database = work_dir / "raw_files_read.duckdb"
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw_dir.resolve()),
        DUCKDB_PATH=str(database),
        DBT_PROFILES_DIR=str(REPO),
        DBT_TARGET="duckdb",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    command = [
        str(dbt), "run-operation", "register_raw_sources_committed", "--target", "duckdb",
        "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
    ]
    completed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        log = "\n".join(line for line in completed.stdout.splitlines() if not line.startswith("{"))
        raise SystemExit(f"reading the raw folder {raw_dir} failed:\n{log[-4000:]}{completed.stderr[-2000:]}")
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {}
        for name in RAW_TABLES:
            order = "file_kind, source_file" if name == "files" else "source_file, source_row"
            tables[name] = connection.sql(f"select * from raw.{name} order by {order}").to_arrow_table()
        return tables


def copy_text(value: Any) -> str:
    """One value in COPY's text format: \\N for null, backslash, tab and line breaks escaped."""
    if value is None:
        return "\\N"
    text = value.isoformat(sep=" ") if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class CopyStream:
    """A file-like reader of a table's rows in COPY's text format, batch by batch (for copy_expert)."""

    def __init__(self, table: pa.Table) -> None:
        self.lines = self._lines(table)
        self.pending = ""

    @staticmethod
    def _lines(table: pa.Table) -> Iterator[str]:
        for batch in table.to_batches(max_chunksize=COPY_BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            yield "".join("\t".join(copy_text(value) for value in row) + "\n" for row in zip(*columns, strict=True))

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self.pending) < size:
            chunk = next(self.lines, None)
            if chunk is None:
                break
            self.pending += chunk
        if size < 0:
            size = len(self.pending)
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    readline = read


def postgres_type(field: pa.Field) -> str:
    if pa.types.is_timestamp(field.type):
        return "timestamptz" if field.type.tz else "timestamp"
    try:
        return POSTGRES_TYPES[str(field.type)]
    except KeyError:
        raise SystemExit(f"raw column {field.name}: no PostgreSQL type for Arrow type {field.type}") from None


def load_raw_tables(connection: Any, tables: dict[str, pa.Table]) -> None:
    """Replaces each `raw.<name>` table by `tables[name]`, every table in one transaction."""
    with connection, connection.cursor() as cursor:
        cursor.execute("create schema if not exists raw")
        for name, table in tables.items():
            target = sql.Identifier("raw", name)
            columns = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(field.name), sql.SQL(postgres_type(field)))
                for field in table.schema
            )
            cursor.execute(sql.SQL("drop table if exists {}").format(target))
            cursor.execute(sql.SQL("create table {} ({})").format(target, columns))
            copy = sql.SQL("copy {} from stdin").format(target).as_string(cursor)
            cursor.copy_expert(copy, CopyStream(table))


def connect() -> Any:
    return psycopg2.connect(
        host=os.environ.get("POSTGRES_HOST", "127.0.0.1"),
        port=int(os.environ.get("POSTGRES_PORT", "5432")),
        user=os.environ.get("POSTGRES_USER", "pipeline"),
        password=os.environ.get("POSTGRES_PASSWORD", ""),
        dbname=os.environ.get("POSTGRES_DATABASE", "drug_graph"),
        connect_timeout=10,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=Path(os.environ.get("RAW_DATA_DIR", "data/sample")))
    parser.add_argument("--dbt", type=Path, default=Path(sys.executable).parent / "dbt")
    args = parser.parse_args()
    if not args.raw_dir.is_dir():
        print(f"Raw data folder '{args.raw_dir}' is missing (set RAW_DATA_DIR).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="raw-read-") as work:
        tables = read_raw_tables(args.raw_dir, args.dbt, Path(work))
    connection = connect()
    try:
        load_raw_tables(connection, tables)
    finally:
        connection.close()
    print(", ".join(f"raw.{name}: {table.num_rows} rows" for name, table in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

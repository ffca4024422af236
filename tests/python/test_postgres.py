"""The project on a real PostgreSQL server, as analysts use a warehouse: connections, roles, concurrent sessions.

A throwaway server (scripts/portability/postgres_server.py: initdb in a temporary folder, 127.0.0.1 only, roles
`pipeline` and `analyst` with random passwords), or the one `.ci/run` started (POSTGRES_SERVER_DIR). The raw files
are loaded by scripts/portability/postgres_load_raw.py, then `dbt build --target postgres` runs as `pipeline`;
the marts are compared row for row with the DuckDB build of the same sample, as test_spark.py does, and the
analyst's rights and a query loop during a second build are checked.

Needs the portability venv (`make setup-portability`: dbt-postgres) and PostgreSQL's server programs (Debian
package `postgresql`, installed by `.ci/run` when missing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from conftest import REPO, SAMPLE_DIR, Build
from conftest import relation as duckdb_relation
from psycopg2 import errors, sql
from test_spark import COMPARED_TABLES, ENGINE_COLUMNS

PORTABILITY_BIN = Path(os.environ.get("PORTABILITY_VENV", REPO / ".venv-portability")) / "bin"
SCRIPTS = REPO / "scripts" / "portability"
SCHEMA = "drug_graph"
# The folders whose models the analyst reads (dbt_project.yml's grants), and those it must not.
GRANTED_FOLDERS = {"marts", "data_quality"}
HIDDEN_FOLDERS = {"staging", "intermediate"}
RAW_TABLES = ["drugs", "pubmed_csv", "pubmed_json", "clinical_trials", "files"]


def postgres_missing() -> str | None:
    if not (PORTABILITY_BIN / "dbt").exists():
        return f"{PORTABILITY_BIN / 'dbt'} is missing: run `make setup-portability`"
    if os.environ.get("POSTGRES_SERVER_DIR"):
        return None
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and shutil.which("initdb") is None:
        return "PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does it)"
    return None


pytestmark = pytest.mark.skipif(postgres_missing() is not None, reason=postgres_missing() or "")


@dataclass
class Server:
    """A running PostgreSQL server and the passwords of its roles."""

    host: str
    port: int
    database: str
    passwords: dict[str, str]

    def connect(self, role: str) -> Any:
        """An autocommit connection as `role` (close it with contextlib.closing: psycopg2's own `with` opens a
        transaction even in autocommit, which would hold its locks until the block ends)."""
        connection = psycopg2.connect(
            host=self.host, port=self.port, dbname=self.database, user=role, password=self.passwords[role],
            connect_timeout=10,
        )
        connection.autocommit = True
        return connection

    def env(self, work: Path) -> dict[str, str]:
        """dbt's environment for the `postgres` target, as the pipeline role."""
        env = dict(os.environ)
        env.update(
            DBT_PROFILES_DIR=str(REPO), DBT_TARGET="postgres", DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            RAW_DATA_DIR=str(SAMPLE_DIR), OUTPUT_DIR=str(work / "output"), DUCKDB_PATH=str(work / "unused.duckdb"),
            POSTGRES_HOST=self.host, POSTGRES_PORT=str(self.port), POSTGRES_DATABASE=self.database,
            POSTGRES_USER="pipeline", POSTGRES_PASSWORD=self.passwords["pipeline"], POSTGRES_SCHEMA=SCHEMA,
            DBT_ANALYST_ROLE="analyst",
        )
        return env


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    started = None
    folder = os.environ.get("POSTGRES_SERVER_DIR")
    if not folder:
        # Not under pytest's temporary folder: the server runs as the `postgres` user, who cannot enter it.
        started = folder = tempfile.mkdtemp(prefix="drug-graph-postgres-")
        command = ["python3", str(SCRIPTS / "postgres_server.py"), "start", folder]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    connection = json.loads((Path(folder) / "connection.json").read_text(encoding="utf-8"))
    try:
        yield Server(connection["host"], connection["port"], connection["database"], connection["passwords"])
    finally:
        if started:
            subprocess.run(["python3", str(SCRIPTS / "postgres_server.py"), "stop", started], check=False)
            shutil.rmtree(started, ignore_errors=True)


def run_dbt(server: Server, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(PORTABILITY_BIN / "dbt"), *args, "--target", "postgres",
        "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
    ]
    return subprocess.run(command, cwd=REPO, env=server.env(work), capture_output=True, text=True, check=False)


def readable_log(completed: subprocess.CompletedProcess[str]) -> str:
    log = "\n".join(line for line in completed.stdout.splitlines() if not line.startswith("{"))
    return log[-6000:] + completed.stderr[-3000:]


@dataclass
class PostgresBuild:
    server: Server
    work: Path
    manifest: dict


@pytest.fixture(scope="module")
def postgres_build(server: Server, tmp_path_factory: pytest.TempPathFactory) -> PostgresBuild:
    work = tmp_path_factory.mktemp("postgres")
    load = subprocess.run(
        [str(PORTABILITY_BIN / "python"), str(SCRIPTS / "postgres_load_raw.py"), "--raw-dir", str(SAMPLE_DIR)],
        cwd=REPO, env=server.env(work), capture_output=True, text=True, check=False,
    )
    assert load.returncode == 0, load.stdout + load.stderr
    assert "raw.drugs: 13 rows" in load.stdout
    completed = run_dbt(server, work, "build")
    assert completed.returncode == 0, readable_log(completed)
    assert "ERROR=0" in completed.stdout
    manifest = json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))
    return PostgresBuild(server, work, manifest)


def models_in(manifest: dict, folders: set[str]) -> list[str]:
    """The names of the enabled SQL models under the given top folders of models/."""
    return sorted(
        node["name"] for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] in folders
    )


def relation(manifest: dict, name: str) -> sql.Composable:
    node = manifest["nodes"][f"model.drug_graph.{name}"]
    return sql.Identifier(node["schema"], node["alias"])


def postgres_rows(build: PostgresBuild, table: str, columns: list[str]) -> list[tuple]:
    with closing(build.server.connect("pipeline")) as connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("select {} from {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), relation(build.manifest, table)
        ))
        return sorted(cursor.fetchall(), key=repr)


def postgres_columns(build: PostgresBuild, table: str) -> list[str]:
    node = build.manifest["nodes"][f"model.drug_graph.{table}"]
    with closing(build.server.connect("pipeline")) as connection, connection.cursor() as cursor:
        cursor.execute(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
            " order by ordinal_position",
            (node["schema"], node["alias"]),
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.parametrize("table", COMPARED_TABLES)
def test_postgres_gives_the_duckdb_rows(postgres_build: PostgresBuild, sample_build: Build, table: str) -> None:
    columns = [column for column in postgres_columns(postgres_build, table) if column not in ENGINE_COLUMNS]
    duckdb_rows = sorted(sample_build.query(f"select {', '.join(columns)} from {duckdb_relation(table)}"), key=repr)
    rows = postgres_rows(postgres_build, table, columns)
    assert duckdb_rows, f"{table} is empty on DuckDB: the comparison would prove nothing"
    missing = [row for row in duckdb_rows if row not in rows]
    extra = [row for row in rows if row not in duckdb_rows]
    assert (missing, extra) == ([], []), f"{table}: rows only on DuckDB {missing}, only on PostgreSQL {extra}"


def test_postgres_has_the_duckdb_columns(postgres_build: PostgresBuild, sample_build: Build) -> None:
    for table in COMPARED_TABLES:
        duckdb_columns = [row[0] for row in sample_build.query(
            f"select column_name from information_schema.columns where table_name = '{table}' order by ordinal_position"
        )]
        assert postgres_columns(postgres_build, table) == duckdb_columns, table


def test_postgres_finds_every_sample_mention(postgres_build: PostgresBuild) -> None:
    assert len(postgres_rows(postgres_build, "fct_drug_mentions", ["drug_id", "publication_key"])) == 24


def analyst_query(build: PostgresBuild, query: sql.Composable) -> Exception | None:
    """Runs a statement as the analyst; the error it raised, or None."""
    with closing(build.server.connect("analyst")) as connection, connection.cursor() as cursor:
        try:
            cursor.execute(query)
        except psycopg2.Error as error:
            return error
    return None


def test_analyst_reads_every_mart_and_data_quality_model(postgres_build: PostgresBuild) -> None:
    granted = models_in(postgres_build.manifest, GRANTED_FOLDERS)
    assert {"fct_drug_mentions", "dim_drugs", "dq_rejected_rows", "fct_sales_daily_revenue"} <= set(granted)
    for name in granted:
        query = sql.SQL("select * from {} limit 1").format(relation(postgres_build.manifest, name))
        assert analyst_query(postgres_build, query) is None, name


def test_analyst_reads_nothing_in_staging_intermediate_or_raw(postgres_build: PostgresBuild) -> None:
    hidden = [relation(postgres_build.manifest, name) for name in models_in(postgres_build.manifest, HIDDEN_FOLDERS)]
    hidden += [sql.Identifier("raw", table) for table in RAW_TABLES]
    assert len(hidden) > len(RAW_TABLES) + 10
    for table in hidden:
        error = analyst_query(postgres_build, sql.SQL("select * from {} limit 1").format(table))
        assert isinstance(error, errors.InsufficientPrivilege), (table, error)


def test_analyst_cannot_write(postgres_build: PostgresBuild) -> None:
    mentions = relation(postgres_build.manifest, "fct_drug_mentions")
    schema = sql.Identifier(postgres_build.manifest["nodes"]["model.drug_graph.fct_drug_mentions"]["schema"])
    writes = [
        sql.SQL("delete from {}").format(mentions),
        sql.SQL("update {} set drug_id = drug_id").format(mentions),
        sql.SQL("insert into {} select * from {}").format(mentions, mentions),
        sql.SQL("truncate {}").format(mentions),
        sql.SQL("drop table {}").format(mentions),
        sql.SQL("alter table {} add column note text").format(mentions),
        sql.SQL("create table {}.analyst_notes (note text)").format(schema),
        sql.SQL("create table raw.analyst_notes (note text)"),
        sql.SQL("create schema analyst_scratch"),
        sql.SQL("create temporary table analyst_notes (note text)"),
    ]
    for write in writes:
        error = analyst_query(postgres_build, write)
        assert isinstance(error, errors.InsufficientPrivilege), (write.as_string(None), error)  # type: ignore[arg-type]
    with closing(postgres_build.server.connect("pipeline")) as connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("select count(*) from {}").format(mentions))
        assert cursor.fetchone() == (24,)


def test_analyst_queries_keep_answering_during_a_build(postgres_build: PostgresBuild) -> None:
    """A query loop on every mart and data-quality model as the analyst, from before a `dbt build` (an incremental
    run: every table model replaced, the incremental ones updated) starts until it ends: each query answers,
    with the rows of the last complete build (the same raw files: the same counts)."""
    granted = [
        (name, relation(postgres_build.manifest, name)) for name in models_in(postgres_build.manifest, GRANTED_FOLDERS)
    ]
    counts_query = {name: sql.SQL("select count(*) from {}").format(table) for name, table in granted}

    def counts() -> dict[str, int]:
        with closing(postgres_build.server.connect("analyst")) as connection, connection.cursor() as cursor:
            found = {}
            for name, query in counts_query.items():
                cursor.execute(query)
                found[name] = cursor.fetchone()[0]
            return found

    before = counts()
    answers: list[tuple[str, int]] = []
    failures: list[str] = []
    stop = threading.Event()
    deadline = time.monotonic() + 1800  # the loop's bound, past any build of the sample (even on a loaded machine)

    def query_loop() -> None:
        with closing(postgres_build.server.connect("analyst")) as connection, connection.cursor() as cursor:
            cursor.execute("set statement_timeout = '60s'")
            while not stop.is_set() and time.monotonic() < deadline:
                for name, query in counts_query.items():
                    try:
                        cursor.execute(query)
                        answers.append((name, cursor.fetchone()[0]))
                    except psycopg2.Error as error:
                        failures.append(f"{name}: {error}".strip())
                stop.wait(0.02)

    reader = threading.Thread(target=query_loop)
    reader.start()
    try:
        completed = run_dbt(postgres_build.server, postgres_build.work, "build")
    finally:
        stop.set()
        reader.join()
    assert completed.returncode == 0, readable_log(completed)
    assert time.monotonic() < deadline, "the query loop stopped before the build ended"
    assert failures == []
    assert len(answers) >= 10 * len(granted), "the loop did not run through the build"
    wrong = sorted({(name, count) for name, count in answers if count != before[name]})
    assert wrong == [], f"answers other than the last complete build's counts {before}"
    assert counts() == before

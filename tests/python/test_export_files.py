"""The export's file writing (models/exports/graph_export_files.py with python/drug_graph_export), run in this
process on a copy of the sample build.

The model file is imported as a module and given a stand-in for dbt's `dbt` object: the same code as in a run,
with failures injected where a full disk would make them (DuckDB's writes, the byte copies, the renames). A write
that fails must leave no temporary file behind (they hold the space the disk lacks), keep the previous files as
they were, and still stop the run with its error.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest
from conftest import REPO, Build, export_files, schema_of
from drug_graph_export import splice

MODEL_FILE = REPO / "models" / "exports" / "graph_export_files.py"


def load_model() -> ModuleType:
    spec = importlib.util.spec_from_file_location("graph_export_files", MODEL_FILE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class This:
    """dbt's relation of the model being built."""

    database: str
    schema: str
    identifier: str

    def __repr__(self) -> str:
        return f'"{self.database}"."{self.schema}"."{self.identifier}"'


class Config(dict):
    """`dbt.config`: called by the model, read with `get`."""

    def __call__(self, **_: Any) -> None:
        return None


class Dbt:
    """The `dbt` object dbt-duckdb gives a Python model: its refs, its config, its own relation."""

    def __init__(self, session: Any, output_dir: Path, buckets: int = 256) -> None:
        self.session = session
        self.config = Config(output_dir=str(output_dir), export_buckets=buckets)
        self.this = This("warehouse", "exports", "graph_export_files")

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        return self.session.table(f"warehouse.{schema_of(name)}.{name}")


class FailingSession:
    """A DuckDB connection whose statements matching `fails_on` run, then fail as on a full disk (DuckDB has
    written part of the file, as it would have before finding the disk full)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, fails_on: str) -> None:
        self.connection = connection
        self.fails_on = fails_on
        self.failed = 0

    def execute(self, sql: str, parameters: Any = None) -> Any:
        result = self.connection.execute(sql, parameters) if parameters is not None else self.connection.execute(sql)
        if self.fails_on in sql:
            self.failed += 1
            raise duckdb.IOException(f"Could not write file: No space left on device ({self.fails_on})")
        return result

    def sql(self, sql: str, params: Any = None) -> duckdb.DuckDBPyRelation:
        return self.connection.sql(sql, params=params)

    def table(self, name: str) -> duckdb.DuckDBPyRelation:
        return self.connection.table(name)


@pytest.fixture()
def copied(sample_build: Build, tmp_path: Path) -> Build:
    """A copy of the sample build, warehouse and export files, for one test to run the export on."""
    shutil.copytree(sample_build.output_dir, tmp_path / "output")
    shutil.copy(sample_build.database, tmp_path / "warehouse.duckdb")
    return Build(sample_build.raw_dir, tmp_path / "warehouse.duckdb", tmp_path / "output")


def run_model(build: Build, wrap: Callable[[duckdb.DuckDBPyConnection], Any] = lambda c: c) -> None:
    """Runs the model as dbt would on `build` (its index written back as dbt materializes it)."""
    module = load_model()
    with duckdb.connect(str(build.database)) as connection:
        session = wrap(connection)
        index = module.model(Dbt(session, build.output_dir), session)
        connection.execute("drop table exports.graph_export_files")
        index.create("exports.graph_export_files")


def present_files(output_dir: Path) -> dict[str, bytes]:
    """Every file of the output folder, by path inside it."""
    return {str(path.relative_to(output_dir)): path.read_bytes() for path in output_dir.rglob("*") if path.is_file()}


def temporary_files(output_dir: Path) -> list[str]:
    return sorted(str(path.relative_to(output_dir)) for path in output_dir.rglob("*.tmp"))


def test_the_model_run_here_writes_what_dbt_wrote(copied: Build, sample_build: Build) -> None:
    # the stand-in runs the real thing: unchanged parts copied (the JSON file kept), then the whole file written
    run_model(copied)
    assert export_files(copied.output_dir) == export_files(sample_build.output_dir)
    copied.graph_path.unlink()
    run_model(copied)
    assert export_files(copied.output_dir) == export_files(sample_build.output_dir)


@pytest.mark.parametrize(
    ("whole", "fails_on"),
    [
        (True, "drug_graph.json.tmp"),  # the JSON file written whole by DuckDB
        (False, "drug_graph.json.changed.tmp"),  # the changed parts' lines, before they are copied in
        (True, "part_"),  # a Parquet part (after the JSON file: it was written and renamed)
        (False, "_drugs_and_journals.parquet.tmp"),  # a Parquet part written while the JSON file is assembled
    ],
)
def test_a_failed_write_leaves_no_temporary_file(copied: Build, whole: bool, fails_on: str) -> None:
    before = present_files(copied.output_dir)
    if whole:  # no previous JSON file: written whole
        copied.graph_path.unlink()
    holder: list[FailingSession] = []

    def failing(connection: duckdb.DuckDBPyConnection) -> FailingSession:
        holder.append(FailingSession(connection, fails_on))
        return holder[0]

    with pytest.raises(duckdb.IOException, match="No space left on device"):
        run_model(copied, failing)
    assert holder[0].failed == 1
    assert temporary_files(copied.output_dir) == []
    # the files not written yet are the previous ones (those renamed whole before the failure have the same bytes)
    after = present_files(copied.output_dir)
    assert after.keys() <= before.keys()
    assert after == {name: data for name, data in before.items() if name in after}


def test_a_failed_byte_copy_leaves_no_temporary_file(copied: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    before = export_files(copied.output_dir)
    module = load_model()
    copy_range = splice.copy_range
    calls = []

    def failing_copy(source: int, target: int, source_offset: int, target_offset: int, length: int) -> None:
        calls.append(length)
        if len(calls) == 2:  # a range copied, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        copy_range(source, target, source_offset, target_offset, length)

    monkeypatch.setattr(splice, "copy_range", failing_copy)
    with duckdb.connect(str(copied.database)) as connection, pytest.raises(OSError, match="No space left"):
        module.model(Dbt(connection, copied.output_dir), connection)
    assert temporary_files(copied.output_dir) == []
    assert export_files(copied.output_dir) == before


def test_a_failed_rename_leaves_no_temporary_file(copied: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    module = load_model()
    replace = os.replace

    def failing_replace(source: Path, target: Path) -> None:
        if Path(target).name == "drug_graph.json":
            raise OSError(errno.EIO, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with duckdb.connect(str(copied.database)) as connection, pytest.raises(OSError, match="Input/output error"):
        module.model(Dbt(connection, copied.output_dir), connection)
    assert temporary_files(copied.output_dir) == []


def test_temporary_files_of_a_killed_run_are_removed(copied: Build, sample_build: Build) -> None:
    leftovers = [
        copied.output_dir / "drug_graph.json.tmp",
        copied.output_dir / "drug_graph.json.changed.tmp",
        copied.output_dir / "graph_nodes" / "part_001.parquet.tmp",
        copied.output_dir / "graph_edges" / "_drugs_and_journals.parquet.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"x" * 1000)
    run_model(copied)
    assert temporary_files(copied.output_dir) == []
    assert export_files(copied.output_dir) == export_files(sample_build.output_dir)


FILE_SIZE_LIMITED = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import duckdb
from test_export_files import Dbt, load_model

database, output_dir, limit = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
connection = duckdb.connect()  # in memory: the warehouse is only read
connection.execute(f"attach '{database}' as warehouse (read_only)")
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: writes fail with EFBIG
load_model().model(Dbt(connection, output_dir), connection)
"""


@pytest.mark.parametrize("whole", [True, False])
def test_a_file_size_limit_stops_the_export_without_temporary_files(copied: Build, whole: bool) -> None:
    # a real failing write: the process may not write a file past half the size of the JSON graph
    before = present_files(copied.output_dir)
    limit = copied.graph_path.stat().st_size // 2
    if whole:
        copied.graph_path.unlink()
    completed = subprocess.run(
        [sys.executable, "-c", FILE_SIZE_LIMITED, str(Path(__file__).parent), str(copied.database),
         str(copied.output_dir), str(limit)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode != 0
    assert "File too large" in completed.stderr, completed.stderr[-3000:]
    assert temporary_files(copied.output_dir) == []
    after = present_files(copied.output_dir)
    assert after.keys() <= before.keys()
    assert after == {name: data for name, data in before.items() if name in after}
    if not whole:
        assert json.loads(copied.graph_path.read_bytes()) == json.loads(before["drug_graph.json"])


@pytest.mark.parametrize("value", ["0", "65537", "-1", "1; drop table x", "{{ 7*7 }}", "", True, 2.5])
def test_a_bad_number_of_buckets_stops_the_export(value: object) -> None:
    # as macros/export_buckets.sql checks the var for the SQL models: a value from outside is data, never SQL
    with pytest.raises(ValueError, match="export_buckets must be a whole number from 1 to 65536"):
        load_model().bucket_count(value)
    assert load_model().bucket_count(" 64 ") == 64

"""Type-check the project's BigQuery SQL with ZetaSQL (the analyzer BigQuery is built on), offline.

Usage:
    zetasql_check.py --manifest TARGET/manifest.json --duckdb BUILD.duckdb   # every compiled model, test, analysis
    zetasql_check.py --manifest ... --duckdb ... --sql FILE [FILE ...]       # only these statements (same catalog)

The manifest is the one of `dbt compile --target bigquery` (scripts/portability/bigquery_compile.py). The catalog
holds every model, seed and source of that manifest, at its BigQuery path (`project`.`dataset`.`table`), with the
column types of the same relation in a finished DuckDB build. Each compiled model is then checked twice: its SQL
must analyze, and the columns it gives on BigQuery must have the names and types of the DuckDB build (a model
that types differently on BigQuery would break its consumers there). Models with a BigQuery partition or
cluster configuration are also analyzed as the `create table ... partition by ... cluster by ... as` dbt runs.
Exits 1 when any statement fails, listing each failure.

ZetaSQL runs as WebAssembly (pip `zetasql`): the first compile of the module takes 15-30 s, so the compiled
module is cached in ZETASQL_WASM_CACHE (default: `zetasql-wasm-cache` inside the running venv).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import wasmtime
from zetasql.core import wasm_client

CACHE_DIR = Path(os.environ.get("ZETASQL_WASM_CACHE", Path(sys.prefix) / "zetasql-wasm-cache"))


class _CachedModule(wasmtime.Module):
    """wasmtime.Module whose from_file keeps the compiled module on disk, keyed by the wasm file."""

    @classmethod
    def from_file(cls, engine: wasmtime.Engine, path: str) -> wasmtime.Module:  # type: ignore[override]
        stat = os.stat(path)
        key = hashlib.sha1(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
        cached = CACHE_DIR / f"{key}.cwasm"
        if cached.exists():
            try:
                return wasmtime.Module.deserialize_file(engine, str(cached))
            except Exception as error:  # noqa: BLE001 - a stale or partial cache file: compile again
                print(f"ignoring the ZetaSQL module cache {cached}: {error}", file=sys.stderr)
        module = wasmtime.Module.from_file(engine, path)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".tmp{os.getpid()}")
        partial.write_bytes(module.serialize())
        partial.replace(cached)
        return module


wasm_client.Module = _CachedModule  # before the first service call

from zetasql.core import ZetaSqlLocalService
from zetasql.types import (
    AnalyzerOptions,
    LanguageOptions,
    ProductMode,
    SimpleCatalog,
    SimpleColumn,
    SimpleTable,
    Type,
    TypeKind,
    ZetaSQLBuiltinFunctionOptions,
)

SIMPLE_TYPES = {
    "VARCHAR": TypeKind.TYPE_STRING,
    "BIGINT": TypeKind.TYPE_INT64,
    "INTEGER": TypeKind.TYPE_INT64,
    "SMALLINT": TypeKind.TYPE_INT64,
    "TINYINT": TypeKind.TYPE_INT64,
    "HUGEINT": TypeKind.TYPE_INT64,
    "UBIGINT": TypeKind.TYPE_INT64,
    "UINTEGER": TypeKind.TYPE_INT64,
    "DATE": TypeKind.TYPE_DATE,
    "BOOLEAN": TypeKind.TYPE_BOOL,
    "DOUBLE": TypeKind.TYPE_DOUBLE,
    "FLOAT": TypeKind.TYPE_DOUBLE,
    "TIMESTAMP": TypeKind.TYPE_DATETIME,
    "TIMESTAMP WITH TIME ZONE": TypeKind.TYPE_TIMESTAMP,
    "JSON": TypeKind.TYPE_JSON,
    "BLOB": TypeKind.TYPE_BYTES,
}
# Types that BigQuery computes differently but that hold the same values (DuckDB sums of DECIMAL(18,2) are
# DECIMAL(38,2); BigQuery's are NUMERIC): compared by kind only.
RELATION_TYPES = ("model", "seed", "snapshot")
CHECKED_TYPES = ("model", "test", "analysis")


@dataclass
class Failure:
    """One statement that does not pass, with the reason."""

    node: str
    message: str

    def __str__(self) -> str:
        return f"FAIL {self.node}\n    {self.message}"


def zetasql_type(duckdb_type: str) -> Type:
    """The ZetaSQL (BigQuery) type for a DuckDB column type."""
    name = duckdb_type.upper()
    if name.endswith("[]"):
        return Type(type_kind=TypeKind.TYPE_ARRAY, array_type={"element_type": zetasql_type(name[:-2])})
    if name.startswith("DECIMAL"):
        precision, scale = (int(part) for part in re.findall(r"\d+", name)[:2])
        wide = precision - scale > 29 or scale > 9
        return Type(type_kind=TypeKind.TYPE_BIGNUMERIC if wide else TypeKind.TYPE_NUMERIC)
    if name not in SIMPLE_TYPES:
        raise ValueError(f"no BigQuery type for DuckDB type {duckdb_type}")
    return Type(type_kind=SIMPLE_TYPES[name])


def type_name(zeta_type: Any) -> str:
    kind = TypeKind(zeta_type.type_kind).name.removeprefix("TYPE_")
    if kind == "ARRAY":
        return f"ARRAY<{type_name(zeta_type.array_type.element_type)}>"
    return kind


def same_kind(expected: Any, actual: Any) -> bool:
    numeric = {"NUMERIC", "BIGNUMERIC"}
    left, right = type_name(expected), type_name(actual)
    return left == right or (left in numeric and right in numeric)


class Checker:
    """A ZetaSQL catalog of the project's relations at their BigQuery paths, and the analysis of statements."""

    def __init__(self, manifest: dict[str, Any], build: Path) -> None:
        self.manifest = manifest
        language = LanguageOptions.maximum_features()
        language.product_mode = ProductMode.PRODUCT_EXTERNAL  # BigQuery's flavour: INT64, no INT32/UINT
        self.options = AnalyzerOptions(language_options=language)
        self.root = SimpleCatalog(
            name="bigquery",
            builtin_function_options=ZetaSQLBuiltinFunctionOptions(language_options=language),
        )
        self.columns: dict[str, list[tuple[str, Type]]] = {}
        with duckdb.connect(str(build), read_only=True) as connection:
            for unique_id, node in self._relations():
                columns = connection.execute(
                    "select column_name, data_type from information_schema.columns"
                    " where table_schema = ? and table_name = ? order by ordinal_position",
                    [node["duckdb_schema"], node["name"]],
                ).fetchall()
                if columns:
                    typed = [(name, zetasql_type(data_type)) for name, data_type in columns]
                    self.columns[unique_id] = typed
                    self._add_table(node["path"], typed)
        self.service = ZetaSqlLocalService.get_instance()
        self.catalog_id = self.service.register_catalog(simple_catalog=self.root).registered_id

    def _relations(self) -> list[tuple[str, dict[str, Any]]]:
        """Every model, seed and source of the manifest: BigQuery path, and where it is in the DuckDB build."""
        relations = []
        for unique_id, node in self.manifest["nodes"].items():
            if node["resource_type"] in RELATION_TYPES:
                name = node.get("alias") or node["name"]
                path = [node["database"], node["schema"], name]
                # every layer has the same schema on both engines (macros/overrides/generate_schema_name.sql)
                relations.append((unique_id, {"path": path, "name": name, "duckdb_schema": node["schema"]}))
        for unique_id, source in self.manifest["sources"].items():
            path = [source["database"], source["schema"], source["identifier"]]
            relations.append(
                (unique_id, {"path": path, "name": source["identifier"], "duckdb_schema": source["schema"]})
            )
        return relations

    def _add_table(self, path: list[str], columns: list[tuple[str, Type]]) -> None:
        table = SimpleTable(name=path[-1], column=[SimpleColumn(name=n, type=t) for n, t in columns])
        catalog = self.root
        for part in path[:-1]:
            child = next((c for c in catalog.catalog if c.name == part), None)
            if child is None:
                child = SimpleCatalog(name=part)
                catalog.catalog.append(child)
            catalog = child
        catalog.table.append(table)
        # `project.dataset.table` in one pair of backticks is a single name to ZetaSQL (BigQuery splits it).
        flat = copy.deepcopy(table)
        flat.name = ".".join(path)
        self.root.table.append(flat)

    def analyze(self, sql: str) -> Any:
        """The resolved statement; raises with ZetaSQL's message when the SQL is not valid BigQuery SQL."""
        response = self.service.analyze(
            sql_statement=sql, options=self.options, registered_catalog_id=self.catalog_id
        )
        return response.resolved_statement

    def check(self, label: str, sql: str) -> Failure | None:
        try:
            self.analyze(sql)
        except Exception as error:  # noqa: BLE001 - ZetaSQL reports every problem as an exception
            return Failure(label, describe(error, sql))
        return None

    def check_node(self, unique_id: str, node: dict[str, Any]) -> list[Failure]:
        sql = node.get("compiled_code") or ""
        try:
            statement = self.analyze(sql)
        except Exception as error:  # noqa: BLE001
            return [Failure(unique_id, describe(error, sql))]
        failures = []
        if node["resource_type"] == "model":
            failures += self._compare_columns(unique_id, statement)
            ddl = create_table_ddl(node, sql)
            if ddl:
                failure = self.check(f"{unique_id} (create table with partition/cluster config)", ddl)
                failures += [failure] if failure else []
        return failures

    def _compare_columns(self, unique_id: str, statement: Any) -> list[Failure]:
        expected = self.columns.get(unique_id)
        if expected is None:
            return [Failure(unique_id, "not in the DuckDB build: no column types to compare")]
        query = getattr(statement, "query_stmt", None) or statement
        actual = {column.name.lower(): column.column.type for column in query.output_column_list}
        wanted = {name.lower(): zeta_type for name, zeta_type in expected}
        if set(actual) != set(wanted):
            return [Failure(unique_id, f"columns {sorted(actual)} on BigQuery, {sorted(wanted)} on DuckDB")]
        return [
            Failure(unique_id, f"column {name}: {type_name(got)} on BigQuery, {type_name(wanted[name])} on DuckDB")
            for name, got in actual.items()
            if not same_kind(wanted[name], got)
        ]


def create_table_ddl(node: dict[str, Any], sql: str) -> str | None:
    """The create-table statement dbt-bigquery runs for a model with partition or cluster config."""
    config = node.get("config", {})
    partition, cluster = config.get("partition_by"), config.get("cluster_by")
    if not partition and not cluster:
        return None
    relation = ".".join(f"`{part}`" for part in (node["database"], node["schema"], node.get("alias") or node["name"]))
    clauses = []
    if partition:
        field = partition["field"]
        granularity = partition.get("granularity", "day")
        if partition.get("data_type", "date") == "date" and granularity == "day":
            clauses.append(f"partition by {field}")
        else:
            clauses.append(f"partition by {partition.get('data_type', 'date')}_trunc({field}, {granularity})")
    if cluster:
        columns = [cluster] if isinstance(cluster, str) else cluster
        clauses.append("cluster by " + ", ".join(columns))
    return f"create or replace table {relation} {' '.join(clauses)} as (\n{sql}\n)"


def describe(error: Exception, sql: str) -> str:
    """ZetaSQL's message, with the line of SQL it points at."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    found = re.search(r"\[at (\d+):(\d+)\]", message)
    if found:
        line_number, column = int(found.group(1)), int(found.group(2))
        lines = sql.splitlines()
        if 0 < line_number <= len(lines):
            message += f"\n    {lines[line_number - 1].rstrip()}\n    {' ' * (column - 1)}^"
    return message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, required=True, help="manifest.json of the BigQuery compile")
    parser.add_argument("--duckdb", type=Path, required=True, help="a finished DuckDB build of the project")
    parser.add_argument("--sql", type=Path, nargs="*", default=None, help="check only these SQL files")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    if manifest["metadata"].get("adapter_type") != "bigquery":
        print(f"{args.manifest} is not a BigQuery manifest", file=sys.stderr)
        return 2
    checker = Checker(manifest, args.duckdb)
    failures: list[Failure] = []
    checked = 0
    if args.sql is not None:
        for path in args.sql:
            checked += 1
            failure = checker.check(str(path), path.read_text(encoding="utf-8"))
            failures += [failure] if failure else []
    else:
        for unique_id, node in sorted(manifest["nodes"].items()):
            if node["resource_type"] in CHECKED_TYPES and node.get("compiled_code", "").strip():
                checked += 1
                failures += checker.check_node(unique_id, node)
    for failure in failures:
        print(failure)
    print(f"ZetaSQL (BigQuery dialect): {checked} statements checked, {len(failures)} failure(s)")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

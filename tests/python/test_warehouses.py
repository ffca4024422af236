"""The project as Snowflake and Redshift SQL, offline: `dbt compile` for each target with the network cut, the
manifest's materializations checked against the adapter's, every compiled model, test and analysis parsed by
sqlglot in the engine's dialect and checked for functions the engine lacks and DuckDB-only syntax; and the
analysts' grants rendered for Snowflake and BigQuery.

Needs the portability venv (`make setup-portability`: dbt-snowflake, dbt-redshift, dbt-bigquery, sqlglot) and
`unshare` with the right to cut the network (see test_bigquery.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

PORTABILITY_BIN = Path(os.environ.get("PORTABILITY_VENV", REPO / ".venv-portability")) / "bin"
SCRIPTS = REPO / "scripts" / "portability"
TARGETS = ["snowflake", "redshift"]
GRANTED_FOLDERS = {"marts", "data_quality"}

# DuckDB-only SQL, each of which must fail the check on both engines.
DUCKDB_ONLY = {
    "string_split.sql": "select string_split(name_words, ' ') as words from drug_graph.dim_drugs",
    "strip_accents.sql": "select strip_accents(drug_name) as name from drug_graph.dim_drugs",
    "list_comprehension.sql": "select [word || 's' for word in ['a', 'b']] as words",
    "json_arrow.sql": "select node_json ->> '$.name' as name from drug_graph.graph_nodes",
    "read_csv.sql": "select * from read_csv('data/sample/drugs.csv')",
    "regexp_matches.sql": "select regexp_matches(drug_name, 'a') as found from drug_graph.dim_drugs",
    "try_strptime.sql": "select try_strptime(date_text, '%d/%m/%Y') as day from drug_graph.stg_pubmed__csv_articles",
    "unnest.sql": "select unnest(string_to_array(name_words, ' ')) as word from drug_graph.dim_drugs",
}
# What only one of the two engines lacks.
ENGINE_ONLY_MISSING = {
    "snowflake": {"regex_operator.sql": "select drug_name ~ 'a' as found from drug_graph.dim_drugs"},
    "redshift": {
        "exclude.sql": "select * exclude (atccode) from drug_graph.dim_drugs",
        "lambda.sql": "select transform(split(name_words, ' '), word -> upper(word)) as words from drug_graph.dim_drugs",
    },
}
ENGINE_OK = (
    "select split_part(name_words, ' ', 1) as first_word, regexp_replace(drug_name, 'a', 'b') as name,"
    " coalesce(atccode, '') as code from drug_graph.dim_drugs"
)
# Renders the grant statements dbt runs after building each model, and the schema usage grants of the
# on-run-end hook, for every model of the project (as if every model had just been built).
GRANTS_INLINE = """
{%- set results = [] -%}
{%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
{%- do results.append({'node': node, 'status': 'success'}) -%}
{%- for privilege, grantees in (node.config.grants or {}).items() -%}
{%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias,
                                      type=('view' if node.config.materialized == 'view' else 'table')) -%}
{{ get_grant_sql(relation, privilege, grantees) }};
{% endfor -%}
{%- endfor -%}
{{ grant_schema_usage(results) }}
"""


def warehouses_missing() -> str | None:
    for tool in ("dbt", "python"):
        if not (PORTABILITY_BIN / tool).exists():
            return f"{PORTABILITY_BIN / tool} is missing: run `make setup-portability`"
    if shutil.which("unshare") is None:
        return "unshare is missing"
    return None


pytestmark = pytest.mark.skipif(warehouses_missing() is not None, reason=warehouses_missing() or "")


def run_script(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(PORTABILITY_BIN / "python"), str(SCRIPTS / script), *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, env=env)


@pytest.fixture(scope="module", params=TARGETS)
def manifest_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp(request.param) / "target"
    completed = run_script(
        "warehouse_compile.py", "--target", request.param, "--dbt", str(PORTABILITY_BIN / "dbt"),
        "--target-path", str(target),
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    return target / "manifest.json"


@pytest.fixture(scope="module")
def manifest(manifest_path: Path) -> dict:
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def test_compile_covers_models_tests_and_analyses(manifest: dict) -> None:
    compiled = [node for node in manifest["nodes"].values() if node.get("compiled_code")]
    assert {"model", "test", "analysis"} <= {node["resource_type"] for node in compiled}
    assert len([node for node in compiled if node["resource_type"] == "model"]) >= 25


def test_manifest_uses_only_the_adapter_materializations(manifest_path: Path, manifest: dict) -> None:
    completed = run_script("manifest_check.py", str(manifest_path))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "model.drug_graph.graph_export_files" in completed.stdout  # the DuckDB-only Python model is disabled
    broken = json.loads(json.dumps(manifest))
    broken["nodes"]["model.drug_graph.fct_drug_mentions"]["config"]["materialized"] = "external"
    broken["nodes"]["model.drug_graph.dim_drugs"]["config"]["materialized"] = "incremental"
    broken["nodes"]["model.drug_graph.dim_drugs"]["config"]["incremental_strategy"] = "insert_by_period"
    broken_path = manifest_path.parent / "broken_manifest.json"
    broken_path.write_text(json.dumps(broken), encoding="utf-8")
    completed = run_script("manifest_check.py", str(broken_path))
    assert completed.returncode == 1
    assert "fct_drug_mentions: materialization 'external' does not exist" in completed.stdout
    assert "dim_drugs: incremental strategy 'insert_by_period'" in completed.stdout


def test_sqlglot_accepts_every_compiled_statement(manifest_path: Path, manifest: dict) -> None:
    completed = run_script("sqlglot_check.py", "--manifest", str(manifest_path))
    assert completed.returncode == 0, completed.stdout[-8000:] + completed.stderr[-3000:]
    assert f"{manifest['metadata']['adapter_type']}: " in completed.stdout
    assert ", 0 failure(s)" in completed.stdout


def test_sqlglot_check_rejects_duckdb_only_syntax(manifest_path: Path, manifest: dict, tmp_path: Path) -> None:
    engine = manifest["metadata"]["adapter_type"]
    rejected = {**DUCKDB_ONLY, **ENGINE_ONLY_MISSING[engine]}
    files = []
    for name, sql in {**rejected, "engine_ok.sql": ENGINE_OK}.items():
        (tmp_path / name).write_text(sql, encoding="utf-8")
        files.append(str(tmp_path / name))
    completed = run_script("sqlglot_check.py", "--manifest", str(manifest_path), "--sql", *files)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    failed = {line.split(":")[0].split("/")[-1] for line in completed.stdout.splitlines() if line.startswith("FAIL ")}
    assert failed == set(rejected)


def test_large_facts_have_the_warehouse_layout(manifest: dict) -> None:
    engine = manifest["metadata"]["adapter_type"]
    for name in ("fct_drug_mentions", "fct_journal_drug_mentions"):
        config = manifest["nodes"][f"model.drug_graph.{name}"]["config"]
        if engine == "snowflake":
            assert config["cluster_by"] == ["mentioned_on", "drug_id"]
        else:
            assert (config["sort"], config["dist"]) == (["mentioned_on", "drug_id"], "drug_id")
        assert config["partition_by"] is None


def test_grants_give_analysts_the_marts_and_data_quality_only(manifest: dict) -> None:
    models = [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    granted = {node["name"] for node in models if node["config"].get("grants")}
    assert granted == {node["name"] for node in models if node["fqn"][1] in GRANTED_FOLDERS}
    assert {"fct_drug_mentions", "dim_drugs", "dq_rejected_rows"} <= granted
    for node in models:
        if node["name"] in granted:
            assert node["config"]["grants"] == {"select": ["analyst"]}, node["name"]


def grant_statements(script: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    inline = tmp_path / "grants.sql"
    inline.write_text(GRANTS_INLINE, encoding="utf-8")
    completed = run_script(
        script, *args, "--dbt", str(PORTABILITY_BIN / "dbt"), "--target-path", str(tmp_path / "target"),
        "--inline", str(inline), env=env,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-3000:]
    compiled = json.loads(completed.stdout[completed.stdout.index("{"):])["compiled"]
    return [statement.strip() for statement in compiled.split(";") if statement.strip()]


def test_grants_compile_for_snowflake(tmp_path: Path) -> None:
    statements = grant_statements("warehouse_compile.py", tmp_path, "--target", "snowflake")
    assert "grant select on DRUG_GRAPH.marts.fct_drug_mentions to analyst" in statements
    assert "grant usage on schema DRUG_GRAPH.marts to role analyst" in statements
    assert "grant usage on schema DRUG_GRAPH.data_quality to role analyst" in statements
    assert "grant usage on database DRUG_GRAPH to role analyst" in statements
    assert not [statement for statement in statements if "stg_" in statement or "int_" in statement]
    script = (
        "import sys, sqlglot\n"
        "from sqlglot.errors import ErrorLevel\n"
        "for statement in sys.stdin.read().split(';\\n'):\n"
        "    sqlglot.parse_one(statement, read='snowflake', error_level=ErrorLevel.RAISE)\n"
    )
    parsed = subprocess.run(
        [str(PORTABILITY_BIN / "python"), "-c", script], input=";\n".join(statements),
        capture_output=True, text=True, check=False,
    )
    assert parsed.returncode == 0, parsed.stderr


def test_grants_compile_for_bigquery(tmp_path: Path) -> None:
    env = dict(os.environ, BIGQUERY_ANALYST_PRINCIPAL="group:analysts@example.com")
    statements = grant_statements("bigquery_compile.py", tmp_path, env=env)
    expected = (
        "grant `roles/bigquery.dataViewer` on table `drug-graph-offline`.`marts`.`fct_drug_mentions`"
        ' to "group:analysts@example.com"'
    )
    assert expected in statements
    assert any(statement.startswith("grant `roles/bigquery.dataViewer` on view") for statement in statements)
    # one per model of the marts (sales included) and data quality; no schema usage grant on BigQuery
    granted_models = [path for folder in GRANTED_FOLDERS for path in (REPO / "models" / folder).rglob("*.sql")]
    assert len(granted_models) == 17
    assert len(statements) == len(granted_models)

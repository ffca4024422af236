"""The commands a dbt user and a newcomer type work: before any build (`dbt compile`, `dbt ls`, `dbt docs
generate`), on the built sample (the docs site describes every resource), and `make run FULL_REFRESH=1`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SAMPLE_DIR, Build, dbt_env, run_dbt

ANALYSES = {"top_journals", "drugs_sharing_pubmed_journals", "sales_daily_revenue", "sales_by_client_and_type"}
EXPOSURES = {"drug_graph_json_file", "graph_parquet_parts", "drug_graph_questions", "sales_questions"}


@pytest.fixture(scope="module")
def fresh_clone_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a fresh clone: no warehouse file yet, nothing built."""
    work = tmp_path_factory.mktemp("fresh")
    return dbt_env(SAMPLE_DIR, work / "warehouse.duckdb", work / "output")


@pytest.mark.parametrize("command", [["compile"], ["ls"], ["docs", "generate"]], ids=" ".join)
def test_command_works_before_any_build(fresh_clone_env: dict[str, str], command: list[str]) -> None:
    # Rendering never queries the tables: an analysis without its var and the tests that size a bitmap from
    # their table compile before the first build.
    result = run_dbt(command, fresh_clone_env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert "Error" not in result.stdout, result.stdout[-5000:]
    if Path(fresh_clone_env["DUCKDB_PATH"]).exists():
        with duckdb.connect(fresh_clone_env["DUCKDB_PATH"], read_only=True) as connection:
            built = connection.sql(
                "select table_name from information_schema.tables"
                " where table_schema in ('staging', 'intermediate', 'marts', 'data_quality', 'exports')"
            ).fetchall()
        assert built == [], f"`dbt {' '.join(command)}` built {built}"


@pytest.mark.parametrize(("selection", "included", "excluded"), [
    (["--select", "tag:sales"], "model.drug_graph.fct_sales_daily_revenue", "model.drug_graph.fct_drug_mentions"),
    (["--selector", "sales"], "seed.drug_graph.transactions", "model.drug_graph.dim_drugs"),
    (["--selector", "drug_graph"], "model.drug_graph.fct_drug_mentions", "model.drug_graph.stg_sales__transactions"),
], ids=["tag_sales", "selector_sales", "selector_drug_graph"])
def test_each_domain_runs_alone(
    fresh_clone_env: dict[str, str], selection: list[str], included: str, excluded: str
) -> None:
    result = run_dbt(["ls", *selection, "--output", "json", "--output-keys", "unique_id tags", "--quiet"], fresh_clone_env)
    assert result.returncode == 0, result.stdout[-3000:]
    nodes = {node["unique_id"]: node.get("tags", []) for node in map(json.loads, result.stdout.splitlines())}
    assert included in nodes
    assert excluded not in nodes
    sales = [unique_id for unique_id, tags in nodes.items() if "sales" in tags]
    assert (sales == []) == (selection[-1] == "drug_graph")


def test_compiled_analysis_without_its_var(fresh_clone_env: dict[str, str]) -> None:
    result = run_dbt(["compile", "--select", "drugs_sharing_pubmed_journals"], fresh_clone_env)
    assert result.returncode == 0, result.stdout[-5000:]


def test_analysis_without_its_var_fails_when_run(sample_build: Build) -> None:
    args = ["show", "--select", "drugs_sharing_pubmed_journals", "--output", "json", "--quiet"]
    missing = run_dbt(args, sample_build.env())
    assert missing.returncode != 0
    assert "No drug given: run with --vars '{drug: NAME}'" in missing.stdout + missing.stderr


@pytest.fixture(scope="module")
def docs_site(sample_build: Build) -> tuple[dict, dict]:
    """`dbt docs generate` on the built sample (as `make test` runs it): the manifest and the catalog."""
    result = run_dbt(["docs", "generate"], sample_build.env())
    assert result.returncode == 0, result.stdout[-5000:]
    target = sample_build.database.parent / "target"
    return json.loads((target / "manifest.json").read_text()), json.loads((target / "catalog.json").read_text())


def test_docs_site_describes_every_resource(docs_site: tuple[dict, dict]) -> None:
    manifest, catalog = docs_site
    nodes = manifest["nodes"].values()
    by_type: dict[str, dict[str, dict]] = {}
    for node in [*nodes, *manifest["sources"].values(), *manifest["exposures"].values()]:
        by_type.setdefault(node["resource_type"], {})[node["unique_id"]] = node
    assert {node["name"] for node in by_type["analysis"].values()} == ANALYSES
    assert {node["name"] for node in by_type["exposure"].values()} == EXPOSURES
    assert len(by_type["model"]) >= 28 and len(by_type["seed"]) == 2 and len(by_type["source"]) >= 5
    undescribed = [
        unique_id for kind in ("model", "seed", "source", "analysis", "exposure")
        for unique_id, node in by_type[kind].items() if not node["description"].strip()
    ]
    assert undescribed == []
    # the catalog holds every relation the build made, with its columns
    in_catalog = set(catalog["nodes"]) | set(catalog["sources"])
    relations = [*by_type["model"], *by_type["seed"], *by_type["source"]]
    assert [unique_id for unique_id in relations if unique_id not in in_catalog] == []
    assert all(catalog["nodes"][unique_id]["columns"] for unique_id in [*by_type["model"], *by_type["seed"]])


def test_lineage_shows_every_consumer(docs_site: tuple[dict, dict]) -> None:
    manifest, _ = docs_site
    parents = manifest["parent_map"]
    top_journals = next(uid for uid, node in manifest["nodes"].items() if node["name"] == "top_journals")
    # it reads the exported file, which the export models write
    assert {"model.drug_graph.graph_export_files", "model.drug_graph.drug_graph_json"} <= set(parents[top_journals])
    exposures = {node["name"]: node for node in manifest["exposures"].values()}
    assert "model.drug_graph.graph_export_files" in exposures["drug_graph_json_file"]["depends_on"]["nodes"]
    # what the analyses read is exposed: the questions, and the file top_journals reads
    exposed = {unique_id for exposure in exposures.values() for unique_id in exposure["depends_on"]["nodes"]}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "analysis":
            assert set(parents[unique_id]) <= exposed, unique_id


def test_warehouse_keeps_only_documented_relations(sample_build: Build, docs_site: tuple[dict, dict]) -> None:
    """Every table and view outside `raw` (the loader's) is a model or a documented source of the project (the
    run log): no helper view is left."""
    manifest, _ = docs_site
    documented = {
        (node["schema"], node["alias"]) for node in manifest["nodes"].values()
        if node["resource_type"] in {"model", "seed"}
    } | {(source["schema"], source["identifier"]) for source in manifest["sources"].values()}
    found = set(sample_build.query(
        "select table_schema, table_name from information_schema.tables where table_schema <> 'raw'"
    ))
    assert found - documented == set()


def test_layers_have_their_own_schemas(sample_build: Build) -> None:
    by_schema: dict[str, set[str]] = {}
    for schema, name in sample_build.query("select table_schema, table_name from information_schema.tables"):
        by_schema.setdefault(schema, set()).add(name)
    assert {"staging", "intermediate", "marts", "data_quality", "exports", "raw"} <= set(by_schema)
    assert all(name.startswith("stg_") for name in by_schema["staging"])
    assert all(name.startswith("int_") for name in by_schema["intermediate"])
    assert all(name.startswith(("dim_", "fct_")) for name in by_schema["marts"])
    assert all(name.startswith("dq_") for name in by_schema["data_quality"])
    assert by_schema["exports"] == {
        "graph_drug_nodes", "graph_journal_nodes", "graph_nodes", "graph_publication_edges", "graph_journal_edges",
        "graph_edges", "graph_export_parts", "graph_export_files", "drug_graph_json",
    }
    assert {"transactions", "product_nomenclature"} <= by_schema["raw"]
    assert "main" not in by_schema


@pytest.mark.parametrize(("value", "expected"), [("1", "--full-refresh"), ("", "")], ids=["1", "unset"])
def test_make_run_passes_full_refresh(tmp_path: Path, value: str, expected: str) -> None:
    """`make run FULL_REFRESH=1` runs `dbt build --full-refresh` (a stand-in dbt records its arguments); the job's
    build leaves the unit tests to `make test`."""
    stand_in = tmp_path / "dbt"
    stand_in.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "calls"}\n')
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
    reviewer = tmp_path / "python"  # the run's report and alerts (drug_graph_orchestration.monitor): nothing here
    reviewer.write_text("#!/bin/sh\nexit 0\n")
    reviewer.chmod(reviewer.stat().st_mode | stat.S_IEXEC)
    env = {key: item for key, item in os.environ.items() if key not in {"FULL_REFRESH", "MAKEFLAGS"}}
    command = ["make", "--no-print-directory", "run", f"BIN={tmp_path}", f"FULL_REFRESH={value}"]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls == [f"build --exclude-resource-type unit_test {expected}".strip(), "run-operation print_summary --quiet"]


@pytest.mark.parametrize("command", [["compile"], ["show", "--limit", "1"]])
def test_rendering_an_incremental_model_writes_nothing(sample_build: Build, command: list[str]) -> None:
    # on a built warehouse the incremental models render their incremental form: it must not make tables
    result = run_dbt(["--debug", *command, "--select", "fct_drug_mentions"], sample_build.env())
    assert result.returncode == 0, result.stdout[-3000:]
    assert "create temporary table" not in result.stdout.lower()

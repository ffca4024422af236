"""End to end on the shipped sample (data/sample): every mention, every rejected and merged row, the export."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from conftest import (
    REPO,
    SAMPLE_DIR,
    Build,
    build,
    check_after_tampering,
    export_files,
    relation,
    schema_of,
)

EXPECTED_MENTIONS = {
    ("ATROPINE", "clinical_trial", "Atropine premedication (paediatric anaesthesia)"),
    ("ATROPINE", "pubmed", "ATROPINE'S effect on heart rate during intubation"),
    ("ATROPINE", "pubmed", "Betamethasone and ATROPINE in trigger point treatment"),
    ("BETAMETHASONE", "clinical_trial",
     "Preemptive Infiltration With Betamethasone and Ropivacaine for Laminoplasty or ñ Laminectomy"),
    ("BETAMETHASONE", "pubmed", "Betamethasone before preterm birth: umbilical Doppler changes"),
    ("BETAMETHASONE", "pubmed", "Betamethasone and ATROPINE in trigger point treatment"),
    ("CETIRIZINE", "clinical_trial",
     "Phase 2 Study IV QUZYTTIR™ (Cetirizine Hydrochloride Injection) vs V Diphenhydramine"),
    ("CETIRIZINE", "pubmed", "Cetirizine versus diphenhydramine for acute urticaria"),
    ("DIPHENHYDRAMINE", "clinical_trial", "Use of Diphenhydramine as an Adjunctive Sedative for Colonoscopy"),
    ("DIPHENHYDRAMINE", "clinical_trial",
     "Phase 2 Study IV QUZYTTIR™ (Cetirizine Hydrochloride Injection) vs V Diphenhydramine"),
    ("DIPHENHYDRAMINE", "pubmed", 'Diphenhydramine for sleep in adults, a "real-world" study'),
    ("DIPHENHYDRAMINE", "pubmed", "Cetirizine versus diphenhydramine for acute urticaria"),
    ("EPINEPHRINE", "clinical_trial", "Tranexamic Acid Versus Epinephrine During Exploratory Tympanotomy"),
    ("EPINEPHRINE", "pubmed", "Epinephrine autoinjectors: cost, access and alternatives"),
    ("ETHANOL", "pubmed", "Tetracycline and acute ethanol withdrawal in mice"),
    ("GLUCAGON", "clinical_trial", "Glucagon Infusion in T1D Patients With Recurrent Severe Hypoglycemia"),
    ("GLUCAGON", "pubmed", "Glucagon rescue à home for severe hypoglycaemia"),
    ("ISOPRENALINE", "pubmed", "Isoprenaline-induced myocardial infarction in rats"),
    ("Paracetamol", "clinical_trial", "Paracetamol in children with fever"),
    ("Paracetamol", "pubmed", "Paracétamol and tranexamic-acid after knee surgery"),
    ("TETRACYCLINE", "pubmed", "Tetracycline resistance patterns of Lactobacillus strains."),
    ("TETRACYCLINE", "pubmed", "Tetracycline and acute ethanol withdrawal in mice"),
    ("tranexamic ACID", "clinical_trial", "Tranexamic Acid Versus Epinephrine During Exploratory Tympanotomy"),
    ("tranexamic ACID", "pubmed", "Paracétamol and tranexamic-acid after knee surgery"),
}

MENTIONS_SQL = """
    select d.drug_name, p.source_kind, p.title
    from marts.fct_drug_mentions as m
    inner join marts.dim_drugs as d on m.drug_id = d.drug_id
    inner join marts.dim_publications as p on m.publication_key = p.publication_key
"""


def raw_row_counts(raw_dir: Path) -> dict[str, int]:
    """Data rows per raw file, counted with Python's own parsers (blank lines are not rows)."""
    counts = {}
    for path in sorted(raw_dir.iterdir()):
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = [row for row in csv.reader(handle) if row]
            counts[path.name] = len(rows) - 1
        elif path.suffix == ".json":
            text = re.sub(r",(\s*[\]}])", r"\1", path.read_text(encoding="utf-8-sig"))
            counts[path.name] = len(json.loads(text))
    return counts


def test_every_expected_mention_and_no_other(sample_build: Build) -> None:
    assert set(sample_build.query(MENTIONS_SQL)) == EXPECTED_MENTIONS


def test_every_raw_row_is_accounted_for(sample_build: Build) -> None:
    reconciliation = {
        row[0]: row[1:] for row in sample_build.query(
            "select source_file, raw_rows, kept_rows, merged_rows, rejected_rows from data_quality.dq_file_reconciliation"
        )
    }
    expected = raw_row_counts(SAMPLE_DIR)
    assert {name: counts[0] for name, counts in reconciliation.items()} == expected
    for raw, kept, merged, rejected in reconciliation.values():
        assert raw == kept + merged + rejected


def test_rejected_and_merged_rows(sample_build: Build) -> None:
    rejected = set(sample_build.query("select source_file, source_row, rejection_reason from data_quality.dq_rejected_rows"))
    assert rejected == {
        ("pubmed.csv", 7, "unknown_date_format"),
        ("pubmed.csv", 8, "missing_title"),
        ("pubmed.csv", 9, "empty_row"),
        ("pubmed_2.csv", 3, "conflicting_duplicate_id"),
        ("pubmed_2.csv", 4, "empty_row"),
        ("clinical_trials.csv", 3, "missing_title"),
        ("drugs_more.csv", 4, "missing_drug_name"),
    }
    merged = set(sample_build.query("select source_file, source_row, merged_into from data_quality.dq_merged_rows"))
    assert merged == {
        ("pubmed_2.csv", 2, "pubmed:10"),
        ("clinical_trials.csv", 6, "clinical_trial:NCT01000005"),
        ("drugs_more.csv", 2, "A04AD"),
    }


def test_split_trial_is_combined_and_keeps_provenance(sample_build: Build) -> None:
    rows = sample_build.query("""
        select p.publication_id, j.journal_name, p.source_file, p.source_row, p.source_row_count
        from marts.dim_publications as p left join marts.dim_journals as j on p.journal_id = j.journal_id
        where p.publication_key = 'clinical_trial:NCT01000005'
    """)
    assert rows == [("NCT01000005", "Journal of emergency nursing", "clinical_trials.csv", 5, 2)]


def test_journals_are_folded_and_escape_text_removed(sample_build: Build) -> None:
    names = {row[0] for row in sample_build.query("select journal_name from marts.dim_journals")}
    assert "Journal of emergency nursing" in names
    assert not any("emergency" in name.lower() and name != "Journal of emergency nursing" for name in names)
    assert "Hôpitaux Universitaires de Genève" in names


def test_ambiguous_dates_are_counted(sample_build: Build) -> None:
    (count,) = sample_build.query("select count(*) from data_quality.dq_ambiguous_dates")[0]
    assert count == 9


def test_rows_without_id_get_stable_surrogates(sample_build: Build) -> None:
    ids = sample_build.query(
        "select publication_id from marts.dim_publications where is_id_generated order by publication_id"
    )
    assert [row[0] for row in ids] == ["gen-2f6aa49ef2e20365", "gen-36442af51fe0acfd", "gen-ddab80d9f699571a"]


def test_graph_matches_schema_and_loads_in_networkx(sample_build: Build) -> None:
    document = sample_build.graph()
    schema = json.loads((REPO / "schemas" / "drug_graph.schema.json").read_text())
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    graph = nx.node_link_graph(document, edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(1 for kind in kinds.values() if kind == "drug") == 11
    # every node comes from the marts, and every edge joins two known nodes
    assert graph.number_of_nodes() == len(document["nodes"])
    mentioned_in = {
        (graph.nodes[u]["name"], graph.nodes[v]["kind"], graph.nodes[v]["title"])
        for u, v, data in graph.edges(data=True) if data["kind"] == "mentioned_in"
    }
    assert mentioned_in == EXPECTED_MENTIONS


def test_graph_is_sorted(sample_build: Build) -> None:
    # by export part (the bucket of the raw file of the publication behind an element, 0 for drugs and
    # journals), then by text
    document = sample_build.graph()
    for element, table, column in (("nodes", "graph_nodes", "node_json"), ("edges", "graph_edges", "edge_json")):
        rows = sample_build.query(
            f"select coalesce(parts.export_part, 0), {column} from {relation(table)} as elements"
            " left join exports.graph_export_parts as parts on elements.publication_file = parts.publication_file"
        )
        assert [json.loads(text) for _, text in sorted(rows)] == document[element], element
    parts = sorted(part for (part,) in sample_build.query("select export_part from exports.graph_export_files"))
    assert parts[0] == 0 and len(set(parts)) == 5


def test_export_parts_are_buckets_of_the_raw_files(sample_build: Build) -> None:
    # the bucket of a file: the first 8 hex digits of the MD5 of its name, as a number, modulo export_buckets, + 1
    # (the same on every engine); each bucket is one Parquet file of nodes and one of edges
    parts = dict(sample_build.query("select publication_file, export_part from exports.graph_export_parts"))
    assert parts == {
        name: int(hashlib.md5(name.encode()).hexdigest()[:8], 16) % 256 + 1
        for name in ("pubmed.csv", "pubmed.json", "pubmed_2.csv", "clinical_trials.csv")
    }
    names = {path.name for path in (sample_build.output_dir / "graph_nodes").glob("*.parquet")}
    assert names == {"_drugs_and_journals.parquet", *(f"part_{part:03d}.parquet" for part in parts.values())}


def test_mentioned_by_edges_one_per_drug_journal_date_kind(sample_build: Build) -> None:
    edges = [e for e in sample_build.graph()["edges"] if e["kind"] == "mentioned_by"]
    keys = [(e["source"], e["target"], e["date"], e["source_kind"]) for e in edges]
    assert len(keys) == len(set(keys)) == sample_build.query("select count(*) from marts.fct_journal_drug_mentions")[0][0]


def test_same_input_gives_same_bytes(sample_build: Build, tmp_path: Path) -> None:
    again = build(SAMPLE_DIR, tmp_path / "again")
    files = export_files(sample_build.output_dir)
    assert len(files) == 1 + 5 + 4
    assert export_files(again.output_dir) == files


def test_chosen_columns_are_written_with_the_chosen_compression(sample_build: Build) -> None:
    # meta.column_compression, applied by macros/overrides/duckdb__create_table_as.sql; the other columns are left to DuckDB
    staged = {"publication_id": "ZSTD", "title": "Uncompressed", "raw_title": "ZSTD"}
    chosen = {
        "stg_pubmed__csv_articles": staged,
        "stg_pubmed__json_articles": staged,
        "stg_clinical_trials__trials": staged,
        "int_publication_rows_resolved": {"publication_id": "ZSTD"},
        "int_drug_mentions_matched": {"title": "ZSTD"},
        "graph_nodes": {"node_json": "ZSTD"},
        "graph_publication_edges": {"edge_json": "ZSTD"},
    }
    for table, columns in chosen.items():
        (ddl,) = sample_build.query(f"select sql from duckdb_tables() where schema_name = '{schema_of(table)}' and table_name = '{table}'")[0]
        assert dict(re.findall(r"(\w+) VARCHAR USING COMPRESSION (\w+)", ddl)) == columns, (table, ddl)
    (journal_ddl,) = sample_build.query("select sql from duckdb_tables() where schema_name = 'marts' and table_name = 'dim_journals'")[0]
    assert "COMPRESSION" not in journal_ddl


def test_parquet_exports_hold_the_graph(sample_build: Build) -> None:
    # one file per export part, each sorted: together, the elements of the JSON graph
    document = sample_build.graph()
    nodes = sample_build.query(
        f"select filename, node_id from read_parquet('{sample_build.output_dir}/graph_nodes/*.parquet', filename = true)"
    )
    assert sorted(row[1] for row in nodes) == sorted(node["id"] for node in document["nodes"])
    edges = sample_build.query(
        "select filename, source_node_id, target_node_id, edge_kind, cast(edge_date as varchar), source_kind"
        f" from read_parquet('{sample_build.output_dir}/graph_edges/*.parquet', filename = true)"
    )
    assert sorted(row[1:] for row in edges) == sorted(
        (e["source"], e["target"], e["kind"], e["date"], e["source_kind"]) for e in document["edges"]
    )
    for rows in (nodes, edges):
        for name in {row[0] for row in rows}:
            part = [row[1:] for row in rows if row[0] == name]
            assert part == sorted(part), name
    index = sample_build.query("select element, export_part, parquet_file, element_count from exports.graph_export_files")
    assert {(element, parquet_file) for element, _, parquet_file, _ in index} == {
        (element, Path(name).name) for rows, element in ((nodes, "nodes"), (edges, "edges")) for name, *_ in rows
    }
    assert sum(count for element, _, _, count in index if element == "nodes") == len(document["nodes"])


def test_top_journals_analysis(sample_build: Build) -> None:
    assert sample_build.show("top_journals") == [
        {"journal": "Journal of emergency nursing", "distinct_drugs": 6},
    ]


def test_drugs_sharing_pubmed_journals_analysis(sample_build: Build) -> None:
    assert sample_build.show("drugs_sharing_pubmed_journals", "{drug: tetracycline}") == [{"drug": "ETHANOL"}]
    assert sample_build.show("drugs_sharing_pubmed_journals", "{drug: ATROPINE}") == [{"drug": "BETAMETHASONE"}]
    # diphenhydramine's PubMed journals mention cetirizine in PubMed, but also in a clinical trial
    assert sample_build.show("drugs_sharing_pubmed_journals", "{drug: Diphenhydramine}") == [
        {"drug": "ATROPINE"},
    ]


@pytest.mark.parametrize(
    "tampering",
    [
        # a row without outcome
        "delete from data_quality.dq_rejected_rows where source_row = (select min(source_row) from data_quality.dq_rejected_rows)",
        # a kept row also rejected
        (
            "insert into data_quality.dq_rejected_rows (record_kind, source_file, source_row, rejection_reason)"
            " select source_kind, source_file, source_row, 'test' from intermediate.int_publication_rows_resolved"
            " where resolution = 'publication' limit 1"
        ),
        # the same count of outcomes in a file, but one row twice and another never
        (
            "update intermediate.int_publication_rows_resolved set source_row = source_row + 1"
            " where (source_file, source_row) = (select (source_file, min(source_row))"
            " from intermediate.int_publication_rows_resolved where resolution <> 'rejected'"
            " group by source_file order by source_file limit 1)"
        ),
    ],
    ids=["missing", "twice", "swapped"],
)
def test_reconciliation_test_fails_on_a_lost_or_doubled_row(sample_build: Build, tmp_path: Path, tampering: str) -> None:
    result = check_after_tampering(sample_build, tmp_path / "tampered", "assert_every_raw_row_has_one_outcome", tampering)
    assert result.returncode != 0 and "FAIL" in result.stdout, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("model", "tampering", "failing_test"),
    [
        # staging: one row twice (the per-file bitmap on DuckDB)
        (
            "stg_pubmed__csv_articles",
            (
                "insert into staging.stg_pubmed__csv_articles select * from staging.stg_pubmed__csv_articles"
                " where source_file = 'pubmed.csv' and source_row = 2"
            ),
            "unique_file_rows_stg_pubmed__csv_articles_loaded_at",
        ),
        # the merged rows: the same row twice; another publication taking a key (a full build's rows)
        (
            "int_publication_rows_resolved",
            (
                "insert into intermediate.int_publication_rows_resolved select * from intermediate.int_publication_rows_resolved"
                " where source_file = 'pubmed.csv' and source_row = 3"
            ),
            "unique_file_rows_int_publication_rows_resolved_decided_at",
        ),
        (
            "int_publication_rows_resolved",
            (
                "update intermediate.int_publication_rows_resolved set publication_id = '1'"
                " where source_file = 'pubmed.csv' and source_row = 3"
            ),
            "unique_keys_written_latest_int_publication_rows_resolved_source_kind__publication_id__publication_id_hash",
        ),
    ],
    ids=["staged-row-twice", "merged-row-twice", "key-taken"],
)
def test_uniqueness_tests_fail_on_a_repeated_key(
    sample_build: Build, tmp_path: Path, model: str, tampering: str, failing_test: str
) -> None:
    result = check_after_tampering(sample_build, tmp_path / "tampered", model, tampering)
    failed = [line for line in result.stdout.splitlines() if "FAIL" in line and "START" not in line]
    assert result.returncode != 0 and any(failing_test in line for line in failed), result.stdout[-3000:]

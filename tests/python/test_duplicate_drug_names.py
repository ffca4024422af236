"""The same drug name under two ATC codes is one drug: the code found first (by file and row) keeps the name
and its node id, the other row is rejected as `conflicting_duplicate_drug_name`, so that each title mentions
the drug once and the journals count it once."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE_DIR, Build, build


@pytest.fixture(scope="module")
def duplicate_name_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("duplicate_drug_names")
    raw_dir = work / "raw"
    shutil.copytree(SAMPLE_DIR, raw_dir)
    # ATROPINE is A03BA in drugs.csv; the same words come again under another code, and without code
    with (raw_dir / "drugs_more.csv").open("a", encoding="utf-8", newline="") as drugs:
        drugs.write("A03BB,Atropine\r\n,atropine\r\n")  # the file's own CRLF
    return build(raw_dir, work)


def test_one_drug_keeps_the_first_code(duplicate_name_build: Build) -> None:
    assert duplicate_name_build.query(
        "select drug_id, drug_name, source_file from marts.dim_drugs where name_words = 'atropine'"
    ) == [("A03BA", "ATROPINE", "drugs.csv")]


def test_other_codes_are_rejected_naming_file_and_row(duplicate_name_build: Build) -> None:
    assert duplicate_name_build.query(
        "select source_file, source_row, rejection_reason, raw_id, raw_text from data_quality.dq_rejected_rows"
        " where record_kind = 'drug' order by source_file, source_row"
    ) == [
        ("drugs_more.csv", 4, "missing_drug_name", "S01AA", None),
        ("drugs_more.csv", 5, "conflicting_duplicate_drug_name", "A03BB", "Atropine"),
        ("drugs_more.csv", 6, "conflicting_duplicate_drug_name", None, "atropine"),
    ]
    assert duplicate_name_build.query(
        "select raw_rows, kept_rows, merged_rows, rejected_rows from data_quality.dq_file_reconciliation"
        " where source_file = 'drugs_more.csv'"
    ) == [(6, 2, 1, 3)]


def test_each_title_mentions_the_drug_once(duplicate_name_build: Build, sample_build: Build) -> None:
    graph = duplicate_name_build.graph()
    drug_nodes = [node for node in graph["nodes"] if node["kind"] == "drug" and node["name"].lower() == "atropine"]
    assert [node["id"] for node in drug_nodes] == ["drug:A03BA"]
    # the graph is the sample's: the rejected rows add no node and no edge
    assert graph == sample_build.graph()
    assert duplicate_name_build.show("top_journals") == [
        {"journal": "Journal of emergency nursing", "distinct_drugs": 6},
    ]

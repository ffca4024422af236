"""The loader on what real feeds bring: late quotes, invalid bytes, odd JSON, a header-only drugs list,
files touched, switched folders, commands that do not read the raw files, runs stopped part-way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_DIR, Build, build, dbt_env, export_files, run_dbt


@pytest.fixture()
def raw_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, folder)
    return folder


def rejected(built: Build, source_file: str) -> list[tuple]:
    return built.query(
        "select source_row, rejection_reason from data_quality.dq_rejected_rows"
        f" where source_file = '{source_file}' order by source_row"
    )


def rerun(built: Build, *args: str) -> str:
    """Runs `dbt build` again on the same warehouse; returns its output when it fails, '' when it passes."""
    result = run_dbt(["build", *args], built.env())
    return "" if result.returncode == 0 else result.stdout + result.stderr


def withdrawals(built: Build) -> list[tuple[str, str]]:
    """The publication files the loader found changed or vanished (and withdrew), in order."""
    return built.query("select source_file, change from raw.file_withdrawals order by withdrawn_at, source_file")


def test_late_quotes_are_read_as_rfc_4180(raw_dir: Path, tmp_path: Path) -> None:
    # The first quote comes after DuckDB's sniffer sample (20,480 rows): a quoted comma and a quoted line break.
    rows = [f"{100_000 + n},Plain title {n},2020-01-01,Journal {n % 7}" for n in range(1, 25_001)]
    rows[23_999] = '124000,"Atropine, with a comma",2020-01-01,"Journal, quoted"'
    rows[24_499] = '124500,"Betamethasone across\na line break",2020-01-01,Journal 1'
    (raw_dir / "pubmed_late.csv").write_text("id,title,date,journal\n" + "\n".join(rows) + "\n", encoding="utf-8")
    built = build(raw_dir, tmp_path / "build")
    staged = built.query(
        "select count(*), max(source_row), count(distinct source_row) from staging.stg_pubmed__csv_articles"
        " where source_file = 'pubmed_late.csv'"
    )
    assert staged == [(25_000, 25_000, 25_000)]
    assert built.query(
        "select source_row, publication_id, title, journal from staging.stg_pubmed__csv_articles"
        " where source_file = 'pubmed_late.csv' and source_row in (24000, 24500, 25000) order by 1"
    ) == [
        (24_000, "124000", "Atropine, with a comma", "Journal, quoted"),
        (24_500, "124500", "Betamethasone across a line break", "Journal 1"),
        (25_000, "125000", "Plain title 25000", "Journal 3"),
    ]
    assert rejected(built, "pubmed_late.csv") == []


def test_invalid_bytes_reject_their_row_only(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "pubmed_bytes.csv").write_bytes(
        b"id,title,date,journal\n"
        b"101,Atropine \xc3\x28 first row,2020-01-01,J\n"
        b"102,Atropine fine,2020-01-01,J\n"
        b"103,Ethanol \xff,2020-01-01,J\n"
        b'104,"Ethanol, fine \xc3\xa9",2020-01-01,J\n'
    )
    (raw_dir / "pubmed_bytes.json").write_bytes(
        b'[{"id": 201, "title": "Atropine \xff", "date": "2020-01-01", "journal": "J"},'
        b' {"id": 202, "title": "Atropine ok", "date": "2020-01-01", "journal": "J"}]'
    )
    built = build(raw_dir, tmp_path / "build")
    assert rejected(built, "pubmed_bytes.csv") == [(1, "invalid_utf8"), (3, "invalid_utf8")]
    assert rejected(built, "pubmed_bytes.json") == [(1, "invalid_utf8")]
    assert built.query(
        "select source_file, source_row, title from staging.stg_pubmed__csv_articles where source_file = 'pubmed_bytes.csv'"
        " and rejection_reason is null union all select source_file, source_row, title from staging.stg_pubmed__json_articles"
        " where source_file = 'pubmed_bytes.json' and rejection_reason is null order by 1, 2"
    ) == [
        ("pubmed_bytes.csv", 2, "Atropine fine"),
        ("pubmed_bytes.csv", 4, "Ethanol, fine é"),
        ("pubmed_bytes.json", 2, "Atropine ok"),
    ]


def test_lines_ending_both_ways_are_read(raw_dir: Path, tmp_path: Path) -> None:
    # the sample's drugs_more.csv ends its lines with CRLF: two rows with LF alone added, and a pubmed file too
    with open(raw_dir / "drugs_more.csv", "ab") as file:
        file.write(b"Z01AA,MIXEDINE\nZ02AA,OTHERINE\n")
    (raw_dir / "pubmed_mixed.csv").write_bytes(
        b"id,title,date,journal\r\n301,Mixedine first,2020-01-01,J\n302,\"Otherine,\r\nsecond\",2020-01-02,J\r\n"
    )
    built = build(raw_dir, tmp_path / "build")
    assert built.query(
        "select drug_id, drug_name from marts.dim_drugs where drug_id in ('Z01AA', 'Z02AA') order by 1"
    ) == [("Z01AA", "MIXEDINE"), ("Z02AA", "OTHERINE")]
    assert built.query(
        "select drug_id, publication_key from marts.fct_drug_mentions where publication_key in"
        " ('pubmed:301', 'pubmed:302') order by all"
    ) == [("Z01AA", "pubmed:301"), ("Z02AA", "pubmed:302")]
    assert rejected(built, "pubmed_mixed.csv") == []


def test_json_values_are_taken_as_written(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "pubmed_odd.json").write_text(
        '[{"id": 301, "title": "Atropine [a, b, ] list", "date": "2020-01-01", "journal": "J, }"},\n'
        ' {"id": 302, "title": ["Atropine", "x"], "date": "2020-01-01", "journal": "J"},\n'
        ' {"id": 303, "title": "Atropine", "date": "2020-01-01", "journal": "J", "journal": "K"},\n'
        ' {"id": true, "title": "Atropine again", "date": "2020-01-01", "journal": "J"},\n]',
        encoding="utf-8",
    )
    built = build(raw_dir, tmp_path / "build")
    assert built.query(
        "select title, journal from staging.stg_pubmed__json_articles where source_file = 'pubmed_odd.json' and source_row = 1"
    ) == [("Atropine [a, b, ] list", "J, }")]
    assert rejected(built, "pubmed_odd.json") == [(2, "non_scalar_value"), (3, "duplicate_key"), (4, "non_scalar_value")]
    # the array title mentions no drug: only row 1 does
    assert built.query(
        "select source_row from marts.fct_drug_mentions where source_file = 'pubmed_odd.json'"
    ) == [(1,)]


def test_too_many_fields_is_rejected(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "pubmed_wide.csv").write_text(
        "id,title,date,journal\n401,Atropine, unquoted comma,2020-01-01,J\n402,Atropine fine,2020-01-01,J\n",
        encoding="utf-8",
    )
    built = build(raw_dir, tmp_path / "build")
    assert rejected(built, "pubmed_wide.csv") == [(1, "too_many_fields")]


def test_header_only_drugs_file_is_an_error(raw_dir: Path, tmp_path: Path) -> None:
    (raw_dir / "drugs_empty.csv").write_text("atccode,drug\n", encoding="utf-8")
    env = dbt_env(raw_dir, tmp_path / "warehouse.duckdb", tmp_path / "output")
    result = run_dbt(["build"], env)
    assert result.returncode != 0
    assert f"Raw file {raw_dir}/drugs_empty.csv: no value after the header" in result.stdout


def test_touched_file_is_not_a_changed_file(raw_dir: Path, tmp_path: Path) -> None:
    built = build(raw_dir, tmp_path / "build")
    path = raw_dir / "pubmed.csv"
    os.utime(path, (1_900_000_000, 1_900_000_000))
    assert rerun(built) == ""
    assert built.query("select count(*) from raw.file_plans where source_file = 'pubmed.csv'"
                       " and modified_at = make_timestamp(1900000000000000)") == [(1,)]
    content = path.read_bytes()
    assert withdrawals(built) == []
    path.write_bytes(content.replace(b"2019", b"2018", 1))  # same size, other bytes
    assert rerun(built) == ""
    assert withdrawals(built) == [("pubmed.csv", "changed")]
    assert built.query("select count(*) from staging.stg_pubmed__csv_articles where date_text = '01/01/2018'") == [(1,)]


def test_switching_folders_rebuilds_from_scratch(raw_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(raw_dir / "drugs.csv", other / "drugs.csv")
    (other / "pubmed.csv").write_text(
        "id,title,date,journal\n1,Atropine alone in this folder,2020-01-01,Other journal\n", encoding="utf-8"
    )
    first = build(raw_dir, tmp_path / "build")
    switched = Build(other, first.database, first.output_dir)
    result = run_dbt(["build"], switched.env())
    assert result.returncode == 0, result.stdout[-3000:]
    assert "building from scratch" in result.stdout
    fresh = build(other, tmp_path / "fresh")
    assert export_files(switched.output_dir) == export_files(fresh.output_dir)
    assert switched.query("select count(*) from staging.stg_pubmed__csv_articles") == [(1,)]


def test_commands_that_do_not_read_the_raw_files_ignore_them(raw_dir: Path, tmp_path: Path) -> None:
    built = build(raw_dir, tmp_path / "build")
    listing = built.query("select * from raw.files order by all")
    (raw_dir / "pubmed.csv").write_text("id,title,date,journal\n", encoding="utf-8")  # changed
    for args in (
        ["build", "--select", "fct_sales_daily_revenue"],
        ["compile"],
        ["ls"],
        ["show", "--inline", "select 1 as one"],
    ):
        result = run_dbt(args, built.env())
        assert result.returncode == 0, (args, result.stdout[-3000:])
    assert built.query("select * from raw.files order by all") == listing
    assert withdrawals(built) == []
    assert rerun(built) == ""
    assert withdrawals(built) == [("pubmed.csv", "changed")]


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_file_staged_by_a_run_stopped_part_way_is_still_seen(raw_dir: Path, tmp_path: Path, change: str) -> None:
    built = build(raw_dir, tmp_path / "build")
    new_file = raw_dir / "pubmed_new.csv"
    new_file.write_text("id,title,date,journal\n501,Atropine in a new file,2020-01-01,J\n", encoding="utf-8")
    # A run that stages the new file and stops before anything records it as loaded.
    staged = run_dbt(["run", "--select", "stg_pubmed__csv_articles"], built.env())
    assert staged.returncode == 0, staged.stdout[-3000:]
    assert built.query("select count(*) from intermediate.int_raw_files_loaded where source_file = 'pubmed_new.csv'") == [(0,)]
    if change == "edited":
        new_file.write_text("id,title,date,journal\n501,Ethanol instead,2020-01-01,J\n", encoding="utf-8")
    else:
        new_file.unlink()
    # the file is withdrawn (its staged rows taken back) and, edited, loaded again: as a full build would
    assert rerun(built) == ""
    assert withdrawals(built) == [("pubmed_new.csv", "changed" if change == "edited" else "withdrawn")]
    expected = 0 if change == "deleted" else 1
    assert built.query("select count(*) from staging.stg_pubmed__csv_articles where source_file = 'pubmed_new.csv'") == [(expected,)]
    assert export_files(built.output_dir) == export_files(build(raw_dir, tmp_path / "fresh").output_dir)


def test_registered_files_are_not_inspected_again(raw_dir: Path, tmp_path: Path) -> None:
    built = build(raw_dir, tmp_path / "build")
    with duckdb.connect(str(built.database)) as connection:
        connection.sql("update raw.file_plans set checksum = 'crc32:tampered' where source_file = 'pubmed.csv'")
    assert rerun(built) == ""
    assert built.query("select checksum from raw.file_plans where source_file = 'pubmed.csv'") == [("crc32:tampered",)]
    os.utime(raw_dir / "pubmed.csv", (1_900_000_000, 1_900_000_000))  # now its bytes are compared
    assert rerun(built) == ""
    assert withdrawals(built) == [("pubmed.csv", "changed")]


def batch_views(built: Build) -> dict[str, str]:
    """The raw batch views of the warehouse, by name, with their SQL."""
    return dict(built.query(
        "select view_name, sql from duckdb_views() where schema_name = 'raw'"
        " and regexp_matches(view_name, '__batch_[0-9]+$') order by 1"
    ))


def test_a_run_writes_the_raw_views_of_its_new_files_only(raw_dir: Path, tmp_path: Path) -> None:
    built = build(raw_dir, tmp_path / "build")
    first = batch_views(built)
    assert sorted(name.split("__batch_")[0] for name in first) == ["clinical_trials", "drugs", "pubmed_csv", "pubmed_json"]
    pubmed_rows = built.query("select count(*) from raw.pubmed_csv")
    for number in (1, 2):
        (raw_dir / f"pubmed_added_{number}.csv").write_text(
            f"id,title,date,journal\n{700 + number},Atropine in added file {number},2020-01-01,J\n", encoding="utf-8"
        )
        assert rerun(built) == ""
    views = batch_views(built)
    # the first run's views are kept as they were; each run added one view holding its new file only
    assert {name: sql for name, sql in views.items() if name in first} == first
    added = {name: sql for name, sql in views.items() if name not in first}
    assert len(added) == 2 and all(name.startswith("pubmed_csv__batch_") for name in added)
    assert sorted("pubmed_added_1.csv" in sql for sql in added.values()) == [False, True]
    assert built.query("select count(*) from raw.pubmed_csv") == [(pubmed_rows[0][0] + 2,)]
    # a run stopped before making its batch view: the next run makes it
    with duckdb.connect(str(built.database)) as connection:
        connection.sql(f'drop view raw."{max(added)}"')
    assert rerun(built) == ""
    assert batch_views(built) == views
    # past raw_view_max_batches, a kind's files become one batch again; the result is the same
    assert rerun(built, "--vars", "{raw_view_max_batches: 1}") == ""
    compacted = [name for name in batch_views(built) if name.startswith("pubmed_csv__")]
    assert len(compacted) == 1 and compacted[0] not in views
    assert built.query("select count(*) from raw.pubmed_csv") == [(pubmed_rows[0][0] + 2,)]
    fresh = build(raw_dir, tmp_path / "fresh")
    assert export_files(built.output_dir) == export_files(fresh.output_dir)
    # a full refresh registers every file again, as one batch per kind
    assert rerun(built, "--full-refresh") == ""
    assert len(batch_views(built)) == 4

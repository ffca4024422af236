"""Incremental runs: new raw files are loaded alone, and the result equals a full rebuild, byte for byte.

The new files are chosen to change rows already decided: a file that sorts first takes an id from an older
publication and becomes the first row of a duplicate, a second half of a split trial arrives in its own file,
and a new spelling becomes the journal's most written name.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import (
    BUILT_SCHEMAS,
    SAMPLE_DIR,
    Build,
    build,
    check_after_tampering,
    export_files,
    relation,
    run_dbt,
)

SPLIT_TRIAL_HALF = '"","Glucagon Infusion in T1D Patients With Recurrent Severe Hypoglycemia",25/05/2020,"Journal of emergency nursing"'

NEW_FILES = {
    # Sorts before pubmed.csv: takes id 5 from its publication, and its first row is the duplicate's first row.
    "pubmed-early.csv": "\n".join([
        "id,title,date,journal",
        "5,Tetracycline and ethanol in an earlier file,2020-02-02,Journal of food protection",
        "4,ATROPINE'S effect on heart rate during intubation,02/01/2020,JOURNAL OF EMERGENCY NURSING",
        *(f"{30 + n},Atropine dose study {n},2020-03-0{n + 1},JOURNAL OF EMERGENCY NURSING" for n in range(6)),
    ]) + "\n",
    "clinical_trials_2.csv": (
        "id,scientific_title,date,journal\n"
        f"{SPLIT_TRIAL_HALF}\n"
        "NCT01000099,Ethanol lock therapy for catheter infections,2021-02-03,Journal of food protection\n"
    ),
    "pubmed_3.json": '[{"id": 40, "title": "Betamethasone in late preterm infants", "date": "2021-01-04",'
                     ' "journal": "The Journal of Pediatrics"},]\n',
}


# What the last run changed (the changed publication rows, read by the next models of that run): the state of a
# run, not content; empty after a full build. test_changed_publication_rows_are_one_table_for_every_reader checks it.
CHANGED_ROWS_TABLE = "int_publication_rows_changed"


def tables(database: Path) -> dict[str, list[tuple]]:
    """Every table and view the project builds (every layer's schema but the raw files' views), rows sorted,
    without the load times, and without the changed publication rows of the last run."""
    with duckdb.connect(str(database), read_only=True) as connection:
        names = connection.sql(
            "select table_schema, table_name from information_schema.tables"
            f" where table_schema in {tuple(BUILT_SCHEMAS[1:])} or (table_schema, table_name) in"
            " (('raw', 'transactions'), ('raw', 'product_nomenclature')) order by all"
        ).fetchall()
        assert len({schema for schema, _ in names}) == len(BUILT_SCHEMAS), names
        result = {}
        for schema, name in names:
            if name == CHANGED_ROWS_TABLE:
                continue
            columns = [row[0] for row in connection.sql(
                "select column_name from information_schema.columns"
                f" where table_schema = '{schema}' and table_name = '{name}'"
                " and column_name not in ('loaded_at', 'decided_at', 'latest_decided_at')"
                " order by ordinal_position"
            ).fetchall()]
            listed = ", ".join(f'"{column}"' for column in columns)
            result[f"{schema}.{name}"] = connection.sql(f'select {listed} from {schema}."{name}" order by all').fetchall()
        return result


def first_folder(path: Path) -> Path:
    """The sample without pubmed_2.csv and without the second half of the split trial."""
    shutil.copytree(SAMPLE_DIR, path)
    (path / "pubmed_2.csv").unlink()
    trials = path / "clinical_trials.csv"
    text = trials.read_text(encoding="utf-8")
    assert SPLIT_TRIAL_HALF in text
    trials.write_text(text.replace(SPLIT_TRIAL_HALF + "\n", ""), encoding="utf-8")
    return path


def add_new_files(folder: Path) -> None:
    shutil.copy(SAMPLE_DIR / "pubmed_2.csv", folder / "pubmed_2.csv")
    for name, text in NEW_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")


def rebuild(previous: Build, *args: str) -> str:
    result = run_dbt(["build", *args], previous.env())
    return result.stdout + result.stderr if result.returncode else ""


@pytest.fixture(scope="module")
def incremental_and_full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build, int]:
    work = tmp_path_factory.mktemp("incremental")
    folder = first_folder(work / "raw")
    first = build(folder, work / "first")
    first_rows = first.query("select count(*) from staging.stg_pubmed__csv_articles")[0][0]
    add_new_files(folder)
    assert rebuild(first) == ""
    full = build(folder, work / "full")
    return first, full, first_rows


def test_incremental_equals_full_refresh(incremental_and_full: tuple[Build, Build, int]) -> None:
    incremental, full, _ = incremental_and_full
    assert export_files(incremental.output_dir) == export_files(full.output_dir)
    incremental_tables, full_tables = tables(incremental.database), tables(full.database)
    assert incremental_tables.keys() == full_tables.keys()
    for name, rows in full_tables.items():
        assert incremental_tables[name] == rows, name


def test_new_files_change_rows_already_decided(incremental_and_full: tuple[Build, Build, int]) -> None:
    incremental, _, _ = incremental_and_full
    taken = incremental.query("""
        select source_file, source_row, resolution, rejection_reason from intermediate.int_publication_rows_resolved
        where source_kind = 'pubmed' and publication_id in ('5', '4') order by all
    """)
    assert taken == [
        ("pubmed-early.csv", 1, "publication", None),
        ("pubmed-early.csv", 2, "publication", None),
        ("pubmed.csv", 4, "merged", None),
        ("pubmed.csv", 5, "rejected", "conflicting_duplicate_id"),
    ]
    assert incremental.query("""
        select j.journal_name from marts.dim_publications as p inner join marts.dim_journals as j on p.journal_id = j.journal_id
        where p.publication_key = 'clinical_trial:NCT01000005'
    """) == [("JOURNAL OF EMERGENCY NURSING",)]


def test_only_new_files_are_read(incremental_and_full: tuple[Build, Build, int]) -> None:
    incremental, _, first_rows = incremental_and_full
    loads = incremental.query("""
        select source_file, count(distinct loaded_at) from staging.stg_pubmed__csv_articles group by 1 order by 1
    """)
    assert [row[1] for row in loads] == [1, 1, 1]
    runs = incremental.query("""
        select loaded_at, count(*) from staging.stg_pubmed__csv_articles group by 1 order by 1
    """)
    assert len(runs) == 2 and runs[0][1] == first_rows
    assert incremental.query("select count(*) from intermediate.int_raw_files_loaded")[0][0] == 9


def test_only_rows_decided_again_are_written_again(incremental_and_full: tuple[Build, Build, int]) -> None:
    incremental, _, _ = incremental_and_full
    decided = incremental.query("select decided_at, count(*) from intermediate.int_publication_rows_resolved group by 1 order by 1")
    assert len(decided) == 2, decided
    first_run, second_run = decided[0][0], decided[1][0]
    for table in ("fct_drug_mentions", "graph_nodes", "graph_edges"):
        kept, rewritten, whole = incremental.query(f"""
            select
                count(*) filter (where decided_at = '{first_run}'),
                count(*) filter (where decided_at = '{second_run}'),
                count(*) filter (where decided_at is null)
            from {relation(table)}
        """)[0]
        # drug and journal nodes (no publication) are written whole by every run
        assert kept > 0 and rewritten > 0 and (whole > 0) == (table == "graph_nodes"), (table, kept, rewritten, whole)
    # drug -> journal edges: only the new ones, and those whose first file changed, are written again
    kept, rewritten = incremental.query(f"""
        select count(*) filter (where decided_at = '{first_run}'), count(*) filter (where decided_at = '{second_run}')
        from exports.graph_edges where edge_kind = 'mentioned_by'
    """)[0]
    assert kept > 0 and rewritten > 0, (kept, rewritten)
    # and fewer than the rows the journal mart counted again: an edge whose first file did not change keeps its
    # time, so that the export does not write its part again (docs/architecture.md, "Exports read marts")
    (recounted,) = incremental.query(
        f"select count(*) from marts.fct_journal_drug_mentions where decided_at = '{second_run}'"
    )[0]
    assert rewritten < recounted, (rewritten, recounted)
    # the publications the new rows changed are among the rows written again
    assert incremental.query(f"""
        select node_id from exports.graph_nodes where decided_at = '{second_run}' and node_id in ('pubmed:4', 'pubmed:5')
        order by 1
    """) == [("pubmed:4",), ("pubmed:5",)]


def test_export_writes_again_only_the_parts_that_changed(incremental_and_full: tuple[Build, Build, int]) -> None:
    incremental, _, _ = incremental_and_full
    second_run = incremental.query("select max(decided_at) from intermediate.int_publication_rows_resolved")[0][0]
    kept, written = [], []
    for element, parquet_file, latest in incremental.query(
        "select element, parquet_file, latest_decided_at from exports.graph_export_files"
    ):
        path = incremental.output_dir / f"graph_{element}" / parquet_file
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        # a part whose elements all come from the first run keeps the Parquet file the first run wrote
        (kept if latest is not None and latest < second_run else written).append((path.name, modified > second_run))
    assert kept and written
    assert [name for name, modified in kept if modified] == []
    assert [name for name, modified in written if not modified] == []


def test_export_files_changed_by_hand_are_written_again(
    incremental_and_full: tuple[Build, Build, int], tmp_path: Path
) -> None:
    incremental, full, _ = incremental_and_full
    shutil.copytree(incremental.output_dir, tmp_path / "output")
    shutil.copy(incremental.database, tmp_path / "warehouse.duckdb")
    copy = Build(incremental.raw_dir, tmp_path / "warehouse.duckdb", tmp_path / "output")
    with copy.graph_path.open("ab") as graph:
        graph.write(b" ")
    parts = sorted((copy.output_dir / "graph_nodes").glob("*.parquet"))
    parts[-1].unlink()
    shutil.copy(parts[0], copy.output_dir / "graph_edges" / "stray.parquet")
    result = run_dbt(["build", "--select", "graph_export_files"], copy.env())
    assert result.returncode == 0, result.stdout[-3000:]
    assert export_files(copy.output_dir) == export_files(full.output_dir)


def test_changed_publication_rows_are_one_table_for_every_reader(
    incremental_and_full: tuple[Build, Build, int],
) -> None:
    incremental, full, _ = incremental_and_full
    changed = incremental.query(f"select source_file, source_row from intermediate.{CHANGED_ROWS_TABLE} order by all")
    decided = incremental.query(
        "select source_file, source_row from intermediate.int_publication_rows_resolved"
        " where decided_at = (select max(decided_at) from intermediate.int_publication_rows_resolved) order by all"
    )
    total = incremental.query("select count(*) from intermediate.int_publication_rows_resolved")[0][0]
    # every reader was up to date with the first build: the rows the incremental run decided, and no other
    assert changed == decided
    assert 0 < len(changed) < total
    assert full.query(f"select count(*) from intermediate.{CHANGED_ROWS_TABLE}") == [(0,)]


def test_a_stale_changed_rows_table_is_not_read(tmp_path: Path) -> None:
    # a command that builds int_publication_rows_resolved and not the table of its changed rows: the readers see
    # that the table is older and read the resolved rows, and the result is still the full refresh's
    loaded = build(first_folder(tmp_path / "raw"), tmp_path / "build")
    add_new_files(loaded.raw_dir)
    staged = run_dbt(["run", "--select", "+int_publication_rows_resolved"], loaded.env())
    assert staged.returncode == 0, staged.stdout[-3000:]
    result = run_dbt(["build", "--exclude", CHANGED_ROWS_TABLE], loaded.env())
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"{CHANGED_ROWS_TABLE} is older than int_publication_rows_resolved" in result.stdout
    full = build(loaded.raw_dir, tmp_path / "full")
    assert tables(loaded.database) == tables(full.database)
    assert export_files(loaded.output_dir) == export_files(full.output_dir)


@pytest.fixture()
def loaded(tmp_path: Path) -> Build:
    return build(first_folder(tmp_path / "raw"), tmp_path / "build")


def test_changed_file_is_loaded_again(loaded: Build) -> None:
    # a corrected publication file no longer stops the run (test_incremental_withdrawals.py compares such runs with
    # a full refresh): its rows are taken back and the file loaded again, alone
    with (loaded.raw_dir / "pubmed.csv").open("a", encoding="utf-8") as csv_file:
        csv_file.write("9,Atropine added later,2021-01-01,Journal of food protection\n")
    assert rebuild(loaded) == ""
    assert loaded.query("select count(*) from staging.stg_pubmed__csv_articles where title = 'Atropine added later'") == [(1,)]
    # the old rows are gone: the file's rows are those of one load
    loads = loaded.query("select source_file, count(distinct loaded_at) from staging.stg_pubmed__csv_articles group by 1")
    assert loads == [("pubmed.csv", 1)]
    assert loaded.query("select count(*) from raw.file_withdrawals where source_file = 'pubmed.csv' and change = 'changed'") == [(1,)]


def test_new_drug_list_stops_the_run(loaded: Build) -> None:
    # a vanished publication file is withdrawn, but a new drugs file stops the run before anything changes: every
    # title must be matched again
    (loaded.raw_dir / "pubmed.json").unlink()
    (loaded.raw_dir / "drugs_extra.csv").write_text("atccode,drug\nZ99,GLUCAGON\n", encoding="utf-8")
    output = rebuild(loaded)
    assert "pubmed.json" not in output
    assert "drugs_extra.csv (new drugs file: every title must be matched again)" in output
    assert "`make run FULL_REFRESH=1` (or `dbt build --full-refresh`)" in output
    assert loaded.query("select count(*) from raw.file_withdrawals") == [(0,)]
    assert rebuild(loaded, "--full-refresh") == ""
    assert loaded.query("select count(*) from staging.stg_pubmed__json_articles") == [(0,)]


def test_table_built_by_an_earlier_version_stops_the_run(loaded: Build) -> None:
    # tables left as an earlier version built them; a model that fails skips its children, so one layer of the
    # build is altered at a time, and a full refresh builds everything again
    earlier = "it was built by an earlier version"
    layers = [
        (["alter table intermediate.int_drug_mentions_matched drop column title",
          "alter table intermediate.int_publication_rows_resolved rename column is_id_on_row to row_publication_id"],
         [f'int_publication_rows_resolved" has no column is_id_on_row: {earlier}',
          "The source and target schemas on this incremental model are out of sync"]),
        (["alter table data_quality.dq_ambiguous_dates drop column loaded_at"],
         [f'dq_ambiguous_dates" has no column loaded_at: {earlier}']),
    ]
    for statements, messages in layers:
        with duckdb.connect(str(loaded.database)) as connection:
            for statement in statements:
                connection.sql(statement)
        output = rebuild(loaded)
        assert [message for message in messages if message not in output] == []
        assert rebuild(loaded, "--full-refresh") == ""


def test_key_uniqueness_after_an_incremental_run_covers_older_rows(
    incremental_and_full: tuple[Build, Build, int], tmp_path: Path
) -> None:
    incremental, _, _ = incremental_and_full
    # a publication decided by the second run takes the key of one the first run decided (and its hash, which
    # the merge writes with the id)
    tampering = """
        with runs as (
            select min(decided_at) as first_run, max(decided_at) as second_run from intermediate.int_publication_rows_resolved
        ),
        taken as (
            select min(publication_id) as publication_id from intermediate.int_publication_rows_resolved, runs
            where resolution = 'publication' and source_kind = 'pubmed' and decided_at = first_run
        )
        update intermediate.int_publication_rows_resolved set
            publication_id = (select publication_id from taken),
            publication_id_hash = (select hash('pubmed', publication_id) from taken)
        where resolution = 'publication' and source_kind = 'pubmed' and publication_id = (
            select min(publication_id) from intermediate.int_publication_rows_resolved, runs
            where resolution = 'publication' and source_kind = 'pubmed' and decided_at = second_run
        )
    """
    result = check_after_tampering(incremental, tmp_path, "int_publication_rows_resolved", tampering)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "FAIL 1 unique_keys_written_latest_int_publication_rows_resolved_source_kind__publication_id" in result.stdout


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("fct_journal_drug_mentions", "drug_id, journal_id, mentioned_on, source_kind"),
        ("graph_publication_edges", "source_node_id, target_node_id, edge_kind, edge_date, source_kind"),
    ],
)
def test_key_uniqueness_after_an_incremental_run_counts_older_rows(
    incremental_and_full: tuple[Build, Build, int], tmp_path: Path, model: str, key: str
) -> None:
    incremental, _, _ = incremental_and_full
    # an older row (the first run's time) comes back beside a row of the second run with the same key: the
    # test reads the keys of the second run's rows and counts them over every row
    tampering = f"""
        insert into {relation(model)}
        select * replace ((select min(decided_at) from {relation(model)}) as decided_at) from {relation(model)}
        where decided_at = (select max(decided_at) from {relation(model)})
        order by {key}
        limit 1
    """
    result = check_after_tampering(incremental, tmp_path, model, tampering)
    failed = [line for line in result.stdout.splitlines() if "FAIL 1 unique_keys_written_latest" in line]
    assert result.returncode != 0 and len(failed) == 1 and model in failed[0], result.stdout[-3000:]


def test_relationships_after_an_incremental_run_check_the_rows_it_wrote(
    incremental_and_full: tuple[Build, Build, int], tmp_path: Path
) -> None:
    incremental, _, _ = incremental_and_full
    # the relationship tests of an incremental run read the rows it wrote, on both sides when the parent is
    # written with them: a mention of this run whose publication is gone, and an edge of this run whose node is
    # gone, must still fail them
    tampering = """
        update marts.fct_drug_mentions set publication_key = 'pubmed:nowhere'
        where decided_at = (select max(decided_at) from marts.fct_drug_mentions)
            and publication_key = (
                select min(publication_key) from marts.fct_drug_mentions
                where decided_at = (select max(decided_at) from marts.fct_drug_mentions)
            );
        delete from exports.graph_nodes
        where node_kind = 'pubmed' and decided_at = (select max(decided_at) from exports.graph_nodes)
            and node_id = (
                select min(target_node_id) from exports.graph_edges
                where edge_kind = 'mentioned_in' and source_kind = 'pubmed'
                    and decided_at = (select max(decided_at) from exports.graph_edges)
            );
    """
    result = check_after_tampering(incremental, tmp_path, "fct_drug_mentions graph_edges", tampering)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "FAIL 1 relationships_within_latest_fct_drug_mentions_publication_key" in result.stdout
    assert "FAIL 1 relationships_within_latest_graph_edges_target_node_id" in result.stdout


def test_outcome_check_after_an_incremental_run_covers_the_files_it_touched(
    incremental_and_full: tuple[Build, Build, int], tmp_path: Path
) -> None:
    incremental, _, _ = incremental_and_full
    # on an incremental run the reconciliation checks the files the run loaded or decided, whole: a row of a
    # new file left without an outcome must still fail it
    tampering = "delete from intermediate.int_publication_rows_resolved where source_file = 'pubmed-early.csv' and source_row = 3"
    result = check_after_tampering(incremental, tmp_path, "assert_every_raw_row_has_one_outcome", tampering)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "FAIL 1 assert_every_raw_row_has_one_outcome" in result.stdout


def build_with_buckets(raw_dir: Path, work_dir: Path, buckets: int) -> Build:
    work_dir.mkdir(parents=True, exist_ok=True)
    result = Build(raw_dir, work_dir / "warehouse.duckdb", work_dir / "output")
    assert rebuild(result, "--vars", f"{{export_buckets: {buckets}}}") == ""
    return result


def lines_of_the_view(built: Build) -> bytes:
    rows = built.query("select line_text from exports.drug_graph_json order by file_part, export_part, line_text")
    return "".join(text + "\n" for (text,) in rows).encode()


def test_export_parts_are_bounded_by_the_buckets(tmp_path: Path) -> None:
    # 2 buckets: every raw file shares a part with others; the incremental export still equals a full build's,
    # and a run with another number of buckets writes every part again, leaving no file of the earlier parts
    folder = first_folder(tmp_path / "raw")
    incremental = build_with_buckets(folder, tmp_path / "incremental", 2)
    add_new_files(folder)
    assert rebuild(incremental, "--vars", "{export_buckets: 2}") == ""
    full = build_with_buckets(folder, tmp_path / "full", 2)
    files = export_files(incremental.output_dir)
    assert files == export_files(full.output_dir)
    assert len(list(folder.glob("pubmed*"))) + len(list(folder.glob("clinical_trials*"))) == 7
    for element in ("nodes", "edges"):
        names = {path.name for path in (incremental.output_dir / f"graph_{element}").iterdir()}
        assert names <= {"_drugs_and_journals.parquet", "part_1.parquet", "part_2.parquet"}, names
    assert incremental.query("select distinct export_buckets from exports.graph_export_files") == [(2,)]

    assert rebuild(incremental, "--vars", "{export_buckets: 12}") == ""
    assert incremental.graph_path.read_bytes() == lines_of_the_view(incremental)
    assert incremental.query("select distinct export_buckets from exports.graph_export_files") == [(12,)]
    parts = dict(incremental.query("select publication_file, export_part from exports.graph_export_parts"))
    for element, key in (("nodes", "node_id"), ("edges", "source_node_id, target_node_id, edge_kind, edge_date")):
        folder_of_parts = incremental.output_dir / f"graph_{element}"
        expected = {
            "_drugs_and_journals.parquet" if part == 0 else f"part_{part:02d}.parquet"
            for part in [0, *parts.values()]
        } if element == "nodes" else {f"part_{part:02d}.parquet" for part in parts.values()}
        assert {path.name for path in folder_of_parts.iterdir()} == expected
        with duckdb.connect() as connection:
            written = connection.sql(
                f"select {key} from read_parquet('{folder_of_parts}/*.parquet') order by all"
            ).fetchall()
        assert written == incremental.query(f"select {key} from exports.graph_{element} order by all")

"""Unit tests of the loader's decisions and SQL (drug_graph_loader: sql_text, raw_views, changes, registration),
without dbt: the statements are run on an in-memory DuckDB with the plugin's functions registered."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
from drug_graph_loader.changes import compare_files, decide_changes
from drug_graph_loader.errors import RawFileError
from drug_graph_loader.kinds import Kind
from drug_graph_loader.listing import list_raw_files
from drug_graph_loader.plugin import Plugin, list_raw_files_json
from drug_graph_loader.raw_views import (
    ReadOptions,
    raw_file_select,
    raw_view_statements,
)
from drug_graph_loader.registration import STEPS, step_call
from drug_graph_loader.sql_text import file_path_literal, quoted_identifier, sql_string

DRUGS = Kind("drugs", "drugs*.csv", "csv", True, ("atccode", "drug"))
PUBMED_CSV = Kind("pubmed_csv", "pubmed*.csv", "csv", False, ("id", "title", "date", "journal"))
PUBMED_JSON = Kind("pubmed_json", "pubmed*.json", "json", False, ("id", "title", "date", "journal"))
KINDS = [DRUGS, PUBMED_CSV, PUBMED_JSON]
KINDS_CONFIG = [
    {"table": kind.table, "pattern": kind.pattern, "format": kind.format, "required": kind.required,
     "columns": list(kind.columns)}
    for kind in KINDS
]
NASTY_NAMES = [
    "pubmed_O'Brien.csv", "pubmed_it''s.csv", "pubmed_back\\slash'.csv", "pubmed_{{ 7*7 }} {% if %}.csv",
    "pubmed_a.csv']); create table pwned as select 1; --.csv", "pubmed_semi;colon.csv", "pubmed_line\nbreak.csv",
    "pubmed_-- x &c.csv", "pubmed_[ab] * ?.csv", 'pubmed_"double".csv',
]


def test_sql_string_keeps_every_value_as_data() -> None:
    with duckdb.connect() as connection:
        for value in [*NASTY_NAMES, "", "é ü 漢字"]:
            assert connection.sql(f"select {sql_string(value)}").fetchall() == [(value,)]
            assert connection.sql(f"select 1 as {quoted_identifier(value or 'x')}").columns == [value or "x"]


def test_a_name_that_is_not_utf8_never_reaches_sql(tmp_path: Path) -> None:
    name = os.fsdecode(b"pubmed_\xff.csv")
    with pytest.raises(ValueError, match="not valid UTF-8"):
        sql_string(name)
    (tmp_path / "drugs.csv").write_text("atccode,drug\nA,B\n", encoding="utf-8")
    os.close(os.open(os.path.join(os.fsencode(tmp_path), b"pubmed_\xff.csv"), os.O_CREAT | os.O_WRONLY))
    with pytest.raises(RawFileError, match=r"Raw file name b'pubmed_\\xff.csv' in raw data folder .* not valid UTF-8"):
        list_raw_files(str(tmp_path), KINDS)
    assert json.loads(list_raw_files_json(str(tmp_path), json.dumps(KINDS_CONFIG)))["error"].startswith("Raw file name")


def test_file_paths_are_never_glob_patterns(tmp_path: Path) -> None:
    for name in ["a[b].csv", "ab.csv", "*.csv", "x.csv", "?.csv"]:
        (tmp_path / name).write_text(f"name\n{name}\n", encoding="utf-8")
    with duckdb.connect() as connection:
        for name in ["a[b].csv", "*.csv", "?.csv"]:
            literal = file_path_literal(str(tmp_path / name))
            assert connection.sql(f"select * from read_csv([{literal}])").fetchall() == [(name,)]


def csv_plan(path: Path, source_file: str | None = None, **changes: Any) -> dict[str, Any]:
    plan = {"file_kind": "pubmed_csv", "source_file": source_file or path.name, "size_bytes": path.stat().st_size,
            "read_path": str(path), "read_format": "csv", "delimiter": ",", "column_count": 4,
            "positions": [0, 1, 2, 3], "is_repaired": False, "batch": 1}
    return {**plan, **changes}


def rows(sql: str) -> list[tuple]:
    with duckdb.connect() as connection:
        return sorted(connection.sql(sql).fetchall(), key=lambda row: (row[0], row[1]))


def test_raw_file_select_reads_every_kind_of_plan(tmp_path: Path) -> None:
    plans = []
    for number, name in enumerate(NASTY_NAMES):
        if "\\" in name:
            continue  # read through a link (inspect.py), tested below as a copy
        path = tmp_path / name
        path.write_text(f"id,title,date,journal\n{number},t{number},d,j\n{number}b,u,d,j,extra\n", encoding="utf-8")
        plans.append(csv_plan(path))
    copy = tmp_path / "copy.csv"
    copy.write_text('date;title;id;journal\n2020;"a ""quoted""\nline";7;J\n', encoding="utf-8")
    plans.append(csv_plan(copy, "pubmed_back\\slash'.csv", delimiter=";", positions=[2, 1, 0, 3]))
    big = tmp_path / "pubmed_big.csv"
    big.write_text("id,title,date,journal\n9,big,d,j\n", encoding="utf-8")
    plans.append(csv_plan(big, size_bytes=10 << 20))
    ndjson = tmp_path / "rows.ndjson"
    ndjson.write_text(json.dumps({"source_file": "pubmed_{{x}}.json", "source_row": 1, "id": "5", "title": "t",
                                  "date": "d", "journal": "j", "load_issue": "duplicate_key"}) + "\n", encoding="utf-8")
    plans.append({**csv_plan(ndjson, "pubmed_{{x}}.json"), "read_format": "ndjson", "file_kind": "pubmed_json"})
    sql = raw_file_select(plans, PUBMED_CSV, ReadOptions())
    # the nine small files of one layout in one read; the copy, the big file and the JSON rows apart
    assert sql.count("read_csv(") == 3 and sql.count("read_json(") == 1
    expected = [(name, 1, str(number), f"t{number}", "d", "j", None) for number, name in enumerate(NASTY_NAMES)
                if "\\" not in name]
    expected += [(name, 2, f"{number}b", "u", "d", "j", "too_many_fields") for number, name in enumerate(NASTY_NAMES)
                 if "\\" not in name]
    expected += [("pubmed_back\\slash'.csv", 1, "7", 'a "quoted"\nline', "2020", "J", None),
                 ("pubmed_big.csv", 1, "9", "big", "d", "j", None),
                 ("pubmed_{{x}}.json", 1, "5", "t", "d", "j", "duplicate_key")]
    assert rows(sql) == sorted(expected, key=lambda row: (row[0], row[1]))


def test_repaired_copies_flag_invalid_utf8_and_no_plan_gives_no_row(tmp_path: Path) -> None:
    copy = tmp_path / "repaired.csv"
    copy.write_text("id,title,date,journal\n1,bad \ufffd,d,j\n2,ok,d,j\n", encoding="utf-8")
    sql = raw_file_select([csv_plan(copy, "pubmed_bytes.csv", is_repaired=True)], PUBMED_CSV, ReadOptions())
    assert [row[-1] for row in rows(sql)] == ["invalid_utf8", None]
    with duckdb.connect() as connection:
        empty = connection.sql(raw_file_select([], PUBMED_CSV, ReadOptions()))
        assert empty.columns == ["source_file", "source_row", "id", "title", "date", "journal", "load_issue"]
        assert empty.fetchall() == []


def test_raw_view_statements_write_the_missing_batch_views_only(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.csv"
    path.write_text("id,title,date,journal\n1,t,d,j\n", encoding="utf-8")
    batches = [{"file_kind": "pubmed_csv", "batch": 3}, {"file_kind": "pubmed_csv", "batch": 12}]
    existing = ["pubmed_csv__batch_3", "pubmed_csv__batch_5", "drugs__batch_1"]
    statements = raw_view_statements(KINDS, batches, existing, [csv_plan(path, batch=12)], ReadOptions())
    assert [statement.split(" as\n")[0] for statement in statements] == [
        'create or replace view raw."drugs"',
        'drop view raw."drugs__batch_1"',
        'create view raw."pubmed_csv__batch_12"',
        'create or replace view raw."pubmed_csv"',
        'drop view raw."pubmed_csv__batch_5"',
        'create or replace view raw."pubmed_json"',
    ]
    assert statements[3].endswith('select * from raw."pubmed_csv__batch_3"\nunion all\nselect * from raw."pubmed_csv__batch_12"')


def listed(name: str, kind: str = "pubmed_csv", size: int = 10, modified: int = 1) -> dict[str, Any]:
    return {"file_kind": kind, "source_file": name, "file_path": f"/raw/{name}", "size_bytes": size,
            "modified_at_us": modified}


def registered(name: str, kind: str = "pubmed_csv", size: int = 10, modified: int = 1) -> dict[str, Any]:
    return {"file_kind": kind, "source_file": name, "size_bytes": size, "modified_at_us": modified,
            "checksum": f"crc32:{name}", "read_path": f"/raw/{name}", "batch": 1}


def test_changes_new_touched_changed_vanished() -> None:
    comparison = compare_files(
        [listed("c_new.csv"), listed("b_same.csv"), listed("a_touched.csv", modified=2),
         listed("d_edited.csv", modified=2), listed("e_bigger.csv", size=11), listed("f_kind.csv"),
         listed("a_new.csv", kind="drugs")],
        [registered("b_same.csv"), registered("a_touched.csv"), registered("d_edited.csv"),
         registered("e_bigger.csv"), registered("f_kind.csv", kind="drugs"), registered("g_gone.csv")],
    )
    assert [file["source_file"] for file in comparison.new] == ["a_new.csv", "c_new.csv"]  # by kind, then name
    assert [file["source_file"] for file in comparison.touched] == ["a_touched.csv", "d_edited.csv"]
    assert [plan["source_file"] for plan in comparison.size_changed] == ["e_bigger.csv", "f_kind.csv"]
    assert [plan["source_file"] for plan in comparison.vanished] == ["g_gone.csv"]
    checksums = {"a_touched.csv": "crc32:a_touched.csv", "d_edited.csv": "crc32:other"}
    decision = decide_changes(comparison, checksums, is_first_build=True, raw_dir="raw")
    assert decision.error is not None and decision.error.startswith(
        "Raw files differ from the ones already loaded, in 'raw': f_kind.csv (drugs file changed). The drug list")
    comparison.size_changed.pop()
    comparison.size_changed_listed.pop()
    decision = decide_changes(comparison, checksums, is_first_build=True, raw_dir="raw")
    assert decision.error is None
    assert [file["source_file"] for file in decision.touched_equal] == ["a_touched.csv"]
    assert [(plan["source_file"], plan["change"]) for plan in decision.withdrawn] == [
        ("d_edited.csv", "changed"), ("e_bigger.csv", "changed"), ("g_gone.csv", "withdrawn")]
    assert [file["file_path"] for file in decision.reload] == ["/raw/d_edited.csv", "/raw/e_bigger.csv"]
    assert decision.log == [("Raw files withdrawn, their rows taken back: d_edited.csv (changed); e_bigger.csv"
                            " (changed); g_gone.csv (withdrawn) (a changed file is loaded again).")]


def test_the_drug_list_changing_stops_the_run_with_its_message() -> None:
    comparison = compare_files(
        [listed("drugs.csv", "drugs", modified=2), listed("drugs_new.csv", "drugs"), listed("pubmed.csv", size=1)],
        [registered("drugs.csv", "drugs"), registered("drugs_old.csv", "drugs"), registered("pubmed.csv")],
    )
    decision = decide_changes(comparison, {"drugs.csv": "crc32:other"}, is_first_build=False, raw_dir="data/x")
    assert decision.error == (
        "Raw files differ from the ones already loaded, in 'data/x': drugs.csv (drugs file changed); drugs_new.csv"
        " (new drugs file: every title must be matched again); drugs_old.csv (drugs file withdrawn). The drug list"
        " changed: every title must be matched again, run `make run FULL_REFRESH=1` (or `dbt build"
        " --full-refresh`) to load every file again."
    )
    assert (decision.withdrawn, decision.reload, decision.log) == ([], [], [])  # nothing is withdrawn
    # on a first build (nothing registered), a new drugs file is just a file
    assert decide_changes(compare_files([listed("drugs.csv", "drugs")], []), {}, True, "x").error is None


def test_start_from_scratch() -> None:
    values = {"full_refresh": False, "raw_dir": "data/new"}
    request = {"values": values, "listed_dir": "/abs/new", "registered_dirs": ["/abs/new"],
               "batch_views": ["pubmed_csv__batch_1"]}
    assert STEPS["start_from_scratch"](request) == {"error": None, "log": [], "statements": [],
                                                    "hook": {"drop_incremental_models": False}}
    moved = STEPS["start_from_scratch"]({**request, "registered_dirs": ["/abs/old", "/abs/new"]})
    assert moved["log"] == ["The raw folder is now 'data/new' (was '/abs/old'): building from scratch."]
    assert moved["hook"] == {"drop_incremental_models": True}
    assert moved["statements"] == [
        'drop view if exists raw."pubmed_csv__batch_1"', "delete from raw.file_plans", "delete from raw.file_withdrawals",
        "delete from raw.withdrawn_mention_keys",
    ]
    refreshed = STEPS["start_from_scratch"]({**request, "values": {**values, "full_refresh": True}})
    assert refreshed["log"] == [] and refreshed["hook"] == {"drop_incremental_models": False}
    assert refreshed["statements"] == moved["statements"]


class Hook:
    """The start-of-run hook as macros/duckdb_raw_loader.sql runs it (its steps' statements from step_call), on an
    in-memory DuckDB with the plugin's functions, and a staging table that loads the new files' rows."""

    def __init__(self, raw_dir: Path, copies_dir: Path) -> None:
        self.connection = duckdb.connect()
        Plugin(name="raw_loader", plugin_config={}).configure_connection(self.connection)
        self.connection.sql("create schema raw; create schema staging")
        self.connection.sql("create table staging.rows (source_file varchar)")
        self.values = {
            "raw_dir": str(raw_dir), "kinds": KINDS_CONFIG, "copies_dir": str(copies_dir), "full_refresh": False,
            "run_loaded_at": "now() :: timestamptz", "max_batches": 32, "mention_relation": None,
            "staging_relations": ["staging.rows"], "group_max_bytes": 1 << 20, "max_line_bytes": 1 << 24,
        }
        self.log: list[str] = []

    def step(self, step: str) -> dict[str, Any]:
        call = step_call(step, self.values)
        self.connection.execute(call["sql"]).fetchall()
        ((answer,),) = self.connection.sql(f"select result from {call['table']}").fetchall()
        answer = json.loads(answer)
        self.log += answer.get("log", [])
        if answer.get("statements"):
            self.connection.execute(";\n".join(answer["statements"])).fetchall()
        if answer.get("error"):
            raise RawFileError(answer["error"])
        return answer

    def run(self) -> None:
        """One run: list, compare, inspect, decide (withdraw), register, make the views; stage new rows."""
        for step in ("list", "start_from_scratch", "compare", "inspect"):
            self.step(step)
        if self.step("decide")["hook"]["reload"]:
            self.step("inspect_reload")
        self.step("register")
        self.step("raw_views")
        self.connection.sql("insert into staging.rows select source_file from raw.pubmed_csv"
                            " where source_file not in (select source_file from staging.rows)")

    def query(self, sql: str) -> list[tuple]:
        return self.connection.sql(sql).fetchall()


def test_the_hook_s_steps_register_withdraw_and_reload(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "drugs.csv").write_text("atccode,drug\nA,ATROPINE\n", encoding="utf-8")
    names = ["pubmed_a.csv", "pubmed_it's; {{ x }}.csv", "pubmed_gone.csv"]
    for name in names:
        (raw / name).write_text("id,title,date,journal\n1,t,d,j\n", encoding="utf-8")
    (raw / "pubmed_bad.csv").write_bytes(b"id,title,date,journal\n1,\xff,d,j\n")
    hook = Hook(raw, tmp_path / "copies")
    hook.run()
    assert hook.query("select source_file from staging.rows order by 1") == [
        ("pubmed_a.csv",), ("pubmed_bad.csv",), ("pubmed_gone.csv",), ("pubmed_it's; {{ x }}.csv",)]
    assert len(os.listdir(tmp_path / "copies")) == 1  # the repaired copy of pubmed_bad.csv
    (raw / "pubmed_it's; {{ x }}.csv").write_text("id,title,date,journal\n2,t,d,j\n3,u,d,j\n", encoding="utf-8")
    (raw / "pubmed_gone.csv").unlink()
    (raw / "pubmed_bad.csv").unlink()
    os.utime(raw / "pubmed_a.csv", (2_000_000_000, 2_000_000_000))  # touched only
    hook.run()
    assert hook.log == [("Raw files withdrawn, their rows taken back: pubmed_bad.csv (withdrawn); pubmed_gone.csv"
                        " (withdrawn); pubmed_it's; {{ x }}.csv (changed) (a changed file is loaded again).")]
    assert hook.query("select source_file, change from raw.file_withdrawals order by 1") == [
        ("pubmed_bad.csv", "withdrawn"), ("pubmed_gone.csv", "withdrawn"), ("pubmed_it's; {{ x }}.csv", "changed")]
    assert hook.query("select source_file, epoch(modified_at) from raw.file_plans order by 1") == [
        ("drugs.csv", os.stat(raw / "drugs.csv").st_mtime_ns // 1000 / 1e6), ("pubmed_a.csv", 2_000_000_000.0),
        ("pubmed_it's; {{ x }}.csv", os.stat(raw / "pubmed_it's; {{ x }}.csv").st_mtime_ns // 1000 / 1e6)]
    assert hook.query("select source_file, count(*) from raw.pubmed_csv group by 1 order by 1") == [
        ("pubmed_a.csv", 1), ("pubmed_it's; {{ x }}.csv", 2)]
    assert os.listdir(tmp_path / "copies") == []  # the copy of a withdrawn file goes
    # the reloaded file's rows are staged again (the staging model's own run)
    assert hook.query("select count(*) from staging.rows") == [(3,)]
    # one batch view per kind and run that registered files of it: the first run's, and the reloaded file's
    views = hook.query("select view_name from duckdb_views() where schema_name = 'raw' and view_name like '%batch%'")
    assert sorted(name.split("__batch_")[0] for (name,) in views) == ["drugs", "pubmed_csv", "pubmed_csv"]
    # a drugs file that changes stops the run, naming it; nothing is withdrawn
    (raw / "drugs.csv").write_text("atccode,drug\nA,ATROPINE\nB,BETA\n", encoding="utf-8")
    (raw / "pubmed_a.csv").unlink()
    with pytest.raises(RawFileError, match=r"in '.*raw': drugs.csv \(drugs file changed\)\. The drug list changed"):
        hook.run()
    assert hook.query("select count(*) from raw.file_withdrawals") == [(3,)]


def test_a_withdrawal_stopped_part_way_leaves_the_files_registered(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "drugs.csv").write_text("atccode,drug\nA,ATROPINE\n", encoding="utf-8")
    (raw / "pubmed_a.csv").write_text("id,title,date,journal\n1,t,d,j\n", encoding="utf-8")
    hook = Hook(raw, tmp_path / "copies")
    hook.run()
    (raw / "pubmed_a.csv").unlink()
    hook.connection.sql("create view staging.broken as select 1 as no_source_file")
    decide = STEPS["decide"]

    def failing(request: dict[str, Any]) -> dict[str, Any]:
        values = request["values"]
        return decide({**request, "values": {**values, "staging_relations": [*values["staging_relations"], "staging.broken"]}})

    STEPS["decide"] = failing
    try:
        with pytest.raises(duckdb.Error):
            hook.run()
    finally:
        STEPS["decide"] = decide
    hook.connection.sql("rollback")
    assert hook.query("select count(*) from raw.file_withdrawals") == [(0,)]
    assert hook.query("select source_file from raw.file_plans order by 1") == [("drugs.csv",), ("pubmed_a.csv",)]
    assert hook.query("select source_file from staging.rows") == [("pubmed_a.csv",)]
    hook.run()  # the next run withdraws the file
    assert hook.query("select source_file, change from raw.file_withdrawals") == [("pubmed_a.csv", "withdrawn")]
    assert hook.query("select count(*) from staging.rows") == [(0,)]

"""The steps of the start-of-run hook on DuckDB (macros/duckdb_raw_loader.sql), their SQL and their rules.

For each step the hook asks ``step_call(step, values)`` for the statement that calls the step (`values`: what
only dbt knows, the same for every step: the folder, the kinds, the vars, the run's time, the relations of the
models), runs it, and acts on the answer the statement kept in the step's table (column `result`, JSON):
{"error", "log", "statements", "hook"}. It logs each message of "log", runs "statements" (in one call), then
stops the run with "error" if there is one; "hook" holds the few values it decides on. The statement gathers the
step's request from the state tables as JSON and passes it to a pure function of this module (``STEPS``), or to
the listing or the inspection; bulk data (lists of files) stays in the answer's table, which the statements
read: no file name is written into SQL text but as quoted data (``sql_text``). docs/loader.md.

State kept between runs, in schema `raw`:

- raw.files: the files found at the start of this run (kind, name, path, size, modification time);
- raw.file_plans: one row per file registered by a run (its size, modification time and CRC-32 then, how the
  raw views read it, and its registration batch). A file is registered before any of its rows is staged, so a
  file that changes after a run was stopped part-way is still seen as changed;
- raw.file_withdrawals and raw.withdrawn_mention_keys: the publication files withdrawn (changed or vanished
  once registered) and when, and the journal mention keys their rows held (macros/incremental/withdrawn_raw_files.sql);
- one view per kind and batch (raw.<kind>__batch_<n>), which raw.<kind> unions (``raw_views``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .changes import Comparison, compare_files, decide_changes
from .kinds import kinds_from_config
from .raw_views import (
    ReadOptions,
    batch_view_name,
    raw_file_select,
    raw_view_statements,
)
from .sql_text import quoted_identifier, sql_string

# The tables holding each step's answer (column `result`, JSON), named as the hook names them.
LISTING = "raw.file_listing"
COMPARISON = "raw.file_changes"
INSPECTION = "raw.file_inspection"
DECISION = "raw.file_decisions"
RELOAD_INSPECTION = "raw.file_inspection_changed"

LISTED_FILE = {"file_kind": "VARCHAR", "source_file": "VARCHAR", "file_path": "VARCHAR", "size_bytes": "BIGINT",
               "modified_at_us": "BIGINT"}
READ_PLAN = {"file_kind": "VARCHAR", "source_file": "VARCHAR", "checksum": "VARCHAR", "read_path": "VARCHAR",
             "read_format": "VARCHAR", "delimiter": "VARCHAR", "column_count": "INTEGER", "positions": ["INTEGER"],
             "is_repaired": "BOOLEAN"}
WITHDRAWN_FILE = {"file_kind": "VARCHAR", "source_file": "VARCHAR", "change": "VARCHAR", "batch": "BIGINT",
                  "read_path": "VARCHAR"}


def answer(
    error: str | None = None, log: list[str] | None = None, statements: list[str] | None = None, **data: Any
) -> dict[str, Any]:
    """A step's answer, as the hook reads it."""
    return {"error": error, "log": log or [], "statements": statements or [], **data}


def rows_of(result_table: str, key: str, columns: dict[str, Any], alias: str) -> str:
    """A subquery of the list `key` of a step's answer, one struct column `alias` per element."""
    return f"(select unnest(from_json(result -> '$.{key}', {sql_string(json.dumps([columns]))})) as {alias}" \
        f" from {result_table})"


def listing_statements() -> list[str]:
    """After the listing: raw.files from the loader's listing, and the state tables, made the first time."""
    fields = ", ".join(f"file.{name}" for name in LISTED_FILE if name != "modified_at_us")
    return [
        (f"create or replace table raw.files as select {fields}, make_timestamp(file.modified_at_us) as modified_at"
        f" from {rows_of(LISTING, 'files', LISTED_FILE, 'file')} order by file.file_kind, file.source_file"),
        ("create table if not exists raw.file_plans (raw_dir varchar, file_kind varchar, source_file varchar,"
        " size_bytes bigint, modified_at timestamp, checksum varchar, read_path varchar, read_format varchar,"
        " delimiter varchar, column_count integer, positions integer[], is_repaired boolean, batch bigint)"),
        # warehouses registered before batches existed: their files form batch 0
        "alter table raw.file_plans add column if not exists batch bigint default 0",
        "create sequence if not exists raw.file_batches",
        ("create table if not exists raw.file_withdrawals (file_kind varchar, source_file varchar, change varchar,"
        " withdrawn_at timestamptz)"),
        ("create table if not exists raw.withdrawn_mention_keys (drug_id varchar, mentioned_on date,"
        " source_kind varchar, withdrawn_at timestamptz)"),
    ]


def start_from_scratch(request: dict[str, Any]) -> dict[str, Any]:
    """With --full-refresh (`full_refresh`), every file is registered again. When the raw folder (its real path,
    `listed_dir`) is not the one the warehouse was built from (`registered_dirs`), the build starts from
    scratch by itself: the hook drops the tables of incremental models first ("hook": drop_incremental_models),
    so that dbt builds them whole, then the statements forget every registered file, drop the batch views and
    empty the withdrawal log."""
    values = request["values"]
    previous = [folder for folder in request["registered_dirs"] if folder != request["listed_dir"]]
    if not values["full_refresh"] and not previous:
        return answer(hook={"drop_incremental_models": False})
    log = []
    if not values["full_refresh"]:
        was = "', '".join(previous)
        log.append(f"The raw folder is now '{values['raw_dir']}' (was '{was}'): building from scratch.")
    statements = [f"drop view if exists raw.{quoted_identifier(view)}" for view in request["batch_views"]]
    statements += [f"delete from raw.{table}" for table in ("file_plans", "file_withdrawals", "withdrawn_mention_keys")]
    return answer(log=log, statements=statements, hook={"drop_incremental_models": not values["full_refresh"]})


def compare(request: dict[str, Any]) -> dict[str, Any]:
    """The listed files against the registered ones (changes.compare_files): the comparison (kept for
    ``decide``), with the inspection's two lists, "plan" (new files) and "checksum" (touched files). The request
    holds the `candidates` only, pairs {listed, registered} that differ (in SQL, STEP_REQUESTS: a file listed and
    registered alike is no change, and 100,000 of them are not worth a trip through JSON)."""
    candidates = request["candidates"] or []
    comparison = compare_files(
        [pair["listed"] for pair in candidates if pair["listed"]],
        [pair["registered"] for pair in candidates if pair["registered"]],
    )
    inspected = ("file_kind", "source_file", "file_path")
    return answer(
        comparison=asdict(comparison),
        plan=[{key: file[key] for key in inspected} for file in comparison.new],
        checksum=[{key: file[key] for key in inspected} for file in comparison.touched],
    )


def decide(request: dict[str, Any]) -> dict[str, Any]:
    """The changes decided (changes.decide_changes) from the comparison and the touched files' checksums, and
    what follows: the touched files' new modification time recorded; the run stopped if the drug list changed;
    else the withdrawn files withdrawn (``withdrawal_statements``), and when files changed ("hook": reload), the
    inspection's lists for their new content ("plan"; "checksum" empty)."""
    decision = decide_changes(
        Comparison(**request["comparison"]), request["checksums"] or {}, request["is_first_build"],
        request["values"]["raw_dir"],
    )
    statements = []
    if decision.touched_equal:
        statements.append(
            "update raw.file_plans set modified_at = make_timestamp(equal.file.modified_at_us)"
            f" from {rows_of(DECISION, 'touched_equal', LISTED_FILE, 'file')} as equal"
            " where equal.file.source_file = file_plans.source_file"
        )
    if decision.withdrawn:
        statements += withdrawal_statements(decision.withdrawn, request["values"])
    return answer(
        decision.error, decision.log, statements, touched_equal=decision.touched_equal, withdrawn=decision.withdrawn,
        hook={"reload": bool(decision.reload)}, plan=decision.reload, checksum=[],
    )


def withdrawal_statements(withdrawn: list[dict[str, Any]], values: dict[str, Any]) -> list[str]:
    """The loader's step for the publication files withdrawn (changed or vanished since they were registered),
    read from the decision's answer: logs the withdrawal with the run's time (`run_loaded_at`, a SQL timestamp)
    in raw.file_withdrawals and the journal mention keys of the mentions the files held (raw.withdrawn_mention_keys,
    from `mention_relation` when it exists), deletes the files' staged rows (`staging_relations`), drops the
    batch views holding them (``raw_view_statements`` makes them again without them) and forgets their read
    plans. One transaction: a run killed here leaves the files registered as they were, and the next run
    withdraws them. Then the loader's copies of the files go (`copies_dir`): nothing reads them any more."""
    loaded_at = values["run_loaded_at"]
    files = "(select source_file from raw.file_withdrawn_now)"
    statements = [
        "begin transaction",
        (f"create or replace table raw.file_withdrawn_now as select unnest(withdrawn.file)"
        f" from {rows_of(DECISION, 'withdrawn', WITHDRAWN_FILE, 'file')} as withdrawn"),
        f"insert into raw.file_withdrawals select file_kind, source_file, change, {loaded_at} from raw.file_withdrawn_now",
    ]
    if values["mention_relation"]:
        statements.append(
            f"insert into raw.withdrawn_mention_keys select distinct drug_id, mentioned_on, source_kind, {loaded_at}"
            f" from {values['mention_relation']} where source_file in {files}"
        )
    statements += [f"delete from {relation} where source_file in {files}" for relation in values["staging_relations"]]
    views = sorted({(plan["file_kind"], int(plan["batch"])) for plan in withdrawn})
    statements += [
        f"drop view if exists raw.{quoted_identifier(batch_view_name(kind, batch))}"
        for kind, batch in views
    ]
    statements += [f"delete from raw.file_plans where source_file in {files}", "commit"]
    statements.append(
        f"select drug_graph_remove_raw_copies(to_json({{'copies_dir': {sql_string(values['copies_dir'])}, 'paths':"
        " (select coalesce(list(read_path order by read_path), []) from raw.file_withdrawn_now)}))"
    )
    return statements


def register(request: dict[str, Any]) -> dict[str, Any]:
    """Registers the read plans of the new files (the inspection's answer) and, when files changed (`reload`),
    those of their new content, each set as a new registration batch, in one statement each, before any row is
    staged. Then a kind with more than `max_batches` batches has its files registered again as one batch (its
    raw view written anew, once)."""
    sources = [INSPECTION, RELOAD_INSPECTION] if request["reload"] else [INSPECTION]
    max_batches = int(request["values"]["max_batches"])
    statements = [
        f"insert into raw.file_plans select (select result ->> '$.raw_dir' from {LISTING}), plan.file_kind,"
        " plan.source_file, new_file.size_bytes, new_file.modified_at, plan.checksum, plan.read_path,"
        " plan.read_format, plan.delimiter, plan.column_count, plan.positions, plan.is_repaired, registration.batch"
        f" from {rows_of(source, 'plans', READ_PLAN, 'plan')}"
        " inner join raw.files as new_file on new_file.source_file = plan.source_file"
        " cross join (select nextval('raw.file_batches') as batch) as registration"
        for source in sources
    ]
    statements.append(
        "update raw.file_plans set batch = rebatched.batch from (select file_kind, nextval('raw.file_batches') as batch"
        f" from raw.file_plans group by file_kind having count(distinct batch) > {max_batches})"
        " as rebatched where file_plans.file_kind = rebatched.file_kind"
    )
    return answer(statements=statements)


def read_options(values: dict[str, Any]) -> ReadOptions:
    return ReadOptions(int(values["group_max_bytes"]), int(values["max_line_bytes"]))


def raw_views(request: dict[str, Any]) -> dict[str, Any]:
    """The statements of the raw views (raw_views.raw_view_statements)."""
    statements = raw_view_statements(
        kinds_from_config(request["values"]["kinds"]), request["batches"] or [], request["existing_views"] or [],
        request["missing_plans"] or [], read_options(request["values"]),
    )
    return answer(statements=statements)


def raw_select(request: dict[str, Any]) -> dict[str, Any]:
    """The select of the rows of some files of a kind (those a staging model has not loaded yet), as "sql"."""
    (kind,) = kinds_from_config([request["kind"]])
    return answer(sql=raw_file_select(request["plans"] or [], kind, read_options(request["values"])))


STEPS = {
    "start_from_scratch": start_from_scratch,
    "compare": compare,
    "decide": decide,
    "register": register,
    "raw_views": raw_views,
    "raw_select": raw_select,
}

BATCH_VIEWS = (
    "(select coalesce(list(view_name order by view_name), []) from duckdb_views() where database_name ="
    " current_database() and schema_name = 'raw' and regexp_matches(view_name, '__batch_[0-9]+$'))"
)


def read_plans(condition: str) -> str:
    """The read plans of the registered files (alias `plans`) kept by a SQL condition, as a SQL list."""
    fields = ("file_kind", "source_file", "size_bytes", "read_path", "read_format", "delimiter", "column_count",
              "positions", "is_repaired", "batch")
    return (
        "(select coalesce(list({" + ", ".join(f"'{name}': {name}" for name in fields) + "} order by file_kind,"
        f" source_file), []) from raw.file_plans as plans where {condition})"
    )


# The state each step reads, as SQL values of its request (beside "values").
STEP_REQUESTS: dict[str, dict[str, str]] = {
    "start_from_scratch": {
        "listed_dir": f"(select result ->> '$.raw_dir' from {LISTING})",
        "registered_dirs": "(select coalesce(list(distinct raw_dir order by raw_dir), []) from raw.file_plans)",
        "batch_views": BATCH_VIEWS,
    },
    "compare": {
        "candidates": "(select coalesce(list({'listed': case when listed.source_file is not null then {'file_kind':"
        " listed.file_kind, 'source_file': listed.source_file, 'file_path': listed.file_path, 'size_bytes':"
        " listed.size_bytes, 'modified_at_us': epoch_us(listed.modified_at)} end, 'registered': case when"
        " plans.source_file is not null then {'file_kind': plans.file_kind, 'source_file': plans.source_file,"
        " 'size_bytes': plans.size_bytes, 'modified_at_us': epoch_us(plans.modified_at), 'checksum': plans.checksum,"
        " 'read_path': plans.read_path, 'batch': plans.batch} end}), []) from raw.files as listed full outer join"
        " raw.file_plans as plans on listed.source_file = plans.source_file where listed.source_file is null"
        " or plans.source_file is null or listed.file_kind <> plans.file_kind or listed.size_bytes <> plans.size_bytes"
        " or listed.modified_at <> plans.modified_at)",
    },
    "decide": {
        "comparison": f"(select result -> '$.comparison' from {COMPARISON})",
        "checksums": f"(select result -> '$.checksums' from {INSPECTION})",
        "is_first_build": "(select count(*) = 0 from raw.file_plans)",
    },
    "register": {"reload": f"(select coalesce((result ->> '$.hook.reload') :: boolean, false) from {DECISION})"},
    "raw_views": {
        "existing_views": BATCH_VIEWS,
        "batches": "(select coalesce(list(distinct {'file_kind': file_kind, 'batch': batch}), []) from raw.file_plans)",
        "missing_plans": read_plans(
            "not exists (select 1 from duckdb_views() as views where views.database_name = current_database()"
            " and views.schema_name = 'raw' and views.view_name = plans.file_kind || '__batch_' || plans.batch)"
        ),
    },
}
# The table keeping each step's answer; the listing and the two inspections call their own functions.
STEP_TABLES = {
    "list": LISTING, "start_from_scratch": "raw.file_scratch", "compare": COMPARISON, "inspect": INSPECTION,
    "decide": DECISION, "inspect_reload": RELOAD_INSPECTION, "register": "raw.file_registration",
    "raw_views": "raw.file_views",
}


def step_call(step: str, values: dict[str, Any]) -> dict[str, str]:
    """The statement running one step of the hook into its table ("sql"), and the table ("table")."""
    kinds = sql_string(json.dumps(values["kinds"]))
    if step == "list":
        call = f"drug_graph_list_raw_files({sql_string(values['raw_dir'])}, {kinds})"
    elif step in ("inspect", "inspect_reload"):
        listed = COMPARISON if step == "inspect" else DECISION
        call = (
            f"drug_graph_inspect_raw_files(to_json({{'kinds': {kinds} :: json, 'copies_dir':"
            f" {sql_string(values['copies_dir'])}, 'plan': (select result -> '$.plan' from {listed}),"
            f" 'checksum': (select result -> '$.checksum' from {listed})}}))"
        )
    else:
        fields = "".join(f", {sql_string(key)}: {value}" for key, value in STEP_REQUESTS[step].items())
        call = (
            f"drug_graph_loader_step({sql_string(step)}, to_json({{'values':"
            f" {sql_string(json.dumps(values))} :: json{fields}}}))"
        )
    table = STEP_TABLES[step]
    return {"sql": f"create or replace table {table} as select {call} :: json as result", "table": table}

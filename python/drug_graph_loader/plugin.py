"""The dbt-duckdb plugin that gives the start-of-run hook the loader's SQL functions.

All take and return JSON text; the hook passes them the folder and its values as quoted literals (macro
``sql_string``) or as JSON gathered by SQL from the state tables, and never builds SQL from a file's name or
content (docs/loader.md, "The hook and the plugin"):

* ``drug_graph_list_raw_files(raw_dir, kinds)``: the raw files of the folder (``listing``), with the
  statements that keep them (``registration.listing_statements``);
* ``drug_graph_inspect_raw_files(request)``: read plans of new files and checksums (``inspect``);
* ``drug_graph_remove_raw_copies(request)``: removes the copies of withdrawn files (``inspect``);
* ``drug_graph_loader_call(step, values)``: the statement that runs one step of the hook
  (``registration.step_call``);
* ``drug_graph_loader_step(step, request)``: one step's rules (``registration.STEPS``): decisions and
  statements, no effect of its own.

An error comes back as {"error": message} for the hook to stop the run with.
"""

from __future__ import annotations

import json
import os

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

from .errors import RawFileError
from .inspect import inspect_files, remove_copies
from .kinds import kinds_from_config
from .listing import list_raw_files
from .registration import STEPS, listing_statements, step_call

# From this weight of files to read, a second process shares the reading: starting it costs as much as reading
# about 100 MB of CSV or 3 MB of JSON (docs/performance.md, "Loader reads in two processes").
TWO_PROCESSES_FROM_BYTES = 256 << 20


def list_raw_files_json(raw_dir: str, kinds_json: str) -> str:
    try:
        files = list_raw_files(raw_dir, kinds_from_config(json.loads(kinds_json)))
    except RawFileError as error:
        return json.dumps({"error": str(error)})
    resolved = os.path.realpath(raw_dir)
    # vars(): the fields as they are (dataclasses.asdict deep-copies each one)
    return json.dumps(
        {"raw_dir": resolved, "files": [vars(file) for file in files], "statements": listing_statements()},
        ensure_ascii=False,
    )


def inspect_raw_files_json(request_json: str) -> str:
    request = json.loads(request_json)
    result = inspect_files(
        request,
        kinds_from_config(request["kinds"]),
        workers=min(4, os.cpu_count() or 1),
        two_processes_from_bytes=TWO_PROCESSES_FROM_BYTES,
    )
    return json.dumps(result, ensure_ascii=False)


def remove_raw_copies_json(request_json: str) -> str:
    request = json.loads(request_json)
    return json.dumps({"removed": remove_copies(request["copies_dir"], request["paths"])})


def loader_step_json(step: str, request_json: str) -> str:
    return json.dumps(STEPS[step](json.loads(request_json)), ensure_ascii=False)


def loader_call_json(step: str, values_json: str) -> str:
    return json.dumps(step_call(step, json.loads(values_json)))


class Plugin(BasePlugin):
    """Registers the loader's functions on every DuckDB connection dbt opens."""

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        conn.create_function(
            "drug_graph_list_raw_files", list_raw_files_json, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )
        conn.create_function(
            "drug_graph_inspect_raw_files", inspect_raw_files_json, ["VARCHAR"], "VARCHAR", side_effects=True
        )
        conn.create_function(
            "drug_graph_remove_raw_copies", remove_raw_copies_json, ["VARCHAR"], "VARCHAR", side_effects=True
        )
        # pure, but called once per hook step: not folded or cached by the optimizer
        conn.create_function(
            "drug_graph_loader_call", loader_call_json, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )
        conn.create_function(
            "drug_graph_loader_step", loader_step_json, ["VARCHAR", "VARCHAR"], "VARCHAR", side_effects=True
        )

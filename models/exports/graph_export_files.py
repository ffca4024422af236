"""Writes the graph's export files into OUTPUT_DIR and returns their index, one row per part of each.

- `drug_graph.json`: the graph in node-link form, one node or edge per line, exactly the lines of the
  `drug_graph_json` view in their order;
- `graph_nodes/` and `graph_edges/`: one Parquet file per part, for consumers too large for the JSON file.

A part holds the elements of the publications whose own row is in one bucket of raw files (`export_part`, from 1
to the `export_buckets` var: a hash of the file's name, see graph_export_parts; 0 for the drug and journal nodes;
a drug -> journal edge goes with the first file of its publications). The number of parts, and so of files, is
bounded whatever the number of raw files. A row the graph tables write carries the time of its run
(`decided_at`), later than every row before, so a part whose element count and latest `decided_at` are those of
the index kept its elements. Those parts are not written again: their lines are copied, as bytes, from the
previous JSON file, and their Parquet files are kept. A run that adds files writes only the buckets holding them
(and the few parts that changed) instead of the whole graph.

Nothing in Python holds rows: DuckDB writes every line and Parquet file, Python copies byte ranges of files. Every
file is written under a temporary name (`.tmp` after its own) and renamed over the previous one once whole; a
write that fails (a full disk) removes its temporary files before the error stops the run, and those a killed run
left behind are removed at the start of the next.

This model runs the steps; the package python/drug_graph_export holds them: the parts' plan and writes, as DuckDB
statements (`parts`), and the file logic (the JSON layout, the byte copies, the temporary files), tested apart
(tests/python/test_export_layout.py).
"""

from pathlib import Path

from drug_graph_export.files import remove_leftovers, replacing
from drug_graph_export.layout import bucket_count, lay_out, previous_json_is_intact
from drug_graph_export.parts import (
    ELEMENTS,
    files_of_parts,
    literal,
    plan_parts,
    previous_index,
    view,
    with_parts,
    write_changed_lines,
    write_parquet_parts,
)
from drug_graph_export.splice import check_size, splice_json


def model(dbt, session):
    dbt.config(materialized="table")
    output_dir = Path(dbt.config.get("output_dir")).resolve()
    buckets = bucket_count(dbt.config.get("export_buckets"))
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output_dir)
    tables = {
        "nodes": view(session, dbt.ref("graph_nodes"), "graph_export_nodes"),
        "edges": view(session, dbt.ref("graph_edges"), "graph_export_edges"),
    }
    lines = view(session, dbt.ref("drug_graph_json"), "graph_export_lines")
    session.execute(
        f"create or replace temporary table graph_export_file_parts as"
        f" select publication_file, export_part from {view(session, dbt.ref('graph_export_parts'), 'graph_export_parts_view')}"
    )
    in_parts = {element: with_parts(session, element, table) for element, table in tables.items()}

    files = files_of_parts(session)
    parts = plan_parts(session, tables, in_parts, files, previous_index(session, dbt.this, buckets), buckets)
    json_path = output_dir / "drug_graph.json"
    json_kept = previous_json_is_intact(json_path, parts)
    fixed_lines = [
        text.encode() + b"\n"
        for (text,) in session.execute(
            f"select line_text from {lines} where file_part in (0, 2, 4) order by file_part"
        ).fetchall()
    ]
    layout = lay_out(parts, fixed_lines, elements=tuple(ELEMENTS))
    if json_kept and any(part.unchanged for part in parts):
        splice_json(
            json_path, parts, layout, fixed_lines,
            write_changed_lines=lambda path: write_changed_lines(session, in_parts, parts, files, path),
            meanwhile=lambda: write_parquet_parts(session, in_parts, output_dir, parts, files),
        )
    else:
        with replacing(json_path) as temporary_path:
            # The lines are buffered before the sort: sorting the union of nodes and edges straight from the view
            # ran out of memory (DuckDB 2.0.1), while sorting the buffered lines spills.
            session.execute(
                f"copy (with buffered as materialized (select file_part, export_part, line_text from {lines})"
                f" select line_text from buffered order by file_part, export_part, line_text)"
                f" to {literal(temporary_path)} (format csv, header false, quote '', escape '')"
            )
            check_size(temporary_path, layout)
        write_parquet_parts(session, in_parts, output_dir, parts, files)
    for earlier in ("graph_nodes.parquet", "graph_edges.parquet"):  # one file each in earlier versions: stale
        (output_dir / earlier).unlink(missing_ok=True)

    # one statement for all parts, not an insert per part (docs/performance.md)
    session.execute(
        "create or replace temporary table graph_export_layout as select"
        " unnest(?::varchar[]) as element, unnest(?::bigint[]) as export_part, unnest(?::bigint[]) as json_offset",
        [
            [part.element for part in parts],
            [part.export_part for part in parts],
            [layout.offsets[part.key] for part in parts],
        ],
    )
    return session.sql(
        "select plan.element, plan.export_part, plan.element_count, plan.latest_decided_at, plan.json_bytes,"
        " layout.json_offset, ? as json_file_bytes, plan.parquet_file, ? as export_buckets"
        " from graph_export_plan as plan"
        " inner join graph_export_layout as layout on plan.element = layout.element and plan.export_part = layout.export_part",
        params=[layout.file_bytes, buckets],
    )

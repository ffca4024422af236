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

This model plans the parts and runs DuckDB; the file logic (the JSON layout, the byte copies, the temporary files)
is the package python/drug_graph_export, tested apart (tests/python/test_export_layout.py).
"""

from pathlib import Path

from drug_graph_export.files import remove_leftovers, replacing
from drug_graph_export.layout import (
    Part,
    bucket_count,
    files_of_changed_parts,
    lay_out,
    previous_json_is_intact,
)
from drug_graph_export.splice import check_size, splice_json

# The two kinds of elements, in the order of the JSON file; `file_part` is the view's part holding them.
ELEMENTS = {
    "nodes": {
        "file_part": 1,
        "json_column": "node_json",
        "parquet_columns": "node_id, node_kind, node_json",
        "parquet_order": "node_id",
    },
    "edges": {
        "file_part": 3,
        "json_column": "edge_json",
        "parquet_columns": "source_node_id, target_node_id, edge_kind, edge_date, source_kind",
        "parquet_order": "source_node_id, target_node_id, edge_kind, edge_date, source_kind",
    },
}
DRUGS_AND_JOURNALS_FILE = "_drugs_and_journals.parquet"  # part 0; the buckets' files are part_<n>.parquet


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
    parts = plan_parts(session, tables, in_parts, files, previous_index(dbt, session, buckets), buckets)
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


def view(session, model_relation, name):
    """A short name for a referenced model in this session's SQL: a temporary view over it, gone with the session
    (the warehouse keeps no helper view)."""
    session.execute(f"create or replace temporary view {name} as {model_relation.sql_query()}")
    return name


def with_parts(session, element, table):
    """A temporary view of the nodes or edges with the export part of each (0 for those tied to no file)."""
    name = f"graph_export_{element}_in_parts"
    session.execute(
        f"create or replace temporary view {name} as"
        f" select elements.*, coalesce(file_parts.export_part, 0) as export_part"
        f" from {table} as elements"
        f" left join graph_export_file_parts as file_parts on elements.publication_file = file_parts.publication_file"
    )
    return name


def previous_index(dbt, session, buckets):
    """The index written by the last run, or None (first build, a table of another shape, or parts made with
    another number of buckets)."""
    this = dbt.this
    exists = session.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?",
        [this.database, this.schema, this.identifier],
    ).fetchone()[0]
    if not exists:
        return None
    columns = {row[0] for row in session.execute(f"describe {this!r}").fetchall()}
    wanted = {
        "element", "export_part", "element_count", "latest_decided_at", "json_bytes", "json_offset", "json_file_bytes",
        "export_buckets",
    }
    if not wanted <= columns:
        return None
    other_buckets = session.execute(f"select count(*) from {this!r} where export_buckets <> ?", [buckets]).fetchone()[0]
    return repr(this) if other_buckets == 0 else None


def plan_parts(session, tables, in_parts, files, previous, buckets):
    """The parts (`Part`s), in the order of the JSON file: whether the index already holds each (same element count
    and latest `decided_at`), and the bytes of its lines, measured again only for the parts that changed
    (measuring them all would read all the JSON); the plan, with the counts, stays in `graph_export_plan`. The elements are counted per raw file, then the
    files' counts per part: one pass over the tables, with no join."""
    selects = [
        f"select '{element}' as element, {spec['file_part']} as file_part, publication_file, decided_at"
        f" from {tables[element]}"
        for element, spec in ELEMENTS.items()
    ]
    previous_parts = previous or (
        "(select null::varchar as element, null::bigint as export_part, null::bigint as element_count,"
        " null::timestamptz as latest_decided_at, null::bigint as json_bytes, null::bigint as json_offset,"
        " null::bigint as json_file_bytes where false)"
    )
    width = len(str(buckets))
    session.execute(f"""
        create or replace temporary table graph_export_plan as
        with file_counts as (
            select element, file_part, publication_file, count(*) as element_count, max(decided_at) as latest_decided_at
            from ({' union all '.join(selects)})
            group by element, file_part, publication_file
        ),
        current_parts as (
            select
                file_counts.element,
                file_counts.file_part,
                coalesce(file_parts.export_part, 0) as export_part,
                cast(sum(file_counts.element_count) as bigint) as element_count,
                max(file_counts.latest_decided_at) as latest_decided_at
            from file_counts
            left join graph_export_file_parts as file_parts on file_counts.publication_file = file_parts.publication_file
            group by file_counts.element, file_counts.file_part, coalesce(file_parts.export_part, 0)
        ),
        compared as (
            select
                current_parts.*,
                coalesce(
                    current_parts.latest_decided_at = previous_parts.latest_decided_at
                    and current_parts.element_count = previous_parts.element_count,
                    false
                ) as unchanged,
                previous_parts.json_bytes as previous_json_bytes,
                previous_parts.json_offset as previous_json_offset,
                previous_parts.json_file_bytes as previous_json_file_bytes
            from current_parts
            left join {previous_parts} as previous_parts
                on current_parts.element = previous_parts.element
                and current_parts.export_part = previous_parts.export_part
        )
        select
            * exclude (previous_json_bytes),
            case when unchanged then previous_json_bytes end as json_bytes,
            case
                when export_part = 0 then '{DRUGS_AND_JOURNALS_FILE}'
                else 'part_' || lpad(cast(export_part as varchar), {width}, '0') || '.parquet'
            end as parquet_file
        from compared
    """)
    changed = [  # their bytes are measured next, from the lines of their files
        Part(element, export_part, json_bytes=0, unchanged=False)
        for element, export_part in session.execute(
            "select element, export_part from graph_export_plan where not unchanged"
        ).fetchall()
    ]
    measures = [
        f"select '{element}' as element, export_part, strlen({spec['json_column']}) + 2 as line_bytes"
        f" from {in_parts[element]}"
        f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
        for element, spec in ELEMENTS.items()
    ]
    session.execute(
        f"""
        update graph_export_plan set json_bytes = measured.json_bytes
        from (
            select element, export_part, sum(line_bytes) as json_bytes
            from ({' union all '.join(measures)})
            group by element, export_part
        ) as measured
        where graph_export_plan.element = measured.element and graph_export_plan.export_part = measured.export_part
        """,
        [files_of_changed_parts(changed, files, element) for element in ELEMENTS],
    )
    return [
        Part(*row)
        for row in session.execute(
            "select element, export_part, json_bytes, unchanged, previous_json_offset, previous_json_file_bytes,"
            " parquet_file from graph_export_plan order by file_part, export_part"
        ).fetchall()
    ]


def files_of_parts(session):
    """The raw files of each export part ('' stands for the elements tied to no file, part 0)."""
    files = {0: [""]}
    for file_name, export_part in session.execute(
        "select publication_file, export_part from graph_export_file_parts order by publication_file"
    ).fetchall():
        files.setdefault(export_part, []).append(file_name)
    return files


def write_changed_lines(session, in_parts, parts, files, path):
    """Writes at `path` the lines of the changed parts, in the order of the file, each ending with a comma."""
    selects = [
        f"select {spec['file_part']} as file_part, export_part, {spec['json_column']} || ',' as line_text"
        f" from {in_parts[element]}"
        f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
        for element, spec in ELEMENTS.items()
    ]
    session.execute(
        f"copy (select line_text from ({' union all '.join(selects)}) order by file_part, export_part, line_text)"
        f" to {literal(path)} (format csv, header false, quote '', escape '')",
        [files_of_changed_parts(parts, files, element) for element in ELEMENTS],
    )


def write_parquet_parts(session, in_parts, output_dir, parts, files):
    """Writes the Parquet files of the changed parts (and of any removed by hand); removes those of vanished parts.

    A part's rows are spread over the whole table (a part is a bucket of raw files, whose names are anywhere in
    the table's order): a query per part would read the table again each time. So the rows to write are first
    gathered, sorted by part, and each part is then read from its own blocks (docs/performance.md, "Lean
    Parquet" and "Parquet parts gathered")."""
    for element, spec in ELEMENTS.items():
        folder = output_dir / f"graph_{element}"
        folder.mkdir(exist_ok=True)
        element_parts = [part for part in parts if part.element == element]
        to_write = [p for p in element_parts if not (p.unchanged and (folder / p.parquet_file).exists())]
        if to_write:
            session.execute(
                f"create or replace temporary table graph_export_rows as"
                f" select export_part, {spec['parquet_columns']} from {in_parts[element]}"
                f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
                f" order by export_part, {spec['parquet_order']}",
                [[file_name for part in to_write for file_name in files.get(part.export_part, [])]],
            )
        for part in to_write:
            with replacing(folder / part.parquet_file) as temporary_path:
                session.execute(
                    f"copy (select {spec['parquet_columns']} from graph_export_rows where export_part = ?"
                    f" order by {spec['parquet_order']}) to {literal(temporary_path)} (format parquet, compression zstd)",
                    [part.export_part],
                )
        if to_write:
            session.execute("drop table graph_export_rows")
        wanted = {part.parquet_file for part in element_parts}
        for stale in folder.glob("*.parquet"):
            if stale.name not in wanted:
                stale.unlink()


def literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"

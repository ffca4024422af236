"""The export's parts, planned and written by DuckDB on the session of the dbt model
models/exports/graph_export_files.py (docs/exports.md): which parts of the previous files each run keeps, the
bytes of the parts it writes again, their lines and Parquet files. Nothing here holds rows: every statement runs
in DuckDB, on the model's temporary views and tables (gone with its session).
"""

from __future__ import annotations

from pathlib import Path

from drug_graph_export.files import replacing
from drug_graph_export.layout import Part, files_of_changed_parts

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


def previous_index(session, this, buckets):
    """The index written by the last run (`this`, the model's relation), or None (first build, a table of another
    shape, or parts made with another number of buckets)."""
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

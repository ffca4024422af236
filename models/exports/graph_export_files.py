"""Writes the graph's export files into OUTPUT_DIR and returns their index, one row per part of each.

- `drug_graph.json`: the graph in node-link form, one node or edge per line, exactly the lines of the
  `drug_graph_json` view in their order;
- `graph_nodes/` and `graph_edges/`: one Parquet file per part, for consumers too large for the JSON file.

A part holds the elements of the publications whose own row is in one raw file (`export_part` is that file's
name; '' for the drug and journal nodes; a drug -> journal edge goes with the first file of its publications).
A row the graph tables write carries the time of its run (`decided_at`), later than every row before, so a part
whose element count and latest `decided_at` are those of the index kept its elements. Those parts are not
written again: their lines are copied, as bytes, from the previous JSON file, and their Parquet files are kept.
A run that adds files writes only the new parts (and the few that changed) instead of the whole graph.

Nothing in Python holds rows: DuckDB writes every line and Parquet file, Python copies byte ranges of files.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The two kinds of elements, in the order of the JSON file; `file_part` is the view's part holding them.
ELEMENTS = {
    "nodes": {
        "file_part": 1,
        "json_column": "node_json",
        "parquet_columns": "node_id, node_kind, node_json",
        "parquet_order": "node_id",
        # A part's rows are spread over the whole table: a query per part would read the compressed JSON of all
        # of them again each time (20 s instead of 5 s for 200 parts at 37M publications), so the rows to write
        # are first gathered, sorted by part. The edges' Parquet columns are cheap to read again.
        "gather_first": True,
    },
    "edges": {
        "file_part": 3,
        "json_column": "edge_json",
        "parquet_columns": "source_node_id, target_node_id, edge_kind, edge_date, source_kind",
        "parquet_order": "source_node_id, target_node_id, edge_kind, edge_date, source_kind",
        "gather_first": False,
    },
}
DRUGS_AND_JOURNALS_FILE = "_drugs_and_journals.parquet"  # the '' part; raw file names end in .csv or .json


def model(dbt, session):
    dbt.config(materialized="table")
    output_dir = Path(dbt.config.get("output_dir")).resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "nodes": view(session, dbt.ref("graph_nodes"), "graph_export_nodes"),
        "edges": view(session, dbt.ref("graph_edges"), "graph_export_edges"),
    }
    lines = view(session, dbt.ref("drug_graph_json"), "graph_export_lines")

    parts = plan_parts(session, tables, previous_index(dbt, session))
    json_path = output_dir / "drug_graph.json"
    json_kept = previous_json_is_intact(json_path, parts)
    fixed_lines = [
        text.encode() + b"\n"
        for (text,) in session.execute(
            f"select line_text from {lines} where file_part in (0, 2, 4) order by file_part"
        ).fetchall()
    ]
    layout = lay_out(parts, fixed_lines)
    if json_kept and any(part["unchanged"] for part in parts):
        assemble_json(
            session, tables, json_path, parts, layout, fixed_lines,
            meanwhile=lambda: write_parquet_parts(session, tables, output_dir, parts),
        )
    else:
        # The lines are buffered before the sort: sorting the union of nodes and edges straight from the view ran
        # out of memory (DuckDB 2.0.1), while sorting the buffered lines spills.
        session.execute(
            f"copy (with buffered as materialized (select file_part, export_part, line_text from {lines})"
            f" select line_text from buffered order by file_part, export_part, line_text)"
            f" to {literal(temporary(json_path))} (format csv, header false, quote '', escape '')"
        )
        check_size(temporary(json_path), layout)
        os.replace(temporary(json_path), json_path)
        write_parquet_parts(session, tables, output_dir, parts)
    for earlier in ("graph_nodes.parquet", "graph_edges.parquet"):  # one file each in earlier versions: stale
        (output_dir / earlier).unlink(missing_ok=True)

    # one statement for all parts (an insert per part took 0.2 s for 400 parts)
    session.execute(
        "create or replace temporary table graph_export_layout as select"
        " unnest(?::varchar[]) as element, unnest(?::varchar[]) as export_part, unnest(?::bigint[]) as json_offset",
        [
            [part["element"] for part in parts],
            [part["export_part"] for part in parts],
            [layout["offsets"][key(part)] for part in parts],
        ],
    )
    return session.sql(
        "select plan.element, plan.export_part, plan.element_count, plan.latest_decided_at, plan.json_bytes,"
        " layout.json_offset, ? as json_file_bytes, plan.parquet_file"
        " from graph_export_plan as plan"
        " inner join graph_export_layout as layout on plan.element = layout.element and plan.export_part = layout.export_part",
        params=[layout["file_bytes"]],
    )


def view(session, model_relation, name):
    """A short name for a referenced model in this session's SQL: a temporary view over it, gone with the session
    (the warehouse keeps no helper view)."""
    session.execute(f"create or replace temporary view {name} as {model_relation.sql_query()}")
    return name


def previous_index(dbt, session):
    """The index written by the last run, or None (first build, or a table of another shape)."""
    this = dbt.this
    exists = session.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?",
        [this.database, this.schema, this.identifier],
    ).fetchone()[0]
    if not exists:
        return None
    columns = {row[0] for row in session.execute(f"describe {this!r}").fetchall()}
    wanted = {"element", "export_part", "element_count", "latest_decided_at", "json_bytes", "json_offset", "json_file_bytes"}
    return repr(this) if wanted <= columns else None


def plan_parts(session, tables, previous):
    """One dict per part, in the order of the JSON file: its counts, whether the index already holds it (same
    element count and latest `decided_at`), and the bytes of its lines, measured again only for the parts that
    changed (measuring them all would read all the JSON)."""
    selects = [
        f"select '{element}' as element, {spec['file_part']} as file_part,"
        f" coalesce(publication_file, '') as export_part, decided_at from {tables[element]}"
        for element, spec in ELEMENTS.items()
    ]
    previous_parts = previous or (
        "(select null::varchar as element, null::varchar as export_part, null::bigint as element_count,"
        " null::timestamptz as latest_decided_at, null::bigint as json_bytes, null::bigint as json_offset,"
        " null::bigint as json_file_bytes where false)"
    )
    session.execute(f"""
        create or replace temporary table graph_export_plan as
        with current_parts as (
            select element, file_part, export_part, count(*) as element_count, max(decided_at) as latest_decided_at
            from ({' union all '.join(selects)})
            group by element, file_part, export_part
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
                when export_part = '' then '{DRUGS_AND_JOURNALS_FILE}'
                else export_part || '.parquet'
            end as parquet_file
        from compared
    """)
    measures = [
        f"select '{element}' as element, coalesce(publication_file, '') as export_part,"
        f" strlen({spec['json_column']}) + 2 as line_bytes from {tables[element]}"
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
        [changed_parts(session, element) for element in ELEMENTS],
    )
    names = [column[0] for column in session.execute("select * from graph_export_plan limit 0").description]
    rows = session.execute(
        "select * exclude (latest_decided_at) from graph_export_plan order by file_part, export_part"
    ).fetchall()
    names.remove("latest_decided_at")
    return [dict(zip(names, row)) for row in rows]


def changed_parts(session, element):
    """The export parts of the nodes or edges that the plan found changed."""
    return [
        part
        for (part,) in session.execute(
            "select export_part from graph_export_plan where element = ? and not unchanged", [element]
        ).fetchall()
    ]


def key(part):
    return (part["element"], part["export_part"])


def previous_json_is_intact(json_path, parts):
    """Whether the JSON file is the one the index describes (its size): a file changed or removed by hand is
    written again whole."""
    sizes = {part["previous_json_file_bytes"] for part in parts if part["unchanged"]}
    return json_path.exists() and len(sizes) == 1 and json_path.stat().st_size == sizes.pop()


def lay_out(parts, fixed_lines):
    """Where each part's lines and each fixed line go in the JSON file, and its size. A part's lines take
    `json_bytes` (every line ends with a comma and a newline), but the last part of each kind of element has no
    comma on its last line."""
    offsets, last_parts, fixed_offsets, position = {}, set(), [0], len(fixed_lines[0])
    for index, element in enumerate(ELEMENTS):
        element_parts = [part for part in parts if part["element"] == element]
        for part in element_parts:
            offsets[key(part)] = position
            position += part["json_bytes"]
        if element_parts:
            last_parts.add(key(element_parts[-1]))
            position -= 1
        fixed_offsets.append(position)
        position += len(fixed_lines[index + 1])
    return {"offsets": offsets, "last_parts": last_parts, "fixed_offsets": fixed_offsets, "file_bytes": position}


def assemble_json(session, tables, json_path, parts, layout, fixed_lines, meanwhile):
    """Writes the file from the previous file's bytes and the changed parts' lines, each part at its place.

    A thread copies the unchanged parts (most of the file: 1.3 GB at 37M publications, in the kernel) while
    DuckDB writes the changed parts' lines, which are then copied in, and while `meanwhile` runs (the Parquet
    files).

    The new file gets its whole size on disk first: the blocks are then found once, not page by page as the
    copy goes, and renaming it over the previous file does not make the file system find them then (ext4
    does, for a file renamed over another: 0.5 s at 37M publications)."""
    changed_path = temporary(json_path.with_name(json_path.name + ".changed"))
    target = os.open(temporary(json_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    previous = os.open(json_path, os.O_RDONLY)
    changed_file = None
    try:
        preallocate(target, layout["file_bytes"])
        for text, offset in zip(fixed_lines, layout["fixed_offsets"]):
            os.pwrite(target, text, offset)
        with ThreadPoolExecutor(max_workers=1) as pool:
            unchanged = [(part, part["previous_json_offset"]) for part in parts if part["unchanged"]]
            copied = pool.submit(copy_previous_parts, previous, target, unchanged, layout)
            selects = [
                f"select {spec['file_part']} as file_part, coalesce(publication_file, '') as export_part,"
                f" {spec['json_column']} || ',' as line_text"
                f" from {tables[element]}"
                f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
                for element, spec in ELEMENTS.items()
            ]
            session.execute(
                f"copy (select line_text from ({' union all '.join(selects)}) order by file_part, export_part, line_text)"
                f" to {literal(changed_path)} (format csv, header false, quote '', escape '')",
                [changed_parts(session, element) for element in ELEMENTS],
            )
            changed_file = os.open(changed_path, os.O_RDONLY)
            changed, changed_offset = [], 0
            for part in parts:  # the changed lines are in the order of the file
                if not part["unchanged"]:
                    changed.append((part, changed_offset))
                    changed_offset += part["json_bytes"]
            copy_parts(changed_file, target, changed, layout)
            meanwhile()
            copied.result()
    except BaseException:
        os.close(previous)
        raise
    finally:
        for descriptor in (target, changed_file):
            if descriptor is not None:
                os.close(descriptor)
        changed_path.unlink(missing_ok=True)
    try:
        check_size(temporary(json_path), layout)
        os.replace(temporary(json_path), json_path)
    finally:
        # Closing the previous file frees its blocks once it is renamed over (0.2 s at 37M publications): left
        # to a thread, while dbt goes on.
        threading.Thread(target=os.close, args=(previous,), daemon=True).start()


def preallocate(descriptor, size):
    """Reserves `size` bytes on disk for the file, where the file system can."""
    try:
        os.posix_fallocate(descriptor, 0, size)
    except (AttributeError, OSError):  # not on this system or file system: the blocks are found as written
        pass


def copy_previous_parts(previous, target, parts, layout):
    """`copy_parts` from the previous file, whose pages leave the page cache as they are copied.

    The previous file is replaced next, so its cached pages serve no more; let go, they are the pages the new
    file's take. Otherwise the new file takes memory not used lately, which can cost much more: on the 2-core
    VM of the benchmark, copying 1.3 GB that way took 2.6-3.1 s of CPU, against 0.3-0.5 s with the pages let
    go. Dirty pages cannot leave the cache, so the file is written to disk first (it is already, unless the
    previous run ended seconds ago)."""
    releasing = hasattr(os, "posix_fadvise")  # not on macOS: a plain copy
    if releasing:
        try:
            os.fdatasync(previous)
        except OSError:  # a file system that cannot: a plain copy
            releasing = False
    for part, offset in parts:
        copy_parts(previous, target, [(part, offset)], layout)
        if releasing:
            os.posix_fadvise(previous, offset, part["json_bytes"], os.POSIX_FADV_DONTNEED)


def copy_parts(source, target, parts, layout):
    """Copies each part's lines from its offset in `source` to its place in `target`: without their last comma
    and newline, then ended as the place asks (no comma after the last part of its kind of element)."""
    for part, source_offset in parts:
        target_offset = layout["offsets"][key(part)]
        copy_range(source, target, source_offset, target_offset, part["json_bytes"] - 2)
        ending = b"\n" if key(part) in layout["last_parts"] else b",\n"
        os.pwrite(target, ending, target_offset + part["json_bytes"] - 2)


def copy_range(source, target, source_offset, target_offset, length):
    """Copies `length` bytes of `source` from `source_offset` to `target` at `target_offset`, inside the kernel
    where it can."""
    while length > 0:
        try:
            copied = os.copy_file_range(source, target, length, source_offset, target_offset)
        except OSError:  # file systems that cannot: copy through a buffer
            copied = os.pwrite(target, os.pread(source, min(length, 1 << 24), source_offset), target_offset)
        if copied == 0:
            raise RuntimeError(f"the previous export file ended before byte {source_offset + length}")
        source_offset += copied
        target_offset += copied
        length -= copied


def check_size(path, layout):
    """Stops the run when the JSON file written does not have the size its parts add up to."""
    if path.stat().st_size != layout["file_bytes"]:
        raise RuntimeError(
            f"{path}: {path.stat().st_size} bytes written, {layout['file_bytes']} expected from its parts"
        )


def write_parquet_parts(session, tables, output_dir, parts):
    """Writes the Parquet files of the changed parts (and of any removed by hand); removes those of vanished parts."""
    for element, spec in ELEMENTS.items():
        folder = output_dir / f"graph_{element}"
        folder.mkdir(exist_ok=True)
        element_parts = [part for part in parts if part["element"] == element]
        to_write = [p for p in element_parts if not (p["unchanged"] and (folder / p["parquet_file"]).exists())]
        source = tables[element]
        if to_write and spec["gather_first"]:
            session.execute(
                f"create or replace temporary table graph_export_rows as"
                f" select publication_file, {spec['parquet_columns']} from {source}"
                f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
                f" order by publication_file nulls first, {spec['parquet_order']}",
                [[part["export_part"] for part in to_write]],
            )
            source = "graph_export_rows"
        for part in to_write:
            path = folder / part["parquet_file"]
            where = "publication_file is null" if part["export_part"] == "" else "publication_file = ?"
            session.execute(
                f"copy (select {spec['parquet_columns']} from {source} where {where}"
                f" order by {spec['parquet_order']}) to {literal(temporary(path))} (format parquet, compression zstd)",
                [] if part["export_part"] == "" else [part["export_part"]],
            )
            os.replace(temporary(path), path)
        if source == "graph_export_rows":
            session.execute("drop table graph_export_rows")
        wanted = {part["parquet_file"] for part in element_parts}
        for stale in folder.glob("*.parquet"):
            if stale.name not in wanted:
                stale.unlink()


def temporary(path):
    return path.with_name(path.name + ".tmp")


def literal(path):
    return "'" + str(path).replace("'", "''") + "'"

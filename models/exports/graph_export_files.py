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
"""

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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
DRUGS_AND_JOURNALS_FILE = "_drugs_and_journals.parquet"  # part 0; the buckets' files are part_<n>.parquet
MAX_BUCKETS = 65536  # as macros/export_buckets.sql


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
    layout = lay_out(parts, fixed_lines)
    if json_kept and any(part["unchanged"] for part in parts):
        assemble_json(
            session, in_parts, json_path, parts, files, layout, fixed_lines,
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

    # one statement for all parts (an insert per part took 0.2 s for 400 parts)
    session.execute(
        "create or replace temporary table graph_export_layout as select"
        " unnest(?::varchar[]) as element, unnest(?::bigint[]) as export_part, unnest(?::bigint[]) as json_offset",
        [
            [part["element"] for part in parts],
            [part["export_part"] for part in parts],
            [layout["offsets"][key(part)] for part in parts],
        ],
    )
    return session.sql(
        "select plan.element, plan.export_part, plan.element_count, plan.latest_decided_at, plan.json_bytes,"
        " layout.json_offset, ? as json_file_bytes, plan.parquet_file, ? as export_buckets"
        " from graph_export_plan as plan"
        " inner join graph_export_layout as layout on plan.element = layout.element and plan.export_part = layout.export_part",
        params=[layout["file_bytes"], buckets],
    )


def bucket_count(value):
    """The `export_buckets` var, as macros/export_buckets.sql reads it: a whole number from 1 to MAX_BUCKETS."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= MAX_BUCKETS:
        raise ValueError(f"The var export_buckets must be a whole number from 1 to {MAX_BUCKETS}, not '{value}'")
    return int(text)


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
    """One dict per part, in the order of the JSON file: its counts, whether the index already holds it (same
    element count and latest `decided_at`), and the bytes of its lines, measured again only for the parts that
    changed (measuring them all would read all the JSON). The elements are counted per raw file, then the
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
    changed = [
        {"element": element, "export_part": export_part, "unchanged": False}
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
        [changed_files(changed, files, element) for element in ELEMENTS],
    )
    names = [column[0] for column in session.execute("select * from graph_export_plan limit 0").description]
    rows = session.execute(
        "select * exclude (latest_decided_at) from graph_export_plan order by file_part, export_part"
    ).fetchall()
    names.remove("latest_decided_at")
    return [dict(zip(names, row)) for row in rows]


def files_of_parts(session):
    """The raw files of each export part ('' stands for the elements tied to no file, part 0)."""
    files = {0: [""]}
    for file_name, export_part in session.execute(
        "select publication_file, export_part from graph_export_file_parts order by publication_file"
    ).fetchall():
        files.setdefault(export_part, []).append(file_name)
    return files


def changed_files(parts, files, element):
    """The raw files of the nodes' or edges' parts that the plan found changed ('' for part 0)."""
    return [
        file_name
        for part in parts
        if part["element"] == element and not part["unchanged"]
        for file_name in files.get(part["export_part"], [])
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


def assemble_json(session, in_parts, json_path, parts, files, layout, fixed_lines, meanwhile):
    """Writes the file from the previous file's bytes and the changed parts' lines, each part at its place.

    A thread copies the unchanged parts (most of the file: 1.3 GB at 37M publications, in the kernel) while
    DuckDB writes the changed parts' lines, which are then copied in, and while `meanwhile` runs (the Parquet
    files).

    The new file gets its whole size on disk first: the blocks are then found once, not page by page as the
    copy goes, and renaming it over the previous file does not make the file system find them then (ext4
    does, for a file renamed over another: 0.5 s at 37M publications)."""
    changed_path = temporary(json_path.with_name(json_path.name + ".changed"))
    previous = os.open(json_path, os.O_RDONLY)
    try:
        with replacing(json_path) as temporary_path:
            target = os.open(temporary_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            changed_file = None
            try:
                preallocate(target, layout["file_bytes"])
                for text, offset in zip(fixed_lines, layout["fixed_offsets"]):
                    os.pwrite(target, text, offset)
                with ThreadPoolExecutor(max_workers=1) as pool:
                    unchanged = [(part, part["previous_json_offset"]) for part in parts if part["unchanged"]]
                    copied = pool.submit(copy_previous_parts, previous, target, unchanged, layout)
                    selects = [
                        f"select {spec['file_part']} as file_part, export_part, {spec['json_column']} || ',' as line_text"
                        f" from {in_parts[element]}"
                        f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
                        for element, spec in ELEMENTS.items()
                    ]
                    with removed_after(changed_path):
                        session.execute(
                            f"copy (select line_text from ({' union all '.join(selects)})"
                            f" order by file_part, export_part, line_text)"
                            f" to {literal(changed_path)} (format csv, header false, quote '', escape '')",
                            [changed_files(parts, files, element) for element in ELEMENTS],
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
            finally:
                for descriptor in (target, changed_file):
                    if descriptor is not None:
                        os.close(descriptor)
            check_size(temporary_path, layout)
    except BaseException:
        os.close(previous)
        raise
    # Closing the previous file frees its blocks once it is renamed over (0.2 s at 37M publications): left to a
    # thread, while dbt goes on.
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


def write_parquet_parts(session, in_parts, output_dir, parts, files):
    """Writes the Parquet files of the changed parts (and of any removed by hand); removes those of vanished parts."""
    for element, spec in ELEMENTS.items():
        folder = output_dir / f"graph_{element}"
        folder.mkdir(exist_ok=True)
        element_parts = [part for part in parts if part["element"] == element]
        to_write = [p for p in element_parts if not (p["unchanged"] and (folder / p["parquet_file"]).exists())]
        source = in_parts[element]
        if to_write and spec["gather_first"]:
            session.execute(
                f"create or replace temporary table graph_export_rows as"
                f" select export_part, {spec['parquet_columns']} from {source}"
                f" where coalesce(publication_file, '') in (select unnest(?::varchar[]))"
                f" order by export_part, {spec['parquet_order']}",
                [[file_name for part in to_write for file_name in files.get(part["export_part"], [])]],
            )
            source = "graph_export_rows"
        for part in to_write:
            where, parameters = part_filter(part, files, gathered=source == "graph_export_rows")
            with replacing(folder / part["parquet_file"]) as temporary_path:
                session.execute(
                    f"copy (select {spec['parquet_columns']} from {source} where {where}"
                    f" order by {spec['parquet_order']}) to {literal(temporary_path)} (format parquet, compression zstd)",
                    parameters,
                )
        if source == "graph_export_rows":
            session.execute("drop table graph_export_rows")
        wanted = {part["parquet_file"] for part in element_parts}
        for stale in folder.glob("*.parquet"):
            if stale.name not in wanted:
                stale.unlink()


def part_filter(part, files, gathered):
    """The SQL condition (and its parameters) selecting a part's rows: its number in the gathered rows; in the
    table, its files as constants, which DuckDB checks against each block's smallest and largest value before
    reading the block (a join with the list would read the column whole for every part)."""
    if gathered:
        return "export_part = ?", [part["export_part"]]
    if part["export_part"] == 0:
        return "publication_file is null", []
    names = files[part["export_part"]]
    return f"publication_file in ({', '.join('?' for _ in names)})", names


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """The temporary path to write `path` at: renamed over `path` once the block ends, removed if it fails (a full
    disk: the space of a half-written file is given back before the error goes on)."""
    temporary_path = temporary(path)
    try:
        yield temporary_path
        os.replace(temporary_path, path)
    except BaseException:
        temporary_path.unlink(missing_ok=True)
        raise


@contextmanager
def removed_after(path: Path) -> Iterator[Path]:
    """`path`, removed when the block ends, whether it failed or not."""
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def remove_leftovers(output_dir: Path) -> None:
    """Removes the temporary files of a run killed while writing (a run that fails removes its own)."""
    for leftover in (
        *output_dir.glob("drug_graph.json*.tmp"),
        *output_dir.glob("graph_nodes/*.tmp"),
        *output_dir.glob("graph_edges/*.tmp"),
    ):
        leftover.unlink(missing_ok=True)


def temporary(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"

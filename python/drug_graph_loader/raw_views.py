"""The SQL of the raw views: the select behind each view over the read plans of registered files, and the views
of the registration batches (docs/loader.md, "Views").

A raw view gives the kind's columns as text, the file name (``source_file``), the row number in the file
(``source_row``) and ``load_issue`` (why the loader could not read the row as written: invalid_utf8,
too_many_fields, non_scalar_value, duplicate_key). Every file name and path enters the SQL through
``sql_text`` (quoted data, never SQL); a CSV file's columns are named by position (c0, c1 ...), so that header
names never reach SQL either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import Kind
from .sql_text import file_path_literal, quoted_identifier, sql_string

# A row with up to this many fields more than its header is read whole and flagged `too_many_fields`.
SPARE_CSV_COLUMNS = 8
UNION = "\nunion all\n"
BATCH_VIEW_INFIX = "__batch_"


@dataclass(frozen=True)
class ReadOptions:
    """The dbt vars that shape the reads: files under `group_max_bytes` are read together
    (var raw_file_group_max_bytes), one line or JSON object holds at most `max_line_bytes` (var
    max_csv_line_bytes)."""

    group_max_bytes: int = 1 << 20
    max_line_bytes: int = 1 << 24


def raw_file_select(plans: list[dict[str, Any]], kind: Kind, options: ReadOptions) -> str:
    """The select behind a raw view over `plans` (read plans of the kind's files, as raw.file_plans holds them).

    Named part "grouped reads of small files" (docs/performance.md): CSV files under `group_max_bytes` are read
    by one multi-file read per layout (delimiter, column count, positions) instead of one read each. A file
    read from a copy or a link is read alone: its name is not the one read. JSON files are read from the
    loader's newline-delimited copies in one read. No plan: a select of no row with the view's columns."""
    selects: list[str] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for plan in plans:
        if plan["read_format"] != "csv":
            continue
        if plan["size_bytes"] >= options.group_max_bytes or not plan["read_path"].endswith("/" + plan["source_file"]):
            selects.append(csv_select([plan], kind, options))
        else:
            layout = f"{plan['delimiter']}|{plan['column_count']}|{','.join(map(str, plan['positions']))}"
            groups.setdefault(layout, []).append(plan)
    selects.extend(csv_select(groups[layout], kind, options) for layout in sorted(groups))
    json_plans = [plan for plan in plans if plan["read_format"] == "ndjson"]
    if json_plans:
        selects.append(ndjson_select(json_plans, kind, options))
    return UNION.join(selects) if selects else empty_select(kind)


def empty_select(kind: Kind) -> str:
    """A select of no row with a raw view's columns (a kind without files)."""
    columns = "".join(f"    cast(null as varchar) as {quoted_identifier(column)},\n" for column in kind.columns)
    return (
        "select\n    cast(null as varchar) as source_file,\n    cast(null as bigint) as source_row,\n"
        f"{columns}    cast(null as varchar) as load_issue\nwhere false"
    )


def csv_select(plans: list[dict[str, Any]], kind: Kind, options: ReadOptions) -> str:
    """One RFC 4180 read of CSV files of one layout. Alone, a file's row number is the read's ordinality. Read
    together (parallel = false), files come one after the other and each file's rows in order, so a row's number
    is its ordinality less the first one of its file; the reconciliation test checks every file's rows run from
    1 to its count. SPARE_CSV_COLUMNS more columns than the header's catch rows with too many fields."""
    first = plans[0]
    width = first["column_count"] + SPARE_CSV_COLUMNS
    if len(plans) == 1:
        origin = (
            f"    {sql_string(first['source_file'])} as source_file,\n"
            "    cast(ordinality as bigint) as source_row,\n"
        )
    else:
        origin = (
            "    parse_filename(filename) as source_file,\n"
            "    cast(ordinality - min(ordinality) over (partition by filename) + 1 as bigint) as source_row,\n"
        )
    columns = "".join(
        f"    c{position} as {quoted_identifier(column)},\n" for column, position in zip(kind.columns, first["positions"])
    )
    invalid_utf8 = ""
    if first["is_repaired"]:
        all_fields = "concat_ws('', " + ", ".join(f"c{index}" for index in range(width)) + ")"
        invalid_utf8 = f"        when contains({all_fields}, chr(65533)) then 'invalid_utf8'\n"
    types = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(width))
    paths = ", ".join(file_path_literal(plan["read_path"]) for plan in plans)
    return (
        f"select\n{origin}{columns}"
        f"    case\n{invalid_utf8}        when c{first['column_count']} is not null then 'too_many_fields'\n"
        "    end as load_issue\n"
        f"from read_csv(\n    [{paths}],\n    columns = {{{types}}},\n"
        f"    delim = {sql_string(first['delimiter'])}, quote = '\"', escape = '\"', header = true,"
        " auto_detect = false,\n    null_padding = true, parallel = false, filename = true,\n"
        f"    max_line_size = {int(options.max_line_bytes)}\n) with ordinality"
    )


def ndjson_select(plans: list[dict[str, Any]], kind: Kind, options: ReadOptions) -> str:
    """The rows of JSON files, from the loader's newline-delimited copies (json_records)."""
    columns = "".join(f"    {quoted_identifier(column)},\n" for column in kind.columns)
    types = "".join(f" {sql_string(column)}: 'VARCHAR'," for column in kind.columns)
    paths = ", ".join(file_path_literal(plan["read_path"]) for plan in plans)
    return (
        f"select\n    source_file,\n    source_row,\n{columns}    load_issue\n"
        f"from read_json(\n    [{paths}],\n    format = 'newline_delimited',\n"
        f"    columns = {{'source_file': 'VARCHAR', 'source_row': 'BIGINT',{types} 'load_issue': 'VARCHAR'}},\n"
        f"    maximum_object_size = {int(options.max_line_bytes)}\n)"
    )


def batch_view_name(kind_table: str, batch: int) -> str:
    """The view of a kind's registration batch: raw.<kind>__batch_<n>."""
    return f"{kind_table}{BATCH_VIEW_INFIX}{int(batch)}"


def raw_view_statements(
    kinds: list[Kind],
    batches: list[dict[str, Any]],
    existing_views: list[str],
    missing_plans: list[dict[str, Any]],
    options: ReadOptions,
) -> list[str]:
    """Named part "raw views by registration batch" (docs/performance.md). The files a run registers form a
    batch with its own view, written once; raw.<kind> unions the kind's batch views. Given the registered
    (file_kind, batch) pairs, the batch views that exist, and the read plans of the batches whose view is
    missing (a run thus writes SQL for its new files only), the statements that make each missing batch view,
    make each raw.<kind> the union of its batch views (or an empty select), and drop the batch views no
    registered file is in any more."""
    statements = []
    existing = set(existing_views)
    for kind in kinds:
        numbers = sorted({int(row["batch"]) for row in batches if row["file_kind"] == kind.table})
        names = [batch_view_name(kind.table, number) for number in numbers]
        for number, name in zip(numbers, names):
            if name not in existing:
                plans = [p for p in missing_plans if p["file_kind"] == kind.table and int(p["batch"]) == number]
                statements.append(
                    f"create view raw.{quoted_identifier(name)} as\n{raw_file_select(plans, kind, options)}"
                )
        union = UNION.join(f"select * from raw.{quoted_identifier(name)}" for name in names) or empty_select(kind)
        statements.append(f"create or replace view raw.{quoted_identifier(kind.table)} as\n{union}")
        prefix = kind.table + BATCH_VIEW_INFIX
        statements.extend(
            f"drop view raw.{quoted_identifier(view)}"
            for view in sorted(existing) if view.startswith(prefix) and view not in names
        )
    return statements

{% test unique_file_rows(model, within_latest=none) %}
    {#- Fails with every (source_file, source_row) pair, a row number in a raw file, found on more than one row.
        within_latest: a time column (`loaded_at`, `decided_at`); only the rows whose time is the latest are
        tested, for incremental models that write a file's rows whole, in one run. Checked per file on DuckDB
        (repeated_file_rows). -#}
    {{ repeated_file_rows(model, latest_rows_filter(model, within_latest)) }}
{% endtest %}

{% macro repeated_file_rows(model, row_filter) %}
    {#- The (source_file, source_row) pairs found on more than one row of `model` among the rows passing
        `row_filter`, with their count. -#}
    {{ return(adapter.dispatch('repeated_file_rows', 'drug_graph')(model, row_filter)) }}
{%- endmacro %}

{% macro default__repeated_file_rows(model, row_filter) %}
    select
        source_file,
        source_row,
        count(*) as row_count
    from {{ model }}
    where {{ row_filter }}
    group by source_file, source_row
    having count(*) > 1
{%- endmacro %}

{% macro duckdb__repeated_file_rows(model, row_filter) %}
    {#- Per file first, with a bitmap of its row numbers: a file holds a repeat when it has more rows than
        distinct row numbers. Only those files are grouped row by row, instead of every pair (docs/performance.md,
        "Keys of (file, row) per file, with a bitmap"). The bitmap's bounds
        are the smallest and largest row numbers, found first. -#}
    {%- if not executing_tests() -%}
        {#- Compiling only: the same check, row by row, without reading the table for the bounds. -#}
        {{ return(default__repeated_file_rows(model, row_filter)) }}
    {%- endif -%}
    {%- set bounds = run_query(
        "select coalesce(min(source_row), 1), coalesce(max(source_row), 1) from " ~ model
    ).rows[0] -%}
    with

    tested_rows as {{ not_materialized() }} (
        select source_file, source_row
        from {{ model }}
        where {{ row_filter }}
    ),

    repeating_files as (
        select source_file
        from tested_rows
        group by source_file
        having count(*) <> bit_count(bitstring_agg(source_row, {{ bounds[0] }}, {{ bounds[1] }}))
    )

    select
        source_file,
        source_row,
        count(*) as row_count
    from tested_rows
    where source_file in (select source_file from repeating_files)
    group by source_file, source_row
    having count(*) > 1
{%- endmacro %}

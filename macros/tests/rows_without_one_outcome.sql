{% macro rows_without_one_outcome(raw_rows, outcomes) %}
    {#- The failures of a reconciliation: raw rows (file, row) read other than once or resolved other than
        once, from two selects of (source_file, source_row). -#}
    {{ return(adapter.dispatch('rows_without_one_outcome', 'drug_graph')(raw_rows, outcomes)) }}
{%- endmacro %}

{% macro default__rows_without_one_outcome(raw_rows, outcomes) %}
    {#- One aggregation over both sides, row by row. -#}
    with

    tallied as (
        select
            source_file,
            source_row,
            1 as raw_count,
            0 as outcome_count
        from ({{ raw_rows }}) as raw_rows
        union all
        select
            source_file,
            source_row,
            0 as raw_count,
            1 as outcome_count
        from ({{ outcomes }}) as outcomes
    )

    select
        source_file,
        source_row,
        sum(raw_count) as times_read,
        sum(outcome_count) as times_resolved
    from tallied
    group by source_file, source_row
    having sum(raw_count) <> 1 or sum(outcome_count) <> 1
{%- endmacro %}

{% macro duckdb__rows_without_one_outcome(raw_rows, outcomes) %}
    {#- Per file, with a bitmap of the rows resolved: an aggregation row by row over every key ran out of memory
        under 1 GB at PubMed scale (docs/performance.md, "Reconciliation per file, with a bitmap"). Staging
        tests that (file, row) is unique, so a file whose rows are numbered 1 to n has each of them once. Its
        outcomes are exactly those rows, once each, when there are n of them, all between 1 and n, and n
        distinct. The bitmap's width is the largest row number, found first. Fails with one row per file that
        differs. -#}
    {%- if not executing_tests() -%}
        {#- Compiling only: the same check, row by row, without reading the tables for the bitmap's width. -#}
        {{ return(default__rows_without_one_outcome(raw_rows, outcomes)) }}
    {%- endif -%}
    {%- set last_row = run_query("select coalesce(max(source_row), 1) from (" ~ raw_rows ~ ") as raw_rows")
        .columns[0].values()[0] -%}
    with

    raw_files as (
        select
            source_file,
            count(*) as raw_rows,
            min(source_row) as first_row,
            max(source_row) as last_row
        from ({{ raw_rows }}) as raw_rows
        group by source_file
    ),

    outcome_files as (
        select
            source_file,
            count(*) as outcome_rows,
            min(source_row) as first_row,
            max(source_row) as last_row,
            bit_count(
                bitstring_agg(source_row, 1, {{ last_row }}) filter (where source_row between 1 and {{ last_row }})
            ) as distinct_rows
        from ({{ outcomes }}) as outcomes
        group by source_file
    )

    select
        coalesce(raw_files.source_file, outcome_files.source_file) as source_file,
        raw_files.raw_rows,
        outcome_files.outcome_rows,
        outcome_files.distinct_rows
    from raw_files
    full outer join outcome_files
        on raw_files.source_file = outcome_files.source_file
    where
        raw_files.source_file is null
        or outcome_files.source_file is null
        or raw_files.first_row <> 1
        or raw_files.last_row <> raw_files.raw_rows
        or outcome_files.outcome_rows <> raw_files.raw_rows
        or outcome_files.distinct_rows <> raw_files.raw_rows
        or outcome_files.first_row < 1
        or outcome_files.last_row > raw_files.raw_rows
{%- endmacro %}

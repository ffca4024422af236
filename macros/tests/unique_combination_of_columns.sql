{% test unique_combination_of_columns(
    model, combination_of_columns, within_latest=none, keys_within_latest=none, narrow_by_hash=false,
    key_hash=none, row_filter='true'
) %}
    {#- Fails with every combination of the given columns found on more than one row.
        within_latest: a time column (`loaded_at`, `decided_at`); only the rows whose time is the latest are
        tested, for incremental models whose key cannot repeat across runs: a key holding the file (a file is
        loaded whole, by one run), or the unique key of a model whose runs replace every row holding a key they
        write. The rows written before were tested by their own run; a full build writes and tests every row.
        keys_within_latest: a time column; only the combinations found on the rows whose time is the latest
        are tested, counted over every row, for keys a run may write again on another row. Rows without a time
        count as the latest: the graph's drug and journal nodes, which every run writes. When every row has
        the same time (a full build), or the test is only compiled (executing_tests), every row is.
        key_hash: with keys_within_latest, a column of the model holding a 64-bit hash of the columns (see
        fast_hash): the rows sharing a hash with a latest row are found on that one integer (rows_with_key_in),
        then grouped on the values. Give the rows to test in `row_filter` (SQL on the model's columns) rather
        than dbt's `where`, which makes the model a subquery that DuckDB cannot read by rowid.
        narrow_by_hash: group first on a 64-bit hash of the columns, then on the values of the rows whose hash
        repeats: for long keys (the millions of lines of the JSON graph under 1 GB), and faster on text keys.
        A key of exactly (source_file, source_row), a row number in a file, goes to repeated_file_rows, which
        checks it per file on DuckDB. -#}
    {%- set columns = combination_of_columns | join(', ') %}
    {#- The filter starts with `true`: on Spark, `from t where (…)` reads `where` as an alias of t. #}
    {%- set latest_filter = "true" ~ (" and (" ~ row_filter ~ ")" if row_filter != 'true' else "") ~ (
        " and " ~ within_latest ~ " = (select max(" ~ within_latest ~ ") from " ~ model ~ ")" if within_latest else ""
    ) %}
    {%- set latest = latest_time_literal(model, keys_within_latest) if keys_within_latest else none %}
    {%- if latest %}
    with

    tested_rows as {{ not_materialized() }} (
        select {{ columns }}, {{ keys_within_latest }} as written_at{{ ", " ~ key_hash if key_hash }}
        from {{ model }}
        where {{ row_filter }}
    ),

    {%- if key_hash %}

    latest_hashes as (
        select distinct {{ key_hash }}
        from tested_rows
        where written_at = {{ latest }} or written_at is null
    )

    select
        {{ columns }},
        count(*) as row_count
    from {{ rows_with_key_in(model, key_hash, 'latest_hashes', row_filter) }} as keyed_rows
    group by {{ columns }}
    having count(*) > 1
    {%- else %}

    latest_keys as (
        select distinct {{ columns }}
        from tested_rows
        where written_at = {{ latest }} or written_at is null
    )

    {#- A semi-join (`exists`), not an inner join: DuckDB counted every row before joining the counts. #}
    select
        {{ columns }},
        count(*) as row_count
    from tested_rows
    where exists (
        select 1
        from latest_keys
        where
        {%- for column in combination_of_columns %}
            {{ "and " if not loop.first }}tested_rows.{{ column }} = latest_keys.{{ column }}
        {%- endfor %}
    )
    group by {{ columns }}
    having count(*) > 1
    {%- endif %}
    {%- elif combination_of_columns == ['source_file', 'source_row'] %}
    {{ repeated_file_rows(model, latest_filter) }}
    {%- else %}
    {%- if narrow_by_hash %}
    with

    repeated_hashes as (
        select {{ fast_hash(combination_of_columns) }} as key_hash
        from {{ model }}
        where {{ latest_filter }}
        group by {{ fast_hash(combination_of_columns) }}
        having count(*) > 1
    )

    {% endif %}
    select
        {{ columns }},
        count(*) as row_count
    from {{ model }}
    where
        {{ latest_filter }}
        {%- if narrow_by_hash %}
        and {{ fast_hash(combination_of_columns) }} in (select key_hash from repeated_hashes)
        {%- endif %}
    group by {{ columns }}
    having count(*) > 1
    {%- endif %}
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
        distinct row numbers. Only those files are grouped row by row. At PubMed scale (37M rows) this takes
        0.2 s where grouping every pair took 4 s, and more when two such tests ran at once. The bitmap's bounds
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

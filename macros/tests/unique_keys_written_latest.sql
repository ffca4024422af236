{% test unique_keys_written_latest(
    model, combination_of_columns, written_at, key_hash=none, narrow_by_hash=false, row_filter='true'
) %}
    {#- Fails with every combination of the given columns found on more than one row, among the combinations
        of the rows the latest run wrote, counted over every row: for incremental models whose runs may write a
        key again on another row. written_at: the time column (`decided_at`); rows without a time count as the
        latest (the graph's drug and journal nodes, which every run writes). When every row has the same time (a
        full build), or the test is only compiled (executing_tests), every row is tested (repeated_combinations,
        narrowed by hash when narrow_by_hash). key_hash: a column of the model holding a 64-bit hash of the
        columns (see fast_hash): the rows sharing a hash with a latest row are found on that one integer
        (rows_with_key_in), then grouped on the values. row_filter: the rows to test, as SQL on the model's
        columns, rather than dbt's `where`, which makes the model a subquery that DuckDB cannot read by rowid. -#}
    {%- set columns = combination_of_columns | join(', ') %}
    {%- set latest = latest_incremental_time(model, written_at) %}
    {%- if not latest %}
    {{ repeated_combinations(
        model, combination_of_columns, "true" ~ (" and (" ~ row_filter ~ ")" if row_filter != 'true' else ""), narrow_by_hash
    ) }}
    {%- else %}
    with

    tested_rows as {{ not_materialized() }} (
        select {{ columns }}, {{ written_at }} as written_at{{ ", " ~ key_hash if key_hash }}
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
    {%- endif %}
{% endtest %}

{% test unique_combination_of_columns(model, combination_of_columns, within_latest=none) %}
    {#- Fails with every combination of the given columns found on more than one row. within_latest: a time
        column (`loaded_at`, `decided_at`); only the rows whose time is the latest are tested, for incremental
        models whose key cannot repeat across runs (the unique key of a model whose runs replace every row
        holding a key they write): the rows written before were tested by their own run; a full build writes
        and tests every row. For a row number in a file, see unique_file_rows; for keys a run may write again
        on another row, unique_keys_written_latest. -#}
    {{ repeated_combinations(model, combination_of_columns, latest_rows_filter(model, within_latest)) }}
{% endtest %}

{% macro latest_rows_filter(model, within_latest) %}
    {#- The condition keeping the rows of `model` whose `within_latest` time is the latest; `true` (every row)
        when within_latest is none. It starts with `true`: on Spark, `from t where (…)` reads `where` as an alias
        of t. -#}
    {{- return("true" ~ (
        " and " ~ within_latest ~ " = (select max(" ~ within_latest ~ ") from " ~ model ~ ")" if within_latest else ""
    )) -}}
{%- endmacro %}

{% macro repeated_combinations(model, combination_of_columns, row_filter, narrow_by_hash=false) %}
    {#- The combinations of the columns found on more than one row of `model` among the rows passing
        `row_filter`, with their count. narrow_by_hash: group first on a 64-bit hash of the columns (fast_hash),
        then on the values of the rows whose hash repeats: for long keys (the millions of lines of the JSON graph
        under 1 GB), and faster on text keys. -#}
    {%- set columns = combination_of_columns | join(', ') %}
    {%- if narrow_by_hash %}
    with

    repeated_hashes as (
        select {{ fast_hash(combination_of_columns) }} as key_hash
        from {{ model }}
        where {{ row_filter }}
        group by {{ fast_hash(combination_of_columns) }}
        having count(*) > 1
    )

    {% endif %}
    select
        {{ columns }},
        count(*) as row_count
    from {{ model }}
    where
        {{ row_filter }}
        {%- if narrow_by_hash %}
        and {{ fast_hash(combination_of_columns) }} in (select key_hash from repeated_hashes)
        {%- endif %}
    group by {{ columns }}
    having count(*) > 1
{%- endmacro %}

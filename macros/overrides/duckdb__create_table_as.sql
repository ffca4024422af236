{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none) -%}
    {#- dbt-duckdb's create table, overridden for two cases; every other table is created by dbt-duckdb's own
        macro.
        - The new rows of an append-only incremental model: a temporary view, which the insert into the model's
          table reads once, instead of a temporary table written and read again (docs/performance.md,
          "New rows of an append model through a temporary view").
        - A column compression chosen in the model's config: `meta: {column_compression: {title: zstd}}`.
          DuckDB picks a compression per column as it writes; for text that is mostly unique (titles, ids,
          JSON) its default (dictionary + FSST) costs more CPU than zstd, for a larger file. Text read again
          and again is better uncompressed (the staged titles are read four times by a full build). Figures:
          docs/performance.md, "Writing tables". A `create table as` cannot name a column's compression, so
          such a table is created from the query's columns, then filled. -#}
    {%- if temporary and language == 'sql' and config.get('incremental_strategy') == 'append' -%}
        {%- set view_sql -%}
            {%- if config.get('contract').enforced %}{{ get_assert_columns_equivalent(compiled_code) }}{% endif %}
            create temporary view {{ relation.include(database=false, schema=false) }} as (
                {{ compiled_code }}
            );
        {%- endset -%}
        {{ return(view_sql) }}
    {%- endif -%}
    {%- set column_compression = (config.get('meta') or {}).get('column_compression') -%}
    {%- if temporary or language != 'sql' or not column_compression -%}
        {{ return(dbt.duckdb__create_table_as(
            temporary, relation, compiled_code, language, partitioned_by=partitioned_by, sorted_by=sorted_by
        )) }}
    {%- endif -%}
    {%- if config.get('contract').enforced or partitioned_by or sorted_by -%}
        {{ exceptions.raise_compiler_error(
            "column_compression of " ~ relation ~ ": not made for contracts, partitioned_by or sorted_by."
        ) }}
    {%- endif -%}
    {%- set columns = run_query("describe select * from (" ~ compiled_code ~ ") as model_subq").rows -%}
    {%- set unknown = column_compression.keys() | reject('in', columns | map(attribute=0) | list) | list -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error(
            "column_compression of " ~ relation ~ " names no column of the model: " ~ unknown | join(', ')
        ) }}
    {%- endif -%}
    {%- set definitions = [] -%}
    {%- for column in columns -%}
        {%- set compression = column_compression.get(column[0]) -%}
        {%- do definitions.append(
            adapter.quote(column[0]) ~ " " ~ column[1] ~ (" using compression " ~ compression if compression else "")
        ) -%}
    {%- endfor -%}
    {%- set sql_header = config.get('sql_header', none) -%}
    {{ sql_header if sql_header is not none }}
    create table {{ relation }} ({{ definitions | join(', ') }});
    insert into {{ relation }}
    select * from (
        {{ compiled_code }}
    ) as model_subq;
{%- endmacro %}

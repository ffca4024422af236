{% macro write_parquet_file(relation, columns, order_by, path) %}
    {#- Writes columns of a relation, sorted, as a Parquet file (for consumers too large for the JSON graph). -#}
    {{ return(adapter.dispatch('write_parquet_file', 'drug_graph')(relation, columns, order_by, path)) }}
{%- endmacro %}

{% macro default__write_parquet_file(relation, columns, order_by, path) %}
    {#- Warehouses keep the relation; export it with the platform's own tool (EXPORT DATA on BigQuery). -#}
    select 1
{%- endmacro %}

{% macro duckdb__write_parquet_file(relation, columns, order_by, path) %}
    copy (
        select {{ columns | join(', ') }} from {{ relation }}
        order by {{ order_by | join(', ') }}
    ) to {{ dbt.string_literal(path) }} (format parquet, compression zstd)
{%- endmacro %}

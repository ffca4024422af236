{% macro not_materialized() %}
    {#- Marks a CTE that several parts of a query read as one to compute again for each, not to buffer: DuckDB
        2.0 buffers such a CTE whole, and on tens of millions of rows with their titles that spills gigabytes
        to disk (docs/performance.md, "CTEs not materialized"). Nothing on engines that never buffer CTEs. -#}
    {{ return(adapter.dispatch('not_materialized', 'drug_graph')()) }}
{%- endmacro %}

{% macro default__not_materialized() %}{% endmacro %}

{% macro duckdb__not_materialized() %}not materialized{% endmacro %}

{% macro write_lines_file(relation, path) %}
    {#- Writes the `line_text` column of a relation, ordered by (file_part, line_text), as a text file. -#}
    {{ return(adapter.dispatch('write_lines_file', 'drug_graph')(relation, path)) }}
{%- endmacro %}

{% macro default__write_lines_file(relation, path) %}
    {#- Warehouses keep the relation; export it with the platform's own tool (EXPORT DATA on BigQuery). -#}
    select 1
{%- endmacro %}

{% macro duckdb__write_lines_file(relation, path) %}
    {#- The lines are buffered before the sort: sorting the union of nodes and edges straight from the view ran
        out of memory under a 1 GB limit (DuckDB 2.0.1), while sorting the buffered lines spills; as fast at 2 GB. -#}
    copy (
        with lines as materialized (
            select file_part, line_text from {{ relation }}
        )
        select line_text from lines
        order by file_part, line_text
    ) to {{ dbt.string_literal(path) }} (format csv, header false, quote '', escape '')
{%- endmacro %}

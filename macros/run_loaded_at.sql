{% macro run_loaded_at() %}
    {#- The time this dbt run started (UTC), as a timestamp literal: stamps the rows a run loads, so that the
        models downstream take only the rows loaded after their own latest. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}+00:00' as {{ loaded_at_type() }})
{%- endmacro %}

{% macro loaded_at_type() %}
    {#- The type of `loaded_at`: an instant (TIMESTAMP on BigQuery and Spark, TIMESTAMPTZ on DuckDB, whose
        TIMESTAMP is a local date-time). -#}
    {{ return(adapter.dispatch('loaded_at_type', 'drug_graph')()) }}
{%- endmacro %}

{% macro default__loaded_at_type() %}timestamp{% endmacro %}

{% macro duckdb__loaded_at_type() %}timestamptz{% endmacro %}

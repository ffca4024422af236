{% macro is_incremental() %}
    {#- dbt's is_incremental(), but false where dbt may not query the warehouse (`dbt compile --no-introspect`,
        as in the offline BigQuery check): there, models compile as on their first run. -#}
    {%- if not flags.INTROSPECT -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(dbt.is_incremental()) }}
{% endmacro %}

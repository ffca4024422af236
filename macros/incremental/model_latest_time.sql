{% macro model_latest_time(relation, column='loaded_at') %}
    {#- The model's latest time: on an incremental run, the latest `column` (`loaded_at` or `decided_at`) of
        `relation` (the model being built), how far it is up to date, as a SQL literal; none otherwise, and when
        `relation` has no row yet. Stops the run when `relation` lacks the column (a table built by an earlier
        version). -#}
    {%- if not (is_incremental() and execute) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- do require_columns(relation, [column]) -%}
    {%- set latest = run_query(
        "select cast(max(" ~ column ~ ") as " ~ dbt.type_string() ~ ") from " ~ relation
    ).columns[0].values()[0] -%}
    {{ return(none if latest is none else time_literal(latest)) }}
{%- endmacro %}

{% macro time_literal(text) %}
    {#- A time written as text, as a SQL literal of the type of `loaded_at`. -#}
    {{ return("cast(" ~ sql_string(text) ~ " as " ~ loaded_at_type() ~ ")") }}
{%- endmacro %}

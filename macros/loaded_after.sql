{% macro loaded_after(relation) %}
    {#- On an incremental run, a filter keeping the rows loaded after the latest row already in `relation`
        (the model being built), as a literal so that the scan skips the older row groups; `true` otherwise. -#}
    {%- if is_incremental() and execute -%}
        {%- set latest = run_query("select cast(max(loaded_at) as " ~ dbt.type_string() ~ ") from " ~ relation).columns[0].values()[0] -%}
        {%- if latest is none -%}
            true
        {%- else -%}
            loaded_at > cast({{ dbt.string_literal(latest) }} as {{ loaded_at_type() }})
        {%- endif -%}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

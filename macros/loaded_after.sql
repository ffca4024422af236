{% macro loaded_after(relation, column='loaded_at') %}
    {#- On an incremental run, a filter keeping the rows loaded (or, with column='decided_at', decided) after
        the latest row already in `relation` (the model being built), as a literal so that the scan skips the
        older row groups; `true` otherwise, and when `relation` has no such row yet. Stops the run when
        `relation` lacks the column (a table built by an earlier version). -#}
    {%- if is_incremental() and execute -%}
        {%- do require_columns(relation, [column]) -%}
        {%- set latest = run_query(
            "select cast(max(" ~ column ~ ") as " ~ dbt.type_string() ~ ") from " ~ relation
        ).columns[0].values()[0] -%}
        {%- if latest is none -%}
            true
        {%- else -%}
            {{ column }} > cast({{ dbt.string_literal(latest) }} as {{ loaded_at_type() }})
        {%- endif -%}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

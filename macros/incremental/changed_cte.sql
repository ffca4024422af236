{#- What a model reads of what changed, in its body, without `{% if is_incremental() %}` (docs/architecture.md,
    "The incremental contract"): a CTE listing the changed keys, which only an incremental run has, and the filter
    keeping the rows whose key it lists, `true` on a full build (which reads every row). -#}

{% macro changed_cte(name, query) %}
    {#- `name as (query),` on an incremental run (`query`: one of the "changed" macros, such as
        changed_raw_files); nothing on a full build. -#}
    {%- if is_incremental() %}
{{ name }} as (

    {{ query }}

),
    {%- endif %}
{%- endmacro %}

{% macro in_changed(column, changed) %}
    {#- On an incremental run, the filter keeping the rows whose `column` the CTE `changed` (changed_cte) lists;
        `true` on a full build. -#}
    {{ return(
        column ~ " in (select " ~ changed ~ "." ~ column ~ " from " ~ changed ~ ")" if is_incremental() else "true"
    ) }}
{%- endmacro %}

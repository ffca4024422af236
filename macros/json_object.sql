{% macro json_object(pairs) %}
    {#- A JSON object text from (key, SQL expression) pairs, keys in the given order; nulls are written as null. -#}
    {{ return(adapter.dispatch('json_object', 'drug_graph')(pairs)) }}
{%- endmacro %}

{% macro default__json_object(pairs) %}
    to_json_string(struct(
        {%- for key, expression in pairs %}
        {{ expression }} as {{ key }}{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{% macro duckdb__json_object(pairs) %}
    cast(json_object(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ "," if not loop.last }}
        {%- endfor %}
    ) as varchar)
{%- endmacro %}

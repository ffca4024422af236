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

{% macro postgres__json_object(pairs) %}
    {#- Written piece by piece: json_build_object puts spaces around the colons, jsonb reorders the keys.
        to_json quotes and escapes each value (every value here is a text); a null gives null. -#}
    concat(
        '{',
        {%- for key, expression in pairs %}
        '{{ "," if not loop.first }}"{{ key }}":', coalesce(cast(to_json(cast({{ expression }} as text)) as text), 'null'),
        {%- endfor %}
        '}'
    )
{%- endmacro %}

{% macro snowflake__json_object(pairs) %}
    {#- object_construct_keep_null keeps the null values (object_construct drops them). -#}
    to_json(object_construct_keep_null(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{% macro redshift__json_object(pairs) %}
    {#- A SUPER object serialized; Redshift's object() keeps the given key order. -#}
    json_serialize(object(
        {%- for key, expression in pairs %}
        '{{ key }}', {{ expression }}{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}

{% macro spark__json_object(pairs) %}
    {#- to_json drops null fields unless ignoreNullFields is false; keys keep the given order. -#}
    to_json(
        named_struct(
            {%- for key, expression in pairs %}
            '{{ key }}', {{ expression }}{{ "," if not loop.last }}
            {%- endfor %}
        ),
        map('ignoreNullFields', 'false')
    )
{%- endmacro %}

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

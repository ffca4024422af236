{% macro max_title_length() %}
    {#- The longest title a publication row may have, in characters: the var `max_title_length` (dbt_project.yml,
        20000 by default). A longer title is rejected as `title_too_long`. The var is data, never SQL: anything
        but a whole number of at least 1 stops the run with an error naming the var and its value. -#}
    {%- set value = var('max_title_length', 20000) -%}
    {%- set text = value | string | trim -%}
    {%- if value is boolean or not modules.re.fullmatch('[0-9]{1,9}', text) or text | int < 1 -%}
        {{ exceptions.raise_compiler_error(
            "The var max_title_length must be a whole number of characters from 1 to 999999999, not "
            ~ tojson(value | string)
        ) }}
    {%- endif -%}
    {{ return(text | int) }}
{%- endmacro %}

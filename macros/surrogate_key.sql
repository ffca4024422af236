{% macro surrogate_key(expressions) %}
    {#- A deterministic 16-hex-digit key from a list of SQL expressions (nulls and '' hash alike). -#}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    substring({{ dbt.hash(dbt.concat(parts)) }}, 1, 16)
{%- endmacro %}

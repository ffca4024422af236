{% macro regexp_replace_all(text, pattern, replacement) %}
    {#- Replaces every match of a regular expression (RE2 syntax). -#}
    {{ return(adapter.dispatch('regexp_replace_all', 'drug_graph')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(text, pattern, replacement) %}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regexp_replace_all(text, pattern, replacement) %}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

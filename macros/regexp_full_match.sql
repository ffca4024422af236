{% macro regexp_full_match(text, pattern) %}
    {#- True when the whole text matches a regular expression (RE2 syntax). -#}
    {{ return(adapter.dispatch('regexp_full_match', 'drug_graph')(text, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(text, pattern) %}
    regexp_contains({{ text }}, concat('^(?:', {{ pattern }}, ')$'))
{%- endmacro %}

{% macro duckdb__regexp_full_match(text, pattern) %}
    regexp_full_match({{ text }}, {{ pattern }})
{%- endmacro %}

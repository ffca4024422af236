{% macro regexp_contains(text, pattern) %}
    {#- True when a regular expression (RE2 syntax) matches somewhere in the text. -#}
    {{ return(adapter.dispatch('regexp_contains', 'drug_graph')(text, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(text, pattern) %}
    regexp_contains({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regexp_contains(text, pattern) %}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

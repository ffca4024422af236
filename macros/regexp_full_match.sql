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

{% macro postgres__regexp_full_match(text, pattern) %}
    {#- `~` finds a match anywhere, so the pattern is anchored. -#}
    ({{ text }} ~ ('^(?:' || {{ regex_literal(pattern) }} || ')$'))
{%- endmacro %}

{% macro redshift__regexp_full_match(text, pattern) %}
    {#- `~` finds a match anywhere, so the pattern is anchored (Redshift's POSIX syntax has no `(?:`). -#}
    ({{ text }} ~ ('^(' || {{ regex_literal(pattern) }} || ')$'))
{%- endmacro %}

{% macro snowflake__regexp_full_match(text, pattern) %}
    {#- Snowflake's regexp_like matches the whole text (it anchors the pattern itself). -#}
    regexp_like({{ text }}, {{ regex_literal(pattern) }})
{%- endmacro %}

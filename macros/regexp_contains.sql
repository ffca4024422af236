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

{% macro postgres__regexp_contains(text, pattern) %}
    {#- PostgreSQL's `~` finds a match anywhere (ARE syntax; the pattern rewritten by regex_literal). -#}
    ({{ text }} ~ {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro redshift__regexp_contains(text, pattern) %}
    {#- Redshift's `~` finds a match anywhere (POSIX syntax; the pattern rewritten by regex_literal). -#}
    ({{ text }} ~ {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro snowflake__regexp_contains(text, pattern) %}
    {#- Snowflake's regexp_like matches the whole text; regexp_instr finds a match anywhere. -#}
    (regexp_instr({{ text }}, {{ regex_literal(pattern) }}) > 0)
{%- endmacro %}

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

{% macro postgres__regexp_replace_all(text, pattern, replacement) %}
    {#- The 'g' flag replaces every match (ARE syntax; the pattern rewritten by regex_literal). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro redshift__regexp_replace_all(text, pattern, replacement) %}
    {#- Redshift's regexp_replace replaces every match (POSIX syntax). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

{% macro snowflake__regexp_replace_all(text, pattern, replacement) %}
    {#- Snowflake's regexp_replace replaces every match (POSIX syntax, pattern dollar-quoted). -#}
    regexp_replace({{ text }}, {{ regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

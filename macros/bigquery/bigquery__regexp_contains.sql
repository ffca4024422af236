{% macro bigquery__regexp_contains(text, pattern) %}
    {#- BigQuery's regexp_contains (RE2), the pattern passed as a raw string. -#}
    regexp_contains({{ text }}, {{ bigquery__regex_literal(pattern) }})
{%- endmacro %}

{% macro bigquery__regexp_replace_all(text, pattern, replacement) %}
    {#- BigQuery's regexp_replace replaces every match (RE2); the pattern is passed as a raw string. -#}
    regexp_replace({{ text }}, {{ bigquery__regex_literal(pattern) }}, {{ replacement }})
{%- endmacro %}

{% macro bigquery__regexp_full_match(text, pattern) %}
    {#- regexp_contains finds a match anywhere, so the pattern is anchored; passed as a raw string. -#}
    regexp_contains({{ text }}, concat('^(?:', {{ bigquery__regex_literal(pattern) }}, ')$'))
{%- endmacro %}

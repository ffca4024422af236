{% macro bigquery__regex_literal(pattern) %}
    {#- A pattern written as a standard SQL literal ('[\s]+', where a backslash is a backslash) as a BigQuery raw
        string (r'[\s]+'): in BigQuery's plain literals the backslash escapes. Other expressions are returned as
        they are. -#}
    {%- if pattern is string and pattern.startswith("'") and pattern.endswith("'") and '\\' in pattern -%}
        {{ return('r' ~ pattern) }}
    {%- endif -%}
    {{ return(pattern) }}
{%- endmacro %}

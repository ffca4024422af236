{% macro spark__regexp_replace_all(text, pattern, replacement) %}
    {#- Spark's regexp_replace replaces every match (Java regex). The profile sets
        spark.sql.parser.escapedStringLiterals, so a pattern literal reaches the regex engine as written. -#}
    regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

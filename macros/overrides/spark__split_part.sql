{% macro spark__split_part(string_text, delimiter_text, part_number) %}
    {#- Overrides dbt-spark's version, whose '\\' literal assumes backslash-escaping string literals: Spark's own
        split_part takes the delimiter as plain text (Spark 3.3+). -#}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}

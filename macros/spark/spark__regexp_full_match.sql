{% macro spark__regexp_full_match(text, pattern) %}
    {#- True when the whole text matches: Spark's rlike finds a match anywhere, so the pattern is anchored. -#}
    {{ text }} rlike concat('^(?:', {{ pattern }}, ')$')
{%- endmacro %}
